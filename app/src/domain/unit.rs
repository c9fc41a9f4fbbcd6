//! Units: departments, agencies, communes ... versioned by validity dates with successors,
//! because units merge and split (districts were abolished on 1/7/2025).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::UnitId;

/// What kind of body a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(32))"
    )
)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// UBND tỉnh.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "people_committee"))]
    PeopleCommittee,
    /// Văn phòng UBND tỉnh.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "committee_office"))]
    CommitteeOffice,
    /// Sở.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "department"))]
    Department,
    /// Ban, ngành, cơ quan ngang sở.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "agency"))]
    Agency,
    /// UBND huyện, thị xã, thành phố (before 1/7/2025).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "district"))]
    District,
    /// UBND xã.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "commune"))]
    Commune,
    /// UBND phường.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "ward"))]
    Ward,
    /// UBND đặc khu.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "special_zone"))]
    SpecialZone,
}

impl UnitKind {
    /// Every kind, in display order.
    pub const ALL: [UnitKind; 8] = [
        UnitKind::PeopleCommittee,
        UnitKind::CommitteeOffice,
        UnitKind::Department,
        UnitKind::Agency,
        UnitKind::District,
        UnitKind::Commune,
        UnitKind::Ward,
        UnitKind::SpecialZone,
    ];

    /// The stable string stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::PeopleCommittee => "people_committee",
            UnitKind::CommitteeOffice => "committee_office",
            UnitKind::Department => "department",
            UnitKind::Agency => "agency",
            UnitKind::District => "district",
            UnitKind::Commune => "commune",
            UnitKind::Ward => "ward",
            UnitKind::SpecialZone => "special_zone",
        }
    }

    /// Parses the stable string form.
    pub fn parse(s: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The translation key of the kind's name.
    pub fn label_key(self) -> &'static str {
        match self {
            UnitKind::PeopleCommittee => "unit_kind.people_committee",
            UnitKind::CommitteeOffice => "unit_kind.committee_office",
            UnitKind::Department => "unit_kind.department",
            UnitKind::Agency => "unit_kind.agency",
            UnitKind::District => "unit_kind.district",
            UnitKind::Commune => "unit_kind.commune",
            UnitKind::Ward => "unit_kind.ward",
            UnitKind::SpecialZone => "unit_kind.special_zone",
        }
    }

    /// The group the kind belongs to: the one place kinds are grouped (task creation "for
    /// every department", the import's group phrases, the dashboard's levels, the document
    /// issuer).
    pub fn group(self) -> UnitGroup {
        match self {
            UnitKind::Department | UnitKind::Agency => UnitGroup::Department,
            UnitKind::District | UnitKind::Commune | UnitKind::Ward | UnitKind::SpecialZone => {
                UnitGroup::Commune
            }
            UnitKind::PeopleCommittee | UnitKind::CommitteeOffice => UnitGroup::Other,
        }
    }

    /// Local-level units (communes, wards, special zones, and the former districts).
    pub fn is_local(self) -> bool {
        self.group() == UnitGroup::Commune
    }

    /// Departments and agencies of the province.
    pub fn is_department(self) -> bool {
        self.group() == UnitGroup::Department
    }

    /// The kinds of `group`.
    pub fn of_group(group: UnitGroup) -> impl Iterator<Item = UnitKind> {
        UnitKind::ALL
            .into_iter()
            .filter(move |k| k.group() == group)
    }
}

/// Which family of units a unit (or a group phrase) belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitGroup {
    /// Departments and agencies of the province ("các sở, ban, ngành").
    Department,
    /// Communes, wards, special zones and (former) districts ("UBND các xã, phường").
    Commune,
    /// Anything else (e.g. the police, the army command).
    Other,
}

/// A unit's short code, e.g. `STP` or `XA-TANPHU`: 2 to 32 capital letters, digits, `-` or `_`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UnitCode(String);

