//! The demo province: a fictional "tỉnh Sơn Hà" with the real post-2025 structure — merged
//! departments, about twenty communes and wards, and the districts retired on 30/6/2025 with
//! their successors — and one demo account per role.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};

mod plans;
mod reports;
pub mod scale;

use crate::domain::{Password, Role, UnitId, UnitKind, Username};
use crate::entities::{unit, unit_signer, user};
use crate::error::AppError;
use crate::model::DemoAccount;
use crate::services::accounts::users::{insert, NewUser};
use crate::services::audit::Actor;
use crate::services::settings;

/// The password of every demo account (shown on the log-in page in demo mode only).
pub const DEMO_PASSWORD: &str = "cchc2025";

/// The province's name.
pub const PROVINCE: &str = "Sơn Hà";

struct DemoUnit {
    code: &'static str,
    name: &'static str,
    short_name: &'static str,
    kind: UnitKind,
    from: (i32, u32, u32),
    to: Option<(i32, u32, u32)>,
    successor: Option<&'static str>,
}

/// A unit in service since `from`.
const fn since(
    code: &'static str,
    name: &'static str,
    short_name: &'static str,
    kind: UnitKind,
    from: (i32, u32, u32),
) -> DemoUnit {
    DemoUnit {
        code,
        name,
        short_name,
        kind,
        from,
        to: None,
        successor: None,
    }
}

/// A unit in service since before the demo's history.
const fn u(
    code: &'static str,
    name: &'static str,
    short_name: &'static str,
    kind: UnitKind,
) -> DemoUnit {
    since(code, name, short_name, kind, (2008, 1, 1))
}

/// A department made by the 2025 mergers.
const fn merged(code: &'static str, name: &'static str, short_name: &'static str) -> DemoUnit {
    since(code, name, short_name, UnitKind::Department, (2025, 3, 1))
}

/// A commune or ward of the two-level local government (from July 2025).
const fn local(
    code: &'static str,
    name: &'static str,
    short_name: &'static str,
    kind: UnitKind,
) -> DemoUnit {
    since(code, name, short_name, kind, (2025, 7, 1))
}

const fn retired(
    code: &'static str,
    name: &'static str,
    short_name: &'static str,
    kind: UnitKind,
    to: (i32, u32, u32),
    successor: &'static str,
) -> DemoUnit {
    DemoUnit {
        code,
        name,
        short_name,
        kind,
        from: (2008, 1, 1),
        to: Some(to),
        successor: Some(successor),
    }
}

use UnitKind::{
    Agency, CommitteeOffice, Commune, Department, District, PeopleCommittee, SpecialZone, Ward,
};

const BEFORE_MERGER: (i32, u32, u32) = (2025, 2, 28);
const BEFORE_TWO_LEVELS: (i32, u32, u32) = (2025, 6, 30);

