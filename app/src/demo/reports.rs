//! The demo's reporting cycle, played through the real services: the first quarter and the
//! first half of 2026 were reported (on time and late, one report returned and sent again) and
//! compiled; so was the 9-month period; the annual period of 2026 is open, with one report
//! waiting for review and one draft. Around them: the units' extension requests (one
//! approved, one refused) and the leaders' directions with the units' answers (one still open).

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
pub async fn load(
    db: &DatabaseConnection,
    storage: &crate::services::storage::Storage,
    today: chrono::NaiveDate,
) -> Result<(), AppError> {
    let office = demo_user(db, "sonv.cchc").await?;
    let stp_head = demo_user(db, "stp.giamdoc").await?;
    let stp_officer = demo_user(db, "stp.chuyenvien").await?;
    let tp_head = demo_user(db, "tanphu.chutich").await?;
    let (Some(stp), Some(tp)) = (stp_head.unit_id, tp_head.unit_id) else {
        return Err(AppError::Internal);
    };

    let skhcn_head = demo_user(db, "skhcn.giamdoc").await?;
    let skhcn = skhcn_head.unit_id.ok_or(AppError::Internal)?;
    let heads = [(&stp_head, stp), (&tp_head, tp), (&skhcn_head, skhcn)];
    // Quý I: the commune was six days late; 6 tháng: the commune's report was returned once and
    // the Department of Science and Technology was late. All accepted and compiled.
    earlier_period(db, &office, &heads, today, PeriodKind::Q1, &[tp], None).await?;
    earlier_period(
        db,
        &office,
        &heads,
        today,
        PeriodKind::H1,
        &[skhcn],
        Some((
            tp,
            "Đề nghị bổ sung kết quả số hóa hồ sơ và tỷ lệ hồ sơ trực tuyến của xã.",
        )),
    )
    .await?;

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
    extensions(db, storage, &office, &tp_head, today).await?;
    evidence(db, storage, &stp_officer).await?;
    directions(db, m9_id, stp, tp, skhcn).await?;
    Ok(())
}