impl UnitCode {
    /// Parses a code; lower-case letters are raised, surrounding spaces dropped.
    pub fn parse(raw: &str) -> Result<UnitCode, &'static str> {
        let code = raw.trim().to_ascii_uppercase();
        if code.len() < 2 || code.len() > 32 {
            return Err("err.unit_code_length");
        }
        if !code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            return Err("err.unit_code_chars");
        }
        Ok(UnitCode(code))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A unit's validity: from a date, and until a date once retired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    /// First day the unit exists.
    pub from: NaiveDate,
    /// Last day the unit exists, once retired.
    pub to: Option<NaiveDate>,
}

impl Validity {
    /// Whether the unit exists on `day`.
    pub fn contains(&self, day: NaiveDate) -> bool {
        day >= self.from && self.to.is_none_or(|to| day <= to)
    }
}

/// What is needed to check a retirement against the successor chosen.
#[derive(Clone, Copy, Debug)]
pub struct SuccessorView {
    /// The successor's id.
    pub id: UnitId,
    /// The successor's validity.
    pub validity: Validity,
}

/// Checks a retirement: the last day must not precede the first, the successor must not be the
/// unit itself and must exist the day after the retirement. Returns a translation key on error.
pub fn check_retirement(
    unit: UnitId,
    validity: Validity,
    last_day: NaiveDate,
    successor: Option<SuccessorView>,
) -> Result<(), (&'static str, &'static str)> {
    if validity.to.is_some() {
        return Err(("valid_to", "err.unit_already_retired"));
    }
    if last_day < validity.from {
        return Err(("valid_to", "err.unit_retire_before_start"));
    }
    if let Some(s) = successor {
        if s.id == unit {
            return Err(("successor_id", "err.unit_successor_self"));
        }
        let next_day = last_day.succ_opt().unwrap_or(last_day);
        if !s.validity.contains(next_day) {
            return Err(("successor_id", "err.unit_successor_not_valid"));
        }
    }
    Ok(())
}

/// The unit that carries on the work of `start` today: follows `next` (the unit that took over
/// from a retired one) until a unit has none. The one forward walk of successor chains; a loop
/// in bad data stops at the last unit before it repeats.
pub fn last_successor<Id: Copy + PartialEq>(start: Id, next: impl Fn(Id) -> Option<Id>) -> Id {
    let mut seen = vec![start];
    let mut current = start;
    while let Some(n) = next(current) {
        if seen.contains(&n) {
            break;
        }
        seen.push(n);
        current = n;
    }
    current
}