fn units() -> Vec<DemoUnit> {
    vec![
        u(
            "UBND",
            "Ủy ban nhân dân tỉnh Sơn Hà",
            "UBND tỉnh",
            PeopleCommittee,
        ),
        u(
            "VPUBND",
            "Văn phòng Ủy ban nhân dân tỉnh",
            "Văn phòng UBND tỉnh",
            CommitteeOffice,
        ),
        u("SNV", "Sở Nội vụ", "Sở Nội vụ", Department),
        merged("STC", "Sở Tài chính", "Sở Tài chính"),
        merged("SXD", "Sở Xây dựng", "Sở Xây dựng"),
        merged("SNNMT", "Sở Nông nghiệp và Môi trường", "Sở NN&MT"),
        merged("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
        u("STP", "Sở Tư pháp", "Sở Tư pháp", Department),
        u("SCT", "Sở Công Thương", "Sở Công Thương", Department),
        u(
            "SVHTTDL",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Sở VH-TT&DL",
            Department,
        ),
        u("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", Department),
        u("SYT", "Sở Y tế", "Sở Y tế", Department),
        merged("SDTTG", "Sở Dân tộc và Tôn giáo", "Sở DT&TG"),
        u("TTT", "Thanh tra tỉnh", "Thanh tra tỉnh", Agency),
        u(
            "BQLKCN",
            "Ban Quản lý các khu công nghiệp tỉnh",
            "Ban QL các KCN",
            Agency,
        ),
        // Departments merged on 1/3/2025.
        retired(
            "SKHDT",
            "Sở Kế hoạch và Đầu tư",
            "Sở KH&ĐT",
            Department,
            BEFORE_MERGER,
            "STC",
        ),
        retired(
            "SGTVT",
            "Sở Giao thông vận tải",
            "Sở GTVT",
            Department,
            BEFORE_MERGER,
            "SXD",
        ),
        retired(
            "STTTT",
            "Sở Thông tin và Truyền thông",
            "Sở TT&TT",
            Department,
            BEFORE_MERGER,
            "SKHCN",
        ),
        retired(
            "SLDTBXH",
            "Sở Lao động - Thương binh và Xã hội",
            "Sở LĐ-TB&XH",
            Department,
            BEFORE_MERGER,
            "SNV",
        ),
        retired(
            "STNMT",
            "Sở Tài nguyên và Môi trường",
            "Sở TN&MT",
            Department,
            BEFORE_MERGER,
            "SNNMT",
        ),
        retired(
            "SNNPTNT",
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Sở NN&PTNT",
            Department,
            BEFORE_MERGER,
            "SNNMT",
        ),
        // Communes and wards of the two-level local government (from 1/7/2025).
        local(
            "P-SONHA",
            "Ủy ban nhân dân phường Sơn Hà",
            "Phường Sơn Hà",
            Ward,
        ),
        local(
            "P-HATHANH",
            "Ủy ban nhân dân phường Hà Thanh",
            "Phường Hà Thanh",
            Ward,
        ),
        local(
            "P-NGOCLAM",
            "Ủy ban nhân dân phường Ngọc Lâm",
            "Phường Ngọc Lâm",
            Ward,
        ),
        local(
            "P-PHUCLAM",
            "Ủy ban nhân dân phường Phúc Lâm",
            "Phường Phúc Lâm",
            Ward,
        ),
        local(
            "P-DONGTIEN",
            "Ủy ban nhân dân phường Đông Tiến",
            "Phường Đông Tiến",
            Ward,
        ),
        local(
            "X-BINHSON",
            "Ủy ban nhân dân xã Bình Sơn",
            "Xã Bình Sơn",
            Commune,
        ),
        local(
            "X-TANPHU",
            "Ủy ban nhân dân xã Tân Phú",
            "Xã Tân Phú",
            Commune,
        ),
        local(
            "X-YENLAC",
            "Ủy ban nhân dân xã Yên Lạc",
            "Xã Yên Lạc",
            Commune,
        ),
        local(
            "X-THACHBAN",
            "Ủy ban nhân dân xã Thạch Bàn",
            "Xã Thạch Bàn",
            Commune,
        ),
        local("X-HOAMY", "Ủy ban nhân dân xã Hòa Mỹ", "Xã Hòa Mỹ", Commune),
        local(
            "X-QUANGPHUOC",
            "Ủy ban nhân dân xã Quảng Phước",
            "Xã Quảng Phước",
            Commune,
        ),
        local(
            "X-DONGHA",
            "Ủy ban nhân dân xã Đông Hà",
            "Xã Đông Hà",
            Commune,
        ),
        local(
            "X-NGHIAHUNG",
            "Ủy ban nhân dân xã Nghĩa Hưng",
            "Xã Nghĩa Hưng",
            Commune,
        ),
        local("X-MYLOC", "Ủy ban nhân dân xã Mỹ Lộc", "Xã Mỹ Lộc", Commune),
        local(
            "X-THUONGAM",
            "Ủy ban nhân dân xã Thượng Ấm",
            "Xã Thượng Ấm",
            Commune,
        ),
        local(
            "X-KIMDONG",
            "Ủy ban nhân dân xã Kim Đồng",
            "Xã Kim Đồng",
            Commune,
        ),
        local(
            "X-HUNGDAO",
            "Ủy ban nhân dân xã Hưng Đạo",
            "Xã Hưng Đạo",
            Commune,
        ),
        local(
            "X-TRUONGXUAN",
            "Ủy ban nhân dân xã Trường Xuân",
            "Xã Trường Xuân",
            Commune,
        ),
        local(
            "X-VINHTHINH",
            "Ủy ban nhân dân xã Vĩnh Thịnh",
            "Xã Vĩnh Thịnh",
            Commune,
        ),
        local(
            "DK-HONNGOC",
            "Ủy ban nhân dân đặc khu Hòn Ngọc",
            "Đặc khu Hòn Ngọc",
            SpecialZone,
        ),
        // District-level units abolished on 1/7/2025; their open work went to a commune or ward.
        retired(
            "TP-SONHA",
            "Ủy ban nhân dân thành phố Sơn Hà",
            "TP Sơn Hà",
            District,
            BEFORE_TWO_LEVELS,
            "P-SONHA",
        ),
        retired(
            "TX-PHUCLAM",
            "Ủy ban nhân dân thị xã Phúc Lâm",
            "TX Phúc Lâm",
            District,
            BEFORE_TWO_LEVELS,
            "P-PHUCLAM",
        ),
        retired(
            "H-BINHSON",
            "Ủy ban nhân dân huyện Bình Sơn",
            "Huyện Bình Sơn",
            District,
            BEFORE_TWO_LEVELS,
            "X-BINHSON",
        ),
        retired(
            "H-DONGHA",
            "Ủy ban nhân dân huyện Đông Hà",
            "Huyện Đông Hà",
            District,
            BEFORE_TWO_LEVELS,
            "X-DONGHA",
        ),
        retired(
            "H-TANPHU",
            "Ủy ban nhân dân huyện Tân Phú",
            "Huyện Tân Phú",
            District,
            BEFORE_TWO_LEVELS,
            "X-TANPHU",
        ),
    ]
}

/// (user name, full name, role, unit code, e-mail)
const ACCOUNTS: [(&str, &str, Role, &str, &str); 9] = [
    (
        "admin",
        "Quản trị hệ thống",
        Role::Admin,
        "SNV",
        "quantri@sonv.sonha.gov.vn",
    ),
    (
        "sonv.cchc",
        "Nguyễn Thị Thu Hà",
        Role::ParOffice,
        "SNV",
        "cchc@sonv.sonha.gov.vn",
    ),
    (
        "chutich",
        "Lê Văn Quang",
        Role::Leader,
        "UBND",
        "chutich@sonha.gov.vn",
    ),
    (
        "phochutich",
        "Nguyễn Thị Hồng Nhung",
        Role::Leader,
        "UBND",
        "pct.nhung@sonha.gov.vn",
    ),
    (
        "stp.giamdoc",
        "Trần Minh Đức",
        Role::UnitHead,
        "STP",
        "giamdoc@stp.sonha.gov.vn",
    ),
    (
        "stp.chuyenvien",
        "Phạm Thị Lan",
        Role::UnitOfficer,
        "STP",
        "lanpt@stp.sonha.gov.vn",
    ),
    (
        "skhcn.giamdoc",
        "Vũ Quốc Khánh",
        Role::UnitHead,
        "SKHCN",
        "giamdoc@skhcn.sonha.gov.vn",
    ),
    (
        "tanphu.chutich",
        "Hoàng Văn Bình",
        Role::UnitHead,
        "X-TANPHU",
        "chutich@tanphu.sonha.gov.vn",
    ),
    (
        "tanphu.congchuc",
        "Đỗ Thị Mai",
        Role::UnitOfficer,
        "X-TANPHU",
        "maidt@tanphu.sonha.gov.vn",
    ),
];

/// Who signs the demo's reports: (unit, name, title, signing for, default).
const SIGNERS: [(&str, &str, &str, &str, bool); 9] = [
    (
        "UBND",
        "Nguyễn Thị Hồng Nhung",
        "PHÓ CHỦ TỊCH",
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        true,
    ),
    (
        "UBND",
        "Lê Văn Quang",
        "CHỦ TỊCH",
        "TM. ỦY BAN NHÂN DÂN",
        false,
    ),
    ("SNV", "Nguyễn Văn Thắng", "GIÁM ĐỐC", "", true),
    (
        "SNV",
        "Trịnh Thị Hương",
        "PHÓ GIÁM ĐỐC",
        "KT. GIÁM ĐỐC",
        false,
    ),
    ("STP", "Trần Minh Đức", "GIÁM ĐỐC", "", true),
    (
        "STP",
        "Lương Văn Hải",
        "PHÓ GIÁM ĐỐC",
        "KT. GIÁM ĐỐC",
        false,
    ),
    ("TTT", "Phan Văn Long", "CHÁNH THANH TRA", "", true),
    (
        "X-TANPHU",
        "Hoàng Văn Bình",
        "CHỦ TỊCH",
        "TM. ỦY BAN NHÂN DÂN",
        true,
    ),
    (
        "X-TANPHU",
        "Ngô Thị Hạnh",
        "PHÓ CHỦ TỊCH",
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        false,
    ),
];

/// A demo unit's symbol in document numbers: "UBND" for a People's Committee, the office's
/// and the inspectorate's usual ones, else its code.
fn doc_symbol(d: &DemoUnit) -> String {
    match (d.kind, d.code) {
        (k, _) if k.is_local() || k == PeopleCommittee => "UBND".into(),
        (_, "VPUBND") => "VP".into(),
        (_, "TTT") => "TTr".into(),
        (_, "SGDDT") => "SGDĐT".into(),
        (_, code) => code.into(),
    }
}

/// A local unit's place name, its name after "Ủy ban nhân dân xã" and the like; others date
/// their documents from the province.
fn place_of(d: &DemoUnit) -> String {
    if !d.kind.is_local() {
        return String::new();
    }
    [
        "xã ",
        "phường ",
        "đặc khu ",
        "thành phố ",
        "thị xã ",
        "huyện ",
    ]
    .iter()
    .find_map(|p| d.name.split_once(p).map(|(_, rest)| rest.to_string()))
    .unwrap_or_default()
}

fn date((y, m, d): (i32, u32, u32)) -> Result<NaiveDate, AppError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or(AppError::Internal)
}

