//! The demo's reporting cycle, played through the real services: the 9-month period of 2026 is
//! reported, reviewed and compiled; the annual period of 2026 is open, with one report waiting
//! for review and one draft.

use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::domain::task::PeriodKind;
use crate::domain::CurrentUser;
use crate::domain::PeriodId;
use crate::entities::{reporting_period, unit_report, user};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::report::Sections;
use crate::services::accounts::login::current_user_of;

async fn demo_user(db: &DatabaseConnection, username: &str) -> Result<CurrentUser, AppError> {
    let u = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    Ok(current_user_of(&u, Lang::Vi))
}

async fn period(
    db: &DatabaseConnection,
    kind: PeriodKind,
) -> Result<reporting_period::Model, AppError> {
    reporting_period::Entity::find()
        .filter(reporting_period::Column::MergedInto.is_null())
        .filter(reporting_period::Column::Year.eq(2026))
        .filter(reporting_period::Column::Kind.eq(kind))
        .one(db)
        .await?
        .ok_or(AppError::Internal)
}

async fn set_open(
    db: &DatabaseConnection,
    p: &reporting_period::Model,
    open: bool,
) -> Result<(), AppError> {
    reporting_period::ActiveModel {
        id: Set(p.id),
        is_open: Set(open),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

fn sections(results: &str, shortcomings: &str, next: &str, proposals: &str) -> Sections {
    Sections {
        results: results.into(),
        shortcomings: shortcomings.into(),
        next_tasks: next.into(),
        proposals: proposals.into(),
    }
}

/// Plays the demo's reporting cycle (after the demo plans are loaded).
pub async fn load(db: &DatabaseConnection, today: chrono::NaiveDate) -> Result<(), AppError> {
    let office = demo_user(db, "sonv.cchc").await?;
    let stp_head = demo_user(db, "stp.giamdoc").await?;
    let stp_officer = demo_user(db, "stp.chuyenvien").await?;
    let tp_head = demo_user(db, "tanphu.chutich").await?;
    let (Some(stp), Some(tp)) = (stp_head.unit_id, tp_head.unit_id) else {
        return Err(AppError::Internal);
    };

    // 9 tháng 2026: both units reported on time; one was returned once; both accepted.
    let m9 = period(db, PeriodKind::M9).await?;
    let m9_id = PeriodId(m9.id);
    set_open(db, &m9, true).await?;
    let stp_m9 = sections(
        "Sở Tư pháp đã rà soát 412 văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành, đề nghị bãi bỏ 17 văn bản; \
         kiểm tra 58 văn bản sau ban hành, phát hiện 2 văn bản có nội dung chưa phù hợp và đã kiến nghị xử lý.",
        "Việc theo dõi thi hành pháp luật trong lĩnh vực xử lý vi phạm hành chính còn chậm do số liệu của các ngành gửi về chưa đầy đủ.",
        "Hoàn thành báo cáo theo dõi thi hành pháp luật trong quý IV; tiếp tục kiểm tra văn bản sau ban hành.",
        "Đề nghị các sở, ngành gửi số liệu xử lý vi phạm hành chính đúng hạn.",
    );
    crate::services::reporting::unit::save(db, &stp_officer, m9_id, stp, &stp_m9).await?;
    crate::services::reporting::unit::submit(db, &stp_head, today, m9_id, stp, &stp_m9).await?;
    let tp_m9 = sections(
        "UBND xã Tân Phú đã số hóa 1.240/2.480 hồ sơ tồn tại Bộ phận Một cửa; 100% văn bản đi của UBND xã được ký số.",
        "Thiếu máy quét chuyên dụng nên tiến độ số hóa hồ sơ chậm so với kế hoạch.",
        "Hoàn thành số hóa hồ sơ tồn; niêm yết công khai thủ tục hành chính theo quy định.",
        "Đề nghị Sở Khoa học và Công nghệ hỗ trợ 02 máy quét chuyên dụng.",
    );
    let tp_report =
        crate::services::reporting::unit::submit(db, &tp_head, today, m9_id, tp, &tp_m9).await?;
    crate::services::reporting::unit::review(
        db,
        &office,
        tp_report,
        false,
        "Đề nghị bổ sung số liệu về tỷ lệ hồ sơ giải quyết đúng hạn của xã.",
    )
    .await?;
    let tp_m9 = Sections {
        results: format!(
            "{} Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn đạt 97,5%.",
            tp_m9.results
        ),
        ..tp_m9
    };
    crate::services::reporting::unit::submit(db, &tp_head, today, m9_id, tp, &tp_m9).await?;
    for r in unit_report::Entity::find()
        .filter(unit_report::Column::PeriodId.eq(m9.id))
        .all(db)
        .await?
    {
        crate::services::reporting::unit::review(
            db,
            &office,
            crate::domain::UnitReportId(r.id),
            true,
            "",
        )
        .await?;
        // The story is set in September: both were submitted on the due day.
        let on_due = NaiveDate::from_ymd_opt(2026, 9, 15)
            .and_then(|d| d.and_hms_opt(2, 30, 0))
            .map(|t| Utc.from_utc_datetime(&t));
        unit_report::ActiveModel {
            id: Set(r.id),
            submitted_at: Set(on_due),
            submitted_late: Set(false),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    set_open(db, &m9, false).await?;
    crate::services::reporting::province::compile(db, &office, today, m9_id).await?;

    // Năm 2026: open; xã Tân Phú has submitted, the Department of Justice is drafting.
    let year = period(db, PeriodKind::Year).await?;
    set_open(db, &year, true).await?;
    let year_id = PeriodId(year.id);
    crate::services::reporting::unit::submit(
        db,
        &tp_head,
        today,
        year_id,
        tp,
        &sections(
            "Hoàn thành số hóa 2.480/2.480 hồ sơ tồn; niêm yết công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa.",
            "Một số công chức chưa thành thạo sử dụng chữ ký số.",
            "Tiếp tục nâng cao tỷ lệ hồ sơ trực tuyến toàn trình.",
            "",
        ),
    )
    .await?;
    crate::services::reporting::unit::save(
        db,
        &stp_officer,
        year_id,
        stp,
        &sections(
            "Sở Tư pháp đã hoàn thành rà soát, hệ thống hóa văn bản quy phạm pháp luật; ",
            "",
            "",
            "",
        ),
    )
    .await?;
    Ok(())
}