/// `start` and every unit whose successor chain leads to it (`links`: each unit and the unit
/// that took over from it): the units a successor acts for. The one backward walk.
pub fn predecessors<Id: Copy + PartialEq>(start: Id, links: &[(Id, Option<Id>)]) -> Vec<Id> {
    let mut result = vec![start];
    let mut i = 0;
    while i < result.len() {
        let current = result[i];
        for (id, successor) in links {
            if *successor == Some(current) && !result.contains(id) {
                result.push(*id);
            }
        }
        i += 1;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn unit_codes_are_normalised_and_checked() {
        assert_eq!(UnitCode::parse(" stp ").map(|c| c.0), Ok("STP".to_string()));
        assert_eq!(
            UnitCode::parse("XA-TAN_PHU2").map(|c| c.0),
            Ok("XA-TAN_PHU2".into())
        );
        assert_eq!(UnitCode::parse("S"), Err("err.unit_code_length"));
        assert_eq!(
            UnitCode::parse(&"A".repeat(33)),
            Err("err.unit_code_length")
        );
        assert_eq!(UnitCode::parse("SỞ TP"), Err("err.unit_code_chars"));
    }

    #[test]
    fn validity_includes_both_ends() {
        let v = Validity {
            from: d(2020, 1, 1),
            to: Some(d(2025, 6, 30)),
        };
        assert!(v.contains(d(2020, 1, 1)));
        assert!(v.contains(d(2025, 6, 30)));
        assert!(!v.contains(d(2025, 7, 1)));
        assert!(!v.contains(d(2019, 12, 31)));
        let open = Validity {
            from: d(2025, 7, 1),
            to: None,
        };
        assert!(open.contains(d(2099, 1, 1)));
    }

    #[test]
    fn retirement_needs_a_successor_that_exists_the_next_day() {
        let district = Validity {
            from: d(2000, 1, 1),
            to: None,
        };
        let commune = SuccessorView {
            id: UnitId(2),
            validity: Validity {
                from: d(2025, 7, 1),
                to: None,
            },
        };
        assert_eq!(
            check_retirement(UnitId(1), district, d(2025, 6, 30), Some(commune)),
            Ok(())
        );
        assert_eq!(
            check_retirement(UnitId(1), district, d(2025, 5, 30), Some(commune)),
            Err(("successor_id", "err.unit_successor_not_valid"))
        );
        let itself = SuccessorView {
            id: UnitId(1),
            validity: district,
        };
        assert_eq!(
            check_retirement(UnitId(1), district, d(2025, 6, 30), Some(itself)),
            Err(("successor_id", "err.unit_successor_self"))
        );
        assert_eq!(
            check_retirement(UnitId(1), district, d(1999, 6, 30), None),
            Err(("valid_to", "err.unit_retire_before_start"))
        );
        let retired = Validity {
            from: d(2000, 1, 1),
            to: Some(d(2025, 6, 30)),
        };
        assert_eq!(
            check_retirement(UnitId(1), retired, d(2025, 6, 30), None),
            Err(("valid_to", "err.unit_already_retired"))
        );
    }

    #[test]
    fn successor_chains_are_followed_to_the_unit_of_today_and_loops_stop() {
        let next: HashMap<i32, i32> = HashMap::from([(1, 2), (2, 3)]);
        assert_eq!(last_successor(1, |u| next.get(&u).copied()), 3);
        assert_eq!(last_successor(3, |u| next.get(&u).copied()), 3);
        let looped: HashMap<i32, i32> = HashMap::from([(1, 2), (2, 3), (3, 1)]);
        assert_eq!(last_successor(1, |u| looped.get(&u).copied()), 3);
    }

    #[test]
    fn a_successor_acts_for_its_predecessors_transitively_and_cycles_do_not_loop() {
        let links = [
            (1, Some(2)),
            (2, Some(3)),
            (4, Some(3)),
            (5, None),
            (3, None),
        ];
        let mut got = predecessors(3, &links);
        got.sort_unstable();
        assert_eq!(got, vec![1, 2, 3, 4]);
        assert_eq!(predecessors(5, &links), vec![5]);
        let cycle = [(1, Some(2)), (2, Some(1))];
        let mut got = predecessors(1, &cycle);
        got.sort_unstable();
        assert_eq!(got, vec![1, 2]);
    }
}

/// Who leads a new task, as the task form chooses: one unit, or every current unit of a group
/// (one task each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeadChoice {
    /// This unit.
    Unit(crate::domain::UnitId),
    /// Every current unit of the group.
    EveryUnitOf(UnitGroup),
}

impl LeadChoice {
    /// Every department and agency, as the form sends it.
    pub const ALL_DEPARTMENTS: &'static str = "all_departments";
    /// Every commune, ward and special zone, as the form sends it.
    pub const ALL_COMMUNES: &'static str = "all_communes";

    /// Parses the form's value: a unit id or one of the group values. `None` when empty or
    /// unreadable.
    pub fn parse(raw: &str) -> Option<LeadChoice> {
        match raw.trim() {
            Self::ALL_DEPARTMENTS => Some(LeadChoice::EveryUnitOf(UnitGroup::Department)),
            Self::ALL_COMMUNES => Some(LeadChoice::EveryUnitOf(UnitGroup::Commune)),
            other => other
                .parse::<i32>()
                .ok()
                .map(|id| LeadChoice::Unit(crate::domain::UnitId(id))),
        }
    }
}
