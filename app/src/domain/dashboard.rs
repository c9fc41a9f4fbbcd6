//! The overview dashboard's rules: the red/amber/green bands of the unit ranking, the unit
//! levels it can be narrowed to, and changes between two dates. Pure.

use serde::{Deserialize, Serialize};

use super::UnitKind;

/// The colour band of a unit's on-time rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// At or above the green threshold.
    Green,
    /// At or above the amber threshold, below green.
    Amber,
    /// Below the amber threshold.
    Red,
    /// Nothing due or done yet: no rate.
    None,
}

impl Band {
    /// The stable string used in CSS classes and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Green => "green",
            Band::Amber => "amber",
            Band::Red => "red",
            Band::None => "none",
        }
    }

    /// The translation key of the band's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Band::Green => "dash.band_green",
            Band::Amber => "dash.band_amber",
            Band::Red => "dash.band_red",
            Band::None => "dash.band_none",
        }
    }
}

/// The thresholds (on-time rate, percent) of the bands, set by the PAR office.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands {
    /// Green from this rate.
    pub green: u8,
    /// Amber from this rate (below: red).
    pub amber: u8,
}

impl Default for Bands {
    fn default() -> Self {
        Bands {
            green: 80,
            amber: 50,
        }
    }
}

impl Bands {
    /// Checks the thresholds: each 0-100, amber below green. The message key of the first
    /// broken rule, with the field.
    pub fn problem(&self) -> Option<(&'static str, &'static str)> {
        if self.green > 100 {
            return Some(("green", "err.band_range"));
        }
        if self.amber > 100 {
            return Some(("amber", "err.band_range"));
        }
        if self.amber >= self.green {
            return Some(("amber", "err.band_order"));
        }
        None
    }

    /// The band of a rate (None: no rate).
    pub fn of(&self, rate: Option<f64>) -> Band {
        match rate {
            None => Band::None,
            Some(r) if r >= f64::from(self.green) => Band::Green,
            Some(r) if r >= f64::from(self.amber) => Band::Amber,
            Some(_) => Band::Red,
        }
    }

    /// The stored form, "green,amber".
    pub fn to_setting(self) -> String {
        format!("{},{}", self.green, self.amber)
    }

    /// Reads the stored form; malformed or inconsistent values give the defaults.
    pub fn from_setting(s: &str) -> Bands {
        let mut parts = s.split(',').map(|p| p.trim().parse::<u8>());
        match (parts.next(), parts.next(), parts.next()) {
            (Some(Ok(green)), Some(Ok(amber)), None) => {
                let b = Bands { green, amber };
                if b.problem().is_none() {
                    b
                } else {
                    Bands::default()
                }
            }
            _ => Bands::default(),
        }
    }
}

/// The units a dashboard covers, by the level of the lead unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    /// Every unit.
    #[default]
    All,
    /// Departments, agencies and the committee's office (provincial level).
    Provincial,
    /// Communes, wards, special zones (and former districts).
    Local,
}

impl UnitLevel {
    /// Every level, in the picker's order.
    pub const ALL: [UnitLevel; 3] = [UnitLevel::All, UnitLevel::Provincial, UnitLevel::Local];

    /// The stable string used in URLs ("" for all).
    pub fn as_str(self) -> &'static str {
        match self {
            UnitLevel::All => "",
            UnitLevel::Provincial => "provincial",
            UnitLevel::Local => "local",
        }
    }

    /// Parses the URL form; anything else is "all".
    pub fn parse(s: &str) -> UnitLevel {
        match s.trim() {
            "provincial" => UnitLevel::Provincial,
            "local" => UnitLevel::Local,
            _ => UnitLevel::All,
        }
    }

    /// The translation key of the level's name.
    pub fn label_key(self) -> &'static str {
        match self {
            UnitLevel::All => "dash.level_all",
            UnitLevel::Provincial => "dash.level_provincial",
            UnitLevel::Local => "dash.level_local",
        }
    }

    /// `Some(true)` for local units only, `Some(false)` for provincial ones, `None` for all.
    pub fn local(self) -> Option<bool> {
        match self {
            UnitLevel::All => None,
            UnitLevel::Provincial => Some(false),
            UnitLevel::Local => Some(true),
        }
    }

    /// Whether a unit of `kind` is covered.
    pub fn covers(self, kind: UnitKind) -> bool {
        self.local().is_none_or(|local| kind.is_local() == local)
    }
}

/// The change of a rate (percentage points) between the previous date and now, when both are
/// known.
pub fn change(now: Option<f64>, before: Option<f64>) -> Option<f64> {
    Some(now? - before?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_split_at_the_thresholds_inclusive() {
        let b = Bands {
            green: 80,
            amber: 50,
        };
        assert_eq!(b.of(Some(100.0)), Band::Green);
        assert_eq!(b.of(Some(80.0)), Band::Green);
        assert_eq!(b.of(Some(79.99)), Band::Amber);
        assert_eq!(b.of(Some(50.0)), Band::Amber);
        assert_eq!(b.of(Some(49.9)), Band::Red);
        assert_eq!(b.of(Some(0.0)), Band::Red);
        assert_eq!(b.of(None), Band::None);
    }

    #[test]
    fn thresholds_must_be_percentages_with_amber_below_green() {
        assert_eq!(Bands::default().problem(), None);
        let bad = |green, amber| Bands { green, amber }.problem().map(|p| p.1);
        assert_eq!(bad(101, 50), Some("err.band_range"));
        assert_eq!(bad(80, 101), Some("err.band_range"));
        assert_eq!(bad(60, 60), Some("err.band_order"));
        assert_eq!(bad(50, 70), Some("err.band_order"));
        assert_eq!(bad(1, 0), None);
    }

    #[test]
    fn stored_thresholds_round_trip_and_bad_ones_fall_back() {
        let b = Bands {
            green: 90,
            amber: 40,
        };
        assert_eq!(Bands::from_setting(&b.to_setting()), b);
        for bad in ["", "90", "90,95", "x,1", "90,40,1", "300,1"] {
            assert_eq!(Bands::from_setting(bad), Bands::default(), "{bad}");
        }
    }

    #[test]
    fn levels_cover_their_units() {
        assert!(UnitLevel::All.covers(UnitKind::Commune));
        assert!(UnitLevel::Local.covers(UnitKind::Ward));
        assert!(!UnitLevel::Local.covers(UnitKind::Department));
        assert!(UnitLevel::Provincial.covers(UnitKind::Agency));
        assert!(!UnitLevel::Provincial.covers(UnitKind::SpecialZone));
        for l in UnitLevel::ALL {
            assert_eq!(UnitLevel::parse(l.as_str()), l);
        }
        assert_eq!(UnitLevel::parse("nonsense"), UnitLevel::All);
    }

    #[test]
    fn change_needs_both_rates() {
        assert_eq!(change(Some(60.0), Some(45.0)), Some(15.0));
        assert_eq!(change(Some(60.0), None), None);
        assert_eq!(change(None, Some(1.0)), None);
    }
}