/// Loads the demo province unless its units are already there. Returns whether it loaded.
pub async fn load(
    db: &DatabaseConnection,
    storage: &crate::services::storage::Storage,
    today: NaiveDate,
) -> Result<bool, AppError> {
    if unit::Entity::find()
        .filter(unit::Column::Code.eq("SNV"))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let txn = db.begin().await?;
    let now = Utc::now();
    let mut ids = std::collections::HashMap::new();
    let all = units();
    for d in &all {
        let m = unit::ActiveModel {
            code: Set(d.code.into()),
            name: Set(d.name.into()),
            short_name: Set(d.short_name.into()),
            kind: Set(d.kind),
            parent_id: Set(None),
            valid_from: Set(date(d.from)?),
            valid_to: Set(d.to.map(date).transpose()?),
            successor_id: Set(None),
            doc_symbol: Set(doc_symbol(d)),
            place: Set(place_of(d)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        ids.insert(d.code, m.id);
    }
    for (code, full_name, title, on_behalf, is_default) in SIGNERS {
        if let Some(id) = ids.get(code) {
            unit_signer::ActiveModel {
                unit_id: Set(*id),
                full_name: Set(full_name.into()),
                title: Set(title.into()),
                on_behalf: Set(on_behalf.into()),
                is_default: Set(is_default),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    for d in all.iter().filter(|d| d.successor.is_some()) {
        let id = ids[d.code];
        let successor = d.successor.and_then(|s| ids.get(s).copied());
        unit::ActiveModel {
            id: Set(id),
            successor_id: Set(successor),
            ..Default::default()
        }
        .update(&txn)
        .await?;
    }
    let password = Password::parse(DEMO_PASSWORD).map_err(|_| AppError::Internal)?;
    // The first demo user of each unit writes that unit's demo progress updates.
    let mut writers: std::collections::HashMap<UnitId, i32> = std::collections::HashMap::new();
    for (username, full_name, role, unit_code, email) in ACCOUNTS {
        let username = Username::parse(username).map_err(|_| AppError::Internal)?;
        let new = NewUser {
            username: &username,
            full_name,
            email: Some(email.to_string()),
            role,
            unit_id: ids.get(unit_code).copied(),
            password: &password,
            // The demo's accounts keep the known password: no change is forced.
            must_change_password: false,
        };
        let created = insert(&txn, Actor::System, new).await?;
        if role.requires_unit() {
            if let Some(u) = ids.get(unit_code) {
                writers.entry(*u).or_insert(created.0);
            }
        }
    }
    plans::load(&txn, &ids, &writers).await?;
    in_charge(&txn, &ids).await?;
    settings::set(&txn, settings::DEMO_MODE, "true").await?;
    settings::set(&txn, settings::PROVINCE_NAME, &format!("tỉnh {PROVINCE}")).await?;
    settings::set(&txn, settings::PROVINCE_PLACE, PROVINCE).await?;
    crate::services::audit::Change::without_id("demo.load", "province")
        .after(&PROVINCE)
        .commit(txn, Actor::System)
        .await?;
    reports::load(db, storage, today).await?;
    tracing::info!(
        units = ids.len(),
        users = ACCOUNTS.len(),
        "demo province loaded"
    );
    Ok(true)
}

/// The vice-chair is in charge of administrative procedures, digital government and public
/// finance, and of the commune of Bình Sơn; the Chairman of the rest.
async fn in_charge(
    db: &impl ConnectionTrait,
    units: &HashMap<&'static str, UnitId>,
) -> Result<(), AppError> {
    use crate::entities::{leader_scope, reform_area};
    let vice = user::Entity::find()
        .filter(user::Column::Username.eq("phochutich"))
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let areas = reform_area::Entity::find()
        .filter(reform_area::Column::Code.is_in(["tthc", "so", "tai_chinh"]))
        .all(db)
        .await?;
    let scopes = areas
        .iter()
        .map(|a| (Some(a.id), None))
        .chain(units.get("X-BINHSON").map(|u| (None, Some(*u))));
    for (area_id, unit_id) in scopes {
        leader_scope::ActiveModel {
            user_id: Set(vice.id),
            area_id: Set(area_id),
            unit_id: Set(unit_id),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Whether demo mode is on (the demo province was loaded into this database).
pub async fn is_demo_mode(db: &impl ConnectionTrait) -> Result<bool, AppError> {
    Ok(settings::get(db, settings::DEMO_MODE).await?.as_deref() == Some("true"))
}

/// `info` with the demo accounts added for an anonymous visitor in demo mode (the log-in page
/// lists them there and only there).
pub async fn with_accounts(
    db: &impl ConnectionTrait,
    mut info: crate::model::SessionInfo,
) -> Result<crate::model::SessionInfo, AppError> {
    if info.user.is_none() && is_demo_mode(db).await? {
        info.demo_accounts = accounts(db).await?;
    }
    Ok(info)
}

/// The demo accounts that still exist and are active, for the log-in page.
pub async fn accounts(db: &impl ConnectionTrait) -> Result<Vec<DemoAccount>, AppError> {
    let names: Vec<&str> = ACCOUNTS.iter().map(|a| a.0).collect();
    let rows = user::Entity::find()
        .filter(user::Column::Username.is_in(names))
        .filter(user::Column::Active.eq(true))
        .find_also_related(unit::Entity)
        .all(db)
        .await?;
    let mut out: Vec<DemoAccount> = rows
        .into_iter()
        .map(|(u, unit)| DemoAccount {
            username: u.username,
            role: u.role,
            full_name: u.full_name,
            unit_name: unit.map(|x| x.short_name).unwrap_or_default(),
        })
        .collect();
    out.sort_by_key(|a| ACCOUNTS.iter().position(|x| x.0 == a.username));
    Ok(out)
}