/// The report of each unit of `heads` for the period of `kind` (2026), submitted by its head
/// on the due day, or six days after it for the units of `late`; `returned` is sent back once
/// with that comment and sent again; all accepted; then the province's report is compiled and
/// the period closed.
async fn earlier_period(
    db: &DatabaseConnection,
    office: &CurrentUser,
    heads: &[(&CurrentUser, crate::domain::UnitId)],
    today: NaiveDate,
    kind: PeriodKind,
    late: &[crate::domain::UnitId],
    returned: Option<(crate::domain::UnitId, &str)>,
) -> Result<(), AppError> {
    let p = period(db, kind).await?;
    let id = PeriodId(p.id);
    set_open(db, &p, true).await?;
    let label = match kind {
        PeriodKind::Q1 => "quý I",
        _ => "6 tháng đầu năm",
    };
    for (head, unit) in heads {
        let text = sections(
            &format!("Trong {label} năm 2026, đơn vị đã triển khai các nhiệm vụ cải cách hành chính được giao theo kế hoạch; kết quả chi tiết tại phụ lục."),
            "Một số nhiệm vụ còn chậm do thiếu kinh phí và trang thiết bị.",
            "Tập trung hoàn thành các nhiệm vụ đến hạn trong kỳ tới.",
            "",
        );
        let report =
            crate::services::reporting::unit::submit(db, head, today, id, *unit, &text).await?;
        if let Some((u, comment)) = returned.filter(|(u, _)| u == unit) {
            crate::services::reporting::unit::review(db, office, report, false, comment).await?;
            let again = Sections {
                results: format!(
                    "{} Đã số hóa 1.020 hồ sơ; tỷ lệ hồ sơ trực tuyến đạt 61%.",
                    text.results
                ),
                ..text
            };
            crate::services::reporting::unit::submit(db, head, today, id, u, &again).await?;
        }
        crate::services::reporting::unit::review(db, office, report, true, "").await?;
        let days_after = if late.contains(unit) { 6 } else { 0 };
        let sent = (p.unit_due_on + chrono::Duration::days(days_after))
            .and_hms_opt(2, 30, 0)
            .map(|t| Utc.from_utc_datetime(&t));
        unit_report::ActiveModel {
            id: Set(report.0),
            submitted_at: Set(sent),
            submitted_late: Set(days_after > 0),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    set_open(db, &p, false).await?;
    crate::services::reporting::province::compile(db, office, today, id).await?;
    Ok(())
}

/// The commune asked twice to extend a deadline: digital signatures (approved, with the
/// Chairman's document) and the public listing of procedures (refused).
async fn extensions(
    db: &DatabaseConnection,
    storage: &crate::services::storage::Storage,
    office: &CurrentUser,
    head: &CurrentUser,
    today: NaiveDate,
) -> Result<(), AppError> {
    use crate::services::tasks::extension::{approve, refuse, request, RequestForm};
    let unit = head.unit_id.ok_or(AppError::Internal)?;
    let task_of = |title: &'static str| async move {
        crate::entities::task::Entity::find()
            .filter(crate::entities::task::Column::LeadUnitId.eq(unit))
            .filter(crate::entities::task::Column::Title.starts_with(title))
            .one(db)
            .await?
            .ok_or(AppError::Internal)
    };
    let signatures = task_of("Ứng dụng chữ ký số trong xử lý văn bản").await?;
    let listing = task_of("Niêm yết công khai thủ tục hành chính").await?;
    // Proposed dates after today and after the deadlines, whenever the demo is loaded.
    let later = |t: &crate::entities::task::Model, days: i64| {
        t.effective_due_on.unwrap_or(today).max(today) + chrono::Duration::days(days)
    };
    let letter = letter(
        "ỦY BAN NHÂN DÂN\nXÃ TÂN PHÚ",
        "Số: 215/UBND",
        "V/v đề nghị gia hạn thời hạn thực hiện nhiệm vụ ứng dụng chữ ký số",
        &[
            "Thực hiện Kế hoạch số 45/KH-UBND của UBND tỉnh, UBND xã Tân Phú được giao ứng dụng chữ ký số trong xử lý văn bản điện tử, hoàn thành trong năm 2026.",
            "Đến nay chứng thư số của 04 công chức đã hết hạn, đang chờ Ban Cơ yếu Chính phủ cấp lại, nên xã chưa thể ký số toàn bộ văn bản đi. UBND xã Tân Phú kính đề nghị Sở Nội vụ xem xét, trình UBND tỉnh gia hạn thời hạn thực hiện nhiệm vụ.",
        ],
        ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "Hoàng Văn Bình"),
    )
    .await
    .map(|bytes| crate::services::files::Upload {
        file_name: "cong-van-215-de-nghi-gia-han.pdf".into(),
        bytes,
    });
    let asked = request(
        db,
        storage,
        head,
        today,
        crate::domain::TaskId(signatures.id),
        &RequestForm {
            reason: "Chứng thư số của 4 công chức hết hạn, đang chờ Ban Cơ yếu Chính phủ cấp lại; chưa thể ký số toàn bộ văn bản đi.".into(),
            proposed_due_on: later(&signatures, 90).format("%Y-%m-%d").to_string(),
            file: letter,
        },
    )
    .await?;
    approve(
        db,
        office,
        asked,
        &later(&signatures, 75).format("%Y-%m-%d").to_string(),
        "Công văn số 3120/UBND-NC",
        "Gia hạn đến khi được cấp lại chứng thư số, không quá 75 ngày.",
    )
    .await?;
    let asked = request(
        db,
        storage,
        head,
        today,
        crate::domain::TaskId(listing.id),
        &RequestForm {
            reason: "Trụ sở Bộ phận Một cửa đang sửa chữa, chưa có vị trí lắp bảng niêm yết."
                .into(),
            proposed_due_on: later(&listing, 60).format("%Y-%m-%d").to_string(),
            file: None,
        },
    )
    .await?;
    refuse(
        db,
        office,
        asked,
        "Việc niêm yết có thể thực hiện tại trụ sở tạm và trên trang thông tin điện tử của xã; đề nghị hoàn thành đúng hạn.",
    )
    .await
}

/// A one-page letter as the PDF engine lays out official documents, for the demo's evidence
/// files: (issuing body, number, summary line, paragraphs, (signing title, signer)). `None`
/// (and a log line) when the fonts are missing: the demo then goes without its files.
async fn letter(
    body: &str,
    number: &str,
    summary: &str,
    paragraphs: &[&str],
    signer: (&str, &str),
) -> Option<Vec<u8>> {
    use crate::services::documents::pdf::{Block, OfficialDoc};
    let doc = OfficialDoc {
        parent_body: String::new(),
        body: body.into(),
        number: number.into(),
        place_date: crate::domain::report::official_date_line(
            "Sơn Hà",
            NaiveDate::from_ymd_opt(2026, 11, 25)?,
        ),
        kind_title: String::new(),
        summary: summary.into(),
        blocks: paragraphs
            .iter()
            .map(|p| Block::Paragraph((*p).to_string()))
            .collect(),
        recipients: vec!["- Như trên;".into(), "- Lưu: VT.".into()],
        signer_lines: signer.0.lines().map(str::to_string).collect(),
        signer_name: signer.1.into(),
        annexes: Vec::new(),
    };
    match crate::services::documents::reports::render_pdf(doc).await {
        Ok((bytes, _)) => Some(bytes),
        Err(e) => {
            tracing::warn!(error = %e, "the demo's evidence files are left out");
            None
        }
    }
}

