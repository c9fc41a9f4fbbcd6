//! The demo province's plans: a 2021–2030 programme, the 2025 plan (with a task of a district
//! handed to its successor commune) and the 2026 plan, with progress in every follow-up class,
//! an extension and indicators. Loaded once, with the demo units.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use crate::domain::progress::UpdateKind;
use crate::domain::task::{
    Deadline, DeadlineKind, Direction, PeriodKind, PlanKind, PlanStatus, TaskState,
};
use crate::domain::{AreaId, PlanId, TaskId, UnitId};
use crate::entities::{
    indicator, indicator_unit, indicator_value, plan, progress_update, reform_area, task,
    task_extension,
};
use crate::error::AppError;
use crate::services::audit::Actor;
use crate::services::tasks::{deadline_text, insert_tasks, NewTask};

/// How a demo task stands: (state, progress, completed on).
type Done = (TaskState, i32, Option<(i32, u32, u32)>);

/// A demo indicator: name, measure, target, direction, area, responsible units, values.
type DemoIndicator = (
    &'static str,
    &'static str,
    f64,
    Direction,
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, PeriodKind, f64)],
);

struct DemoTask {
    area: &'static str,
    title: &'static str,
    lead: &'static str,
    co: &'static [&'static str],
    deadline: (DeadlineKind, Option<(i32, u32, u32)>),
    output: &'static str,
    done: Done,
    note: &'static str,
}

const NS: Done = (TaskState::NotStarted, 0, None);

#[expect(clippy::too_many_arguments, reason = "one row of the demo table")]
const fn t(
    area: &'static str,
    title: &'static str,
    lead: &'static str,
    co: &'static [&'static str],
    deadline: (DeadlineKind, Option<(i32, u32, u32)>),
    output: &'static str,
    done: Done,
    note: &'static str,
) -> DemoTask {
    DemoTask {
        area,
        title,
        lead,
        co,
        deadline,
        output,
        done,
        note,
    }
}

const fn day(y: i32, m: u32, d: u32) -> (DeadlineKind, Option<(i32, u32, u32)>) {
    (DeadlineKind::Date, Some((y, m, d)))
}
const fn month(y: i32, m: u32, last: u32) -> (DeadlineKind, Option<(i32, u32, u32)>) {
    (DeadlineKind::Month, Some((y, m, last)))
}
const fn quarter(y: i32, q: u32) -> (DeadlineKind, Option<(i32, u32, u32)>) {
    let (m, d) = match q {
        1 => (3, 31),
        2 => (6, 30),
        3 => (9, 30),
        _ => (12, 31),
    };
    (DeadlineKind::Quarter, Some((y, m, d)))
}
const ONGOING: (DeadlineKind, Option<(i32, u32, u32)>) = (DeadlineKind::Ongoing, None);
const fn done(y: i32, m: u32, d: u32) -> Done {
    (TaskState::Completed, 100, Some((y, m, d)))
}
const fn doing(p: i32) -> Done {
    (TaskState::InProgress, p, None)
}

