//! Data shapes shared by the server and the browser (what server functions return).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Role, UnitId, UnitKind, UserId};
use crate::i18n::Lang;

/// The logged-in user as the UI sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUserView {
    /// Account id.
    pub id: UserId,
    /// Login name.
    pub username: String,
    /// Display name.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// The user's unit, if any.
    pub unit_id: Option<UnitId>,
    /// The unit's name, if any.
    pub unit_name: Option<String>,
    /// Unread notifications (the bell's count).
    pub unread: u64,
}

/// A demo account shown on the log-in page in demo mode only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemoAccount {
    /// Login name. (The demo password is never sent: the run command prints it.)
    pub username: String,
    /// Role.
    pub role: Role,
    /// Person's name.
    pub full_name: String,
    /// Unit's name.
    pub unit_name: String,
}

/// What every page needs: who is logged in, the language, the form token, demo mode.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// The user, when logged in.
    pub user: Option<CurrentUserView>,
    /// The UI language.
    pub lang: Lang,
    /// The anti-forgery token to put in forms (empty when logged out).
    pub csrf: String,
    /// Whether a session cookie was sent but the session has expired.
    pub expired: bool,
    /// Demo accounts, present only in demo mode.
    pub demo_accounts: Vec<DemoAccount>,
    /// The province as the top of every page names it ("Tỉnh Bắc Ninh"); empty until set.
    #[serde(default)]
    pub province: String,
}

/// A unit as listed and edited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitView {
    /// Id.
    pub id: UnitId,
    /// Short code.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Short name for tables.
    pub short_name: String,
    /// Kind.
    pub kind: UnitKind,
    /// Parent unit, if any.
    pub parent_id: Option<UnitId>,
    /// First valid day.
    pub valid_from: NaiveDate,
    /// Last valid day once retired.
    pub valid_to: Option<NaiveDate>,
    /// Successor once retired.
    pub successor_id: Option<UnitId>,
    /// Successor's name (for display).
    pub successor_name: Option<String>,
    /// Number of users in the unit.
    pub user_count: u64,
    /// The issuer's code in a document number ("STP" in "08/BC-STP").
    pub doc_symbol: String,
    /// The place name of its documents' date line (empty: the province's).
    pub place: String,
    /// The people who sign its documents, the default first (read on the unit's page only).
    pub signers: Vec<SignerView>,
}

/// A person who signs a unit's documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignerView {
    /// Id.
    pub id: i32,
    /// Full name, printed in bold under the signature.
    pub full_name: String,
    /// The title above the name: "PHÓ GIÁM ĐỐC".
    pub title: String,
    /// The lines above the title when signing for someone ("KT. GIÁM ĐỐC"), one per line.
    pub on_behalf: String,
    /// Chosen unless another is asked for.
    pub is_default: bool,
}

impl SignerView {
    /// The signing block's lines above the signature, in capitals: "KT. GIÁM ĐỐC" over
    /// "PHÓ GIÁM ĐỐC".
    pub fn block_lines(&self) -> Vec<String> {
        self.on_behalf
            .lines()
            .chain(std::iter::once(self.title.as_str()))
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_uppercase)
            .collect()
    }

    /// How a choice lists it: "Trần Văn Bình – KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC".
    pub fn label(&self) -> String {
        format!("{} – {}", self.full_name, self.block_lines().join(" / "))
    }
}

/// A signer as typed in the unit page's form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignerInput {
    /// Full name.
    pub full_name: String,
    /// Title.
    pub title: String,
    /// Signing for whom, one line each.
    pub on_behalf: String,
    /// "on" to make it the default.
    pub is_default: String,
}

impl UnitView {
    /// Whether the unit is still in existence (not retired).
    pub fn is_current(&self) -> bool {
        self.valid_to.is_none()
    }
}

/// A user account as listed and edited by admins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserView {
    /// Id.
    pub id: UserId,
    /// Login name.
    pub username: String,
    /// Display name.
    pub full_name: String,
    /// E-mail, if any.
    pub email: Option<String>,
    /// Role.
    pub role: Role,
    /// Unit, if any.
    pub unit_id: Option<UnitId>,
    /// Unit's name, if any.
    pub unit_name: Option<String>,
    /// Whether the account may log in.
    pub active: bool,
    /// Last successful log-in.
    pub last_login_at: Option<DateTime<Utc>>,
}

/// What a leader is in charge of (the user page of a leader's account).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LeaderScopes {
    /// Every reform area, to choose from.
    pub areas: Vec<crate::model::plan::AreaView>,
    /// The areas the leader is in charge of.
    pub chosen_areas: Vec<crate::domain::AreaId>,
    /// The units the leader is in charge of.
    pub chosen_units: Vec<UnitId>,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditView {
    /// Id.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (user name, or "system").
    pub actor: String,
    /// What was done, e.g. `unit.create`.
    pub action: String,
    /// The kind of object.
    pub object_type: String,
    /// The object's id.
    pub object_id: Option<String>,
    /// JSON before the change.
    pub before: Option<String>,
    /// JSON after the change.
    pub after: Option<String>,
}

/// A page of audit entries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    /// The entries, newest first.
    pub entries: Vec<AuditView>,
    /// Total number of entries matching the filter.
    pub total: u64,
    /// Page number, from 1.
    pub page: u64,
    /// Entries per page.
    pub per_page: u64,
}

/// The fields of the unit form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitInput {
    /// Short code.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Kind (stable string).
    pub kind: String,
    /// Parent unit id, or "".
    pub parent_id: String,
    /// First valid day (yyyy-mm-dd or dd/mm/yyyy).
    pub valid_from: String,
    /// The issuer's code in document numbers.
    pub doc_symbol: String,
    /// The place name of its documents' date line.
    pub place: String,
}

/// The fields of the user form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserInput {
    /// Login name (ignored on edit).
    pub username: String,
    /// Display name.
    pub full_name: String,
    /// E-mail or "".
    pub email: String,
    /// Role (stable string).
    pub role: String,
    /// Unit id or "".
    pub unit_id: String,
}

pub mod dashboard;
pub mod direction;
pub mod home;
pub mod plan;
pub mod reminder;
pub mod report;
pub mod settings;