/// The Department of Justice's review of legal documents has its report as evidence.
async fn evidence(
    db: &DatabaseConnection,
    storage: &crate::services::storage::Storage,
    officer: &CurrentUser,
) -> Result<(), AppError> {
    use crate::entities::{progress_update, task};
    use sea_orm::QueryOrder;
    let unit = officer.unit_id.ok_or(AppError::Internal)?;
    let Some(t) = task::Entity::find()
        .filter(task::Column::LeadUnitId.eq(unit))
        .filter(task::Column::Title.starts_with("Rà soát, hệ thống hóa văn bản quy phạm pháp luật"))
        .order_by_desc(task::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let Some(update) = progress_update::Entity::find()
        .filter(progress_update::Column::TaskId.eq(t.id))
        .order_by_desc(progress_update::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let Some(bytes) = letter(
        "UBND TỈNH SƠN HÀ\nSỞ TƯ PHÁP",
        "Số: 318/BC-STP",
        "Kết quả rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2026",
        &[
            "Sở Tư pháp đã chủ trì, phối hợp với các sở, ngành rà soát 412 văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành.",
            "Kết quả: 368 văn bản còn hiệu lực; 27 văn bản cần sửa đổi, bổ sung; 17 văn bản đề nghị bãi bỏ (danh mục kèm theo).",
        ],
        ("GIÁM ĐỐC", "Trần Minh Đức"),
    )
    .await
    else {
        return Ok(());
    };
    crate::services::files::store(
        db,
        storage,
        &crate::services::files::Upload {
            file_name: "bao-cao-318-ra-soat-van-ban.pdf".into(),
            bytes,
        },
        crate::services::files::Owner::Update {
            task_id: t.id,
            update_id: update.id,
        },
        Some(officer.id.0),
    )
    .await?;
    Ok(())
}

/// Directions of the Chairman and the vice-chair: on the Department of Justice's 9-month
/// report and on the commune (answered), and on a late task of the Department of Science and
/// Technology (waiting for its answer).
async fn directions(
    db: &DatabaseConnection,
    m9: PeriodId,
    stp: crate::domain::UnitId,
    tp: crate::domain::UnitId,
    skhcn: crate::domain::UnitId,
) -> Result<(), AppError> {
    use crate::services::directions::{answer, give, Target};
    let chairman = demo_user(db, "chutich").await?;
    let vice = demo_user(db, "phochutich").await?;
    let d = give(
        db,
        &chairman,
        Target::Report(m9, stp),
        "Đề nghị Sở Tư pháp đôn đốc các sở, ngành gửi số liệu xử lý vi phạm hành chính, hoàn thành báo cáo theo dõi thi hành pháp luật trong quý IV.",
    )
    .await?;
    answer(
        db,
        &demo_user(db, "stp.giamdoc").await?,
        d,
        "Sở Tư pháp đã có Công văn đôn đốc 12 sở, ngành; dự kiến trình báo cáo trước ngày 20/12/2026.",
    )
    .await?;
    dated(db, d, (2026, 9, 22), Some((2026, 9, 29))).await?;
    let d = give(
        db,
        &chairman,
        Target::Unit(tp),
        "Đề nghị UBND xã Tân Phú rà soát, bố trí đủ công chức tại Bộ phận Một cửa, không để hồ sơ trễ hạn.",
    )
    .await?;
    answer(
        db,
        &demo_user(db, "tanphu.chutich").await?,
        d,
        "UBND xã đã bố trí thêm 01 công chức tư pháp - hộ tịch làm việc tại Bộ phận Một cửa từ ngày 01/11/2026.",
    )
    .await?;
    dated(db, d, (2026, 10, 20), Some((2026, 11, 3))).await?;
    let late = crate::entities::task::Entity::find()
        .filter(crate::entities::task::Column::LeadUnitId.eq(skhcn))
        .filter(crate::entities::task::Column::Title.starts_with("Hoàn thành số hóa hồ sơ tồn"))
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let d = give(
        db,
        &vice,
        Target::Task(crate::domain::TaskId(late.id)),
        "Đề nghị Sở Khoa học và Công nghệ cấp đủ máy quét cho 6 xã còn lại, hoàn thành số hóa hồ sơ tồn trước ngày 31/12/2026.",
    )
    .await?;
    dated(db, d, (2026, 11, 25), None).await
}

/// Sets when a demo direction was given and answered (09:00 in Vietnam), so that each falls
/// in the period of the story it belongs to.
async fn dated(
    db: &DatabaseConnection,
    id: i32,
    given: (i32, u32, u32),
    answered: Option<(i32, u32, u32)>,
) -> Result<(), AppError> {
    let at = |(y, m, d): (i32, u32, u32)| {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|day| day.and_hms_opt(2, 0, 0))
            .map(|t| Utc.from_utc_datetime(&t))
            .ok_or(AppError::Internal)
    };
    let mut row = crate::entities::direction::ActiveModel {
        id: Set(id),
        given_at: Set(at(given)?),
        ..Default::default()
    };
    if let Some(a) = answered {
        row.answered_at = Set(Some(at(a)?));
    }
    row.update(db).await?;
    Ok(())
}