fn tasks_2026() -> Vec<DemoTask> {
    vec![
        t("chi_dao", "Xây dựng, ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2026", "SNV", &["VPUBND"], day(2026, 2, 28), "Kế hoạch kiểm tra được UBND tỉnh ban hành", done(2026, 2, 20), "Đã trình UBND tỉnh ban hành Kế hoạch số 31/KH-UBND ngày 20/02/2026."),
        t("chi_dao", "Tổ chức kiểm tra công tác cải cách hành chính tại các sở, ban, ngành và UBND cấp xã", "SNV", &["VPUBND", "STP"], quarter(2026, 3), "Báo cáo kết quả kiểm tra", doing(60), "Đã kiểm tra 9/15 sở, ngành và 8/20 xã, phường; đang tổng hợp kết quả."),
        t("chi_dao", "Tuyên truyền về cải cách hành chính trên Cổng thông tin điện tử tỉnh và các phương tiện thông tin đại chúng", "SKHCN", &["SNV"], ONGOING, "Chuyên mục CCHC được cập nhật hằng tháng", doing(70), "Đăng 46 tin, bài về cải cách hành chính trong 10 tháng."),
        t("chi_dao", "Xác định Chỉ số cải cách hành chính năm 2025 của các sở, ban, ngành và UBND cấp xã", "SNV", &[], month(2026, 5, 31), "Quyết định công bố Chỉ số CCHC năm 2025", done(2026, 6, 10), "Quyết định công bố số 812/QĐ-UBND ngày 10/6/2026."),
        t("the_che", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành", "STP", &["SNV", "STC"], day(2026, 6, 30), "Danh mục văn bản hết hiệu lực, cần sửa đổi", done(2026, 6, 25), "Đã rà soát 412 văn bản; đề nghị bãi bỏ 17 văn bản."),
        t("the_che", "Kiểm tra, xử lý văn bản quy phạm pháp luật sau khi ban hành", "STP", &[], ONGOING, "Báo cáo kết quả kiểm tra văn bản", doing(75), "Kiểm tra 58 văn bản, phát hiện 2 văn bản có nội dung chưa phù hợp."),
        t("the_che", "Theo dõi tình hình thi hành pháp luật trong lĩnh vực xử lý vi phạm hành chính", "STP", &["TTT"], quarter(2026, 4), "Báo cáo theo dõi thi hành pháp luật", doing(40), "Đã xây dựng đề cương, đang thu thập số liệu."),
        t("tthc", "Rà soát, đơn giản hóa thủ tục hành chính, giấy tờ công dân liên quan đến quản lý dân cư", "VPUBND", &["STP", "SNV", "STC"], day(2026, 6, 30), "Phương án đơn giản hóa trình UBND tỉnh", doing(80), "Đã xây dựng phương án đơn giản hóa 36 thủ tục; chờ ý kiến các sở."),
        t("tthc", "Công bố danh mục thủ tục hành chính được cung cấp dịch vụ công trực tuyến toàn trình", "VPUBND", &["SKHCN"], month(2026, 3, 31), "Quyết định công bố danh mục", done(2026, 3, 25), "Quyết định số 455/QĐ-UBND công bố 1.152 thủ tục trực tuyến toàn trình."),
        t("tthc", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa", "X-TANPHU", &["SKHCN"], quarter(2026, 2), "100% hồ sơ tiếp nhận được số hóa", doing(50), "Đã số hóa 1.240/2.480 hồ sơ tồn; thiếu máy quét."),
        t("tthc", "Niêm yết công khai thủ tục hành chính, số điện thoại đường dây nóng tại Bộ phận Một cửa cấp xã", "X-TANPHU", &[], day(2026, 12, 31), "Bảng niêm yết đúng quy định", NS, ""),
        t("tthc", "Niêm yết công khai thủ tục hành chính, số điện thoại đường dây nóng tại Bộ phận Một cửa cấp xã", "P-SONHA", &[], day(2026, 12, 31), "Bảng niêm yết đúng quy định", done(2026, 4, 2), "Đã niêm yết tại trụ sở và trên trang thông tin điện tử của phường."),
        t("tthc", "Niêm yết công khai thủ tục hành chính, số điện thoại đường dây nóng tại Bộ phận Một cửa cấp xã", "X-BINHSON", &[], day(2026, 12, 31), "Bảng niêm yết đúng quy định", doing(30), ""),
        t("to_chuc", "Sắp xếp, kiện toàn tổ chức bộ máy các cơ quan chuyên môn sau hợp nhất", "SNV", &["STC"], day(2026, 3, 31), "Quyết định quy định chức năng, nhiệm vụ", done(2026, 3, 30), "UBND tỉnh đã ban hành quyết định đối với 5 sở sau hợp nhất."),
        t("to_chuc", "Rà soát, sắp xếp đơn vị sự nghiệp công lập thuộc Sở Y tế", "SYT", &["SNV", "STC"], day(2026, 9, 30), "Đề án sắp xếp đơn vị sự nghiệp", doing(30), "Đang lấy ý kiến các bệnh viện tuyến tỉnh."),
        t("cong_vu", "Xây dựng, phê duyệt vị trí việc làm của cơ quan, tổ chức hành chính cấp xã", "SNV", &["X-TANPHU", "P-SONHA"], quarter(2026, 4), "Quyết định phê duyệt vị trí việc làm", doing(55), "Đã thẩm định đề án của 12/20 xã, phường."),
        t("cong_vu", "Bồi dưỡng kỹ năng, nghiệp vụ cho công chức làm công tác cải cách hành chính", "SNV", &[], day(2026, 10, 31), "03 lớp bồi dưỡng, 240 học viên", done(2026, 11, 5), "Mở 3 lớp cho 251 học viên; lớp cuối kết thúc 05/11/2026."),
        t("tai_chinh", "Giao quyền tự chủ tài chính cho các đơn vị sự nghiệp công lập", "STC", &["SYT", "SGDDT"], day(2026, 12, 31), "Quyết định giao tự chủ", doing(45), "Đã giao tự chủ cho 38/85 đơn vị."),
        t("tai_chinh", "Công khai dự toán, quyết toán ngân sách nhà nước theo quy định", "STC", &[], ONGOING, "Công khai trên Cổng thông tin điện tử", doing(80), ""),
        t("so", "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh", "SKHCN", &["VPUBND"], day(2026, 8, 31), "Hệ thống nâng cấp, kết nối Cổng Dịch vụ công quốc gia", done(2026, 8, 28), "Nghiệm thu ngày 28/8/2026."),
        t("so", "Triển khai nền tảng tích hợp, chia sẻ dữ liệu (LGSP) kết nối các hệ thống thông tin của tỉnh", "SKHCN", &["STC", "SNV"], quarter(2026, 3), "LGSP kết nối 12 hệ thống", doing(75), "Đã kết nối 9/12 hệ thống."),
        t("so", "Ứng dụng chữ ký số trong xử lý văn bản điện tử tại UBND cấp xã", "X-TANPHU", &["SKHCN"], day(2026, 12, 31), "100% văn bản đi được ký số", doing(85), ""),
    ]
}

fn tasks_2025() -> Vec<DemoTask> {
    vec![
        t(
            "tthc",
            "Thực hiện tiếp nhận hồ sơ không phụ thuộc địa giới hành chính đối với thủ tục đất đai",
            "H-TANPHU",
            &[],
            day(2025, 12, 31),
            "Quy trình tiếp nhận liên thông",
            doing(60),
            "Huyện đã chuẩn bị quy trình; bàn giao cho xã Tân Phú từ 01/7/2025.",
        ),
        t(
            "the_che",
            "Rà soát quy chế làm việc của UBND tỉnh sau sắp xếp chính quyền hai cấp",
            "VPUBND",
            &["STP"],
            day(2025, 9, 30),
            "Quy chế làm việc mới",
            done(2025, 9, 20),
            "",
        ),
        t(
            "so",
            "Xây dựng kho dữ liệu dùng chung của tỉnh",
            "SKHCN",
            &[],
            quarter(2025, 4),
            "Kho dữ liệu đưa vào vận hành",
            done(2026, 1, 15),
            "Chậm do điều chỉnh thiết kế sau hợp nhất sở.",
        ),
    ]
}

fn d((y, m, dd): (i32, u32, u32)) -> Result<NaiveDate, AppError> {
    NaiveDate::from_ymd_opt(y, m, dd).ok_or(AppError::Internal)
}

#[expect(clippy::too_many_arguments, reason = "one demo plan")]
async fn add_plan(
    db: &impl ConnectionTrait,
    number: &str,
    title: &str,
    kind: PlanKind,
    issued: (i32, u32, u32),
    years: (i32, i32),
    parent: Option<PlanId>,
    status: PlanStatus,
) -> Result<PlanId, AppError> {
    let now = Utc::now();
    Ok(plan::ActiveModel {
        number: Set(number.into()),
        title: Set(title.into()),
        kind: Set(kind),
        issued_on: Set(d(issued)?),
        issuing_body: Set("UBND tỉnh Sơn Hà".into()),
        year_from: Set(years.0),
        year_to: Set(years.1),
        parent_id: Set(parent),
        status: Set(status),
        source_file_id: Set(None),
        created_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

async fn add_tasks(
    db: &impl ConnectionTrait,
    plan_id: PlanId,
    list: &[DemoTask],
    units: &HashMap<&'static str, UnitId>,
    areas: &HashMap<String, AreaId>,
    users: &HashMap<UnitId, i32>,
) -> Result<Vec<TaskId>, AppError> {
    let unit = |code: &str| units.get(code).copied().ok_or(AppError::Internal);
    let mut new = Vec::new();
    for dt in list {
        let deadline = Deadline {
            kind: dt.deadline.0,
            due_on: dt.deadline.1.map(d).transpose()?,
        };
        new.push(NewTask {
            area_id: areas.get(dt.area).copied().ok_or(AppError::Internal)?,
            heading: String::new(),
            item_no: String::new(),
            title: dt.title.into(),
            lead_unit_id: unit(dt.lead)?,
            co_unit_ids: dt.co.iter().map(|c| unit(c)).collect::<Result<_, _>>()?,
            deadline_kind: deadline.kind,
            due_on: deadline.due_on,
            due_text: deadline_text(&deadline),
            expected_output: dt.output.into(),
        });
    }
    let ids = insert_tasks(db, Actor::System, plan_id, &new).await?;
    // Item numbers within each area, as a printed plan numbers them.
    let mut counters: HashMap<&str, u32> = HashMap::new();
    for (id, dt) in ids.iter().zip(list) {
        let n = counters.entry(dt.area).or_insert(0);
        *n += 1;
        let (state, progress, completed) = dt.done;
        let completed_on = completed.map(d).transpose()?;
        let at = match completed_on {
            Some(c) => Utc.from_utc_datetime(&c.and_hms_opt(9, 30, 0).unwrap_or_default()),
            None => Utc::now() - chrono::Duration::days(3),
        };
        task::ActiveModel {
            id: Set(id.0),
            item_no: Set(n.to_string()),
            state: Set(state),
            progress: Set(progress),
            completed_on: Set(completed_on),
            last_update_at: Set((state != TaskState::NotStarted).then_some(at)),
            ..Default::default()
        }
        .update(db)
        .await?;
        if state != TaskState::NotStarted {
            let lead = unit(dt.lead)?;
            progress_update::ActiveModel {
                task_id: Set(id.0),
                unit_id: Set(lead),
                user_id: Set(users.get(&lead).copied()),
                kind: Set(UpdateKind::Update),
                progress: Set(Some(progress)),
                state: Set(Some(state)),
                completed_on: Set(completed_on),
                body: Set(if dt.note.is_empty() {
                    "Đang triển khai theo kế hoạch.".into()
                } else {
                    dt.note.into()
                }),
                created_at: Set(at),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(ids)
}

/// Loads the demo plans (inside the demo loader's transaction).
pub async fn load(
    db: &impl ConnectionTrait,
    units: &HashMap<&'static str, UnitId>,
    users: &HashMap<UnitId, i32>,
) -> Result<(), AppError> {
    let areas: HashMap<String, AreaId> = reform_area::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.code, a.id))
        .collect();
    let programme = add_plan(
        db,
        "1520/QĐ-UBND",
        "Chương trình cải cách hành chính nhà nước tỉnh Sơn Hà giai đoạn 2021–2030",
        PlanKind::Programme,
        (2021, 8, 16),
        (2021, 2030),
        None,
        PlanStatus::InForce,
    )
    .await?;
    let p2025 = add_plan(
        db,
        "52/KH-UBND",
        "Kế hoạch cải cách hành chính năm 2025 của tỉnh Sơn Hà",
        PlanKind::Annual,
        (2025, 1, 14),
        (2025, 2025),
        Some(programme),
        PlanStatus::InForce,
    )
    .await?;
    add_tasks(db, p2025, &tasks_2025(), units, &areas, users).await?;
    let p2026 = add_plan(
        db,
        "45/KH-UBND",
        "Kế hoạch cải cách hành chính năm 2026 của tỉnh Sơn Hà",
        PlanKind::Annual,
        (2026, 1, 12),
        (2026, 2026),
        Some(programme),
        PlanStatus::InForce,
    )
    .await?;
    let ids = add_tasks(db, p2026, &tasks_2026(), units, &areas, users).await?;
    // The simplification of procedures was extended by the Chairman.
    if let Some(id) = ids.get(7) {
        let new_due = d((2026, 12, 15))?;
        task_extension::ActiveModel {
            task_id: Set(id.0),
            previous_due_on: Set(Some(d((2026, 6, 30))?)),
            new_due_on: Set(new_due),
            document: Set("Công văn số 2145/UBND-KSTT ngày 25/6/2026".into()),
            note: Set("Chờ Nghị định sửa đổi về quản lý dân cư".into()),
            created_by: Set(None),
            created_at: Set(Utc::now() - chrono::Duration::days(150)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        task::ActiveModel {
            id: Set(id.0),
            effective_due_on: Set(Some(new_due)),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    let indicators: [DemoIndicator; 3] = [
        (
            "Tỷ lệ thủ tục hành chính được cung cấp dịch vụ công trực tuyến toàn trình",
            "%",
            80.0,
            Direction::AtLeast,
            "tthc",
            &["VPUBND", "SKHCN"],
            &[
                ("VPUBND", PeriodKind::H1, 72.0),
                ("SKHCN", PeriodKind::H1, 76.0),
                ("VPUBND", PeriodKind::M9, 81.0),
                ("SKHCN", PeriodKind::M9, 79.5),
            ],
        ),
        (
            "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn",
            "%",
            98.0,
            Direction::AtLeast,
            "tthc",
            &["X-TANPHU", "P-SONHA"],
            &[
                ("X-TANPHU", PeriodKind::M9, 97.5),
                ("P-SONHA", PeriodKind::M9, 99.1),
            ],
        ),
        (
            "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính",
            "%",
            90.0,
            Direction::AtLeast,
            "chi_dao",
            &["SNV"],
            &[],
        ),
    ];
    let now = Utc::now();
    for (pos, (name, measure, target, direction, area, resp, values)) in
        indicators.into_iter().enumerate()
    {
        let ind = indicator::ActiveModel {
            plan_id: Set(p2026),
            area_id: Set(areas.get(area).copied()),
            position: Set(i32::try_from(pos).unwrap_or(0) + 1),
            name: Set(name.into()),
            measure: Set(measure.into()),
            target: Set(target),
            direction: Set(direction),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for code in resp {
            indicator_unit::ActiveModel {
                indicator_id: Set(ind.id),
                unit_id: Set(units.get(code).copied().ok_or(AppError::Internal)?),
            }
            .insert(db)
            .await?;
        }
        for (code, period, value) in values {
            indicator_value::ActiveModel {
                indicator_id: Set(ind.id),
                unit_id: Set(units.get(code).copied().ok_or(AppError::Internal)?),
                year: Set(2026),
                period: Set(*period),
                value: Set(*value),
                note: Set(String::new()),
                entered_by: Set(None),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    // The province's reporting periods of 2025 and 2026 (closed; the demo's reporting cycle
    // opens some).
    crate::services::reporting::generate_years(
        db,
        crate::services::audit::Actor::System,
        2025..=2026,
        false,
    )
    .await?;
    Ok(())
}
