//! The reports as official documents (NĐ 30/2020): the province's and a unit's report laid out
//! as blocks, tables and annexes for the PDF engine.

use super::*;
use crate::model::direction::DirectionView;

pub(super) fn vi(key: &str) -> String {
    t(Lang::Vi, key)
}

pub(super) fn class_vi(c: FollowUpClass) -> String {
    vi(c.label_key())
}

pub(super) fn num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}").replace('.', ",")
    }
}

pub(super) fn date_vi(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

pub(super) fn paragraphs(text: &str) -> Vec<Block> {
    if text.trim().is_empty() {
        return vec![Block::Paragraph("(Không có nội dung.)".into())];
    }
    vec![Block::Paragraph(text.trim().to_string())]
}

pub(super) fn col(title: &str, weight: f32, align: Align) -> Column {
    Column {
        title: title.into(),
        weight,
        align,
    }
}

pub(super) fn counts_cells(label: String, c: &ClassCounts, bold: bool) -> Row {
    Row {
        cells: vec![
            label,
            c.total().to_string(),
            c.on_time.to_string(),
            c.late.to_string(),
            c.in_progress.to_string(),
            c.overdue.to_string(),
            c.completion_rate()
                .map(|r| format!("{r:.1}").replace('.', ","))
                .unwrap_or_else(|| "-".into()),
        ],
        bold,
    }
}

pub(super) fn counts_table(first: &str, rows: &[FigureRow], totals: &ClassCounts) -> Table {
    let mut out: Vec<Row> = rows
        .iter()
        .map(|r| counts_cells(r.label.clone(), &r.counts, false))
        .collect();
    out.push(counts_cells("Tổng cộng".into(), totals, true));
    Table {
        columns: vec![
            col(first, 4.0, Align::Left),
            col("Tổng số", 1.1, Align::Center),
            col("Hoàn thành đúng hạn", 1.4, Align::Center),
            col("Hoàn thành quá hạn", 1.4, Align::Center),
            col("Đang thực hiện trong hạn", 1.5, Align::Center),
            col("Quá hạn chưa hoàn thành", 1.5, Align::Center),
            col("Tỷ lệ hoàn thành (%)", 1.3, Align::Center),
        ],
        rows: out,
    }
}

pub(super) fn indicator_table(inds: &[SnapIndicator], last: &str) -> Table {
    Table {
        columns: vec![
            col("STT", 0.6, Align::Center),
            col("Chỉ tiêu", 4.0, Align::Left),
            col("Đơn vị tính", 1.1, Align::Center),
            col("Giá trị đầu kỳ", 1.1, Align::Center),
            col("Mục tiêu", 1.1, Align::Center),
            col("Thực hiện", 1.1, Align::Center),
            col("Đánh giá", 1.3, Align::Center),
            col(last, 1.4, Align::Left),
        ],
        rows: inds
            .iter()
            .enumerate()
            .map(|(i, ind)| Row {
                cells: vec![
                    (i + 1).to_string(),
                    ind.name.clone(),
                    ind.measure.clone(),
                    ind.baseline.map(num).unwrap_or_else(|| "-".into()),
                    format!(
                        "{} {}",
                        if ind.direction == crate::domain::task::Direction::AtLeast {
                            "≥"
                        } else {
                            "≤"
                        },
                        num(ind.target)
                    ),
                    ind.actual.map(num).unwrap_or_else(|| "-".into()),
                    match ind.attained {
                        Some(true) => "Đạt".into(),
                        Some(false) => "Chưa đạt".into(),
                        None => "Chưa báo cáo".into(),
                    },
                    ind.note.clone(),
                ],
                bold: false,
            })
            .collect(),
    }
}

pub(super) fn task_table(tasks: &[SnapTask], with_update: bool) -> Table {
    let mut columns = vec![
        col("STT", 0.7, Align::Center),
        col("Nội dung nhiệm vụ", 5.0, Align::Left),
        col("Cơ quan chủ trì", 1.8, Align::Left),
        col("Thời hạn", 1.3, Align::Center),
        col("Tiến độ (%)", 0.9, Align::Center),
        col("Kết quả", 1.6, Align::Center),
    ];
    if with_update {
        columns.push(col("Cập nhật gần nhất", 3.0, Align::Left));
    }
    let width = columns.len();
    let mut rows = Vec::with_capacity(tasks.len() + 8);
    let mut source: Option<&str> = None;
    let mut sources = 0u8;
    let mut area: Option<&str> = None;
    let mut areas = 0;
    for (i, t) in tasks.iter().enumerate() {
        // The source documents' headings (A, B, ...), each with its own areas.
        if !t.source.is_empty() && source != Some(t.source.as_str()) {
            source = Some(t.source.as_str());
            let letter = char::from(b'A'.saturating_add(sources % 26)).to_string();
            sources = sources.saturating_add(1);
            area = None;
            areas = 0;
            let mut cells = vec![letter, t.source.to_uppercase()];
            cells.resize(width, String::new());
            rows.push(Row { cells, bold: true });
        }
        // The plan's area headings, numbered as printed (I, II, ...).
        if !t.area.is_empty() && area != Some(t.area.as_str()) {
            area = Some(t.area.as_str());
            areas += 1;
            let mut cells = vec![roman(areas), t.area.to_uppercase()];
            cells.resize(width, String::new());
            rows.push(Row { cells, bold: true });
        }
        rows.push(task_row(i, t, with_update));
    }
    Table { columns, rows }
}

pub(super) fn task_row(i: usize, t: &SnapTask, with_update: bool) -> Row {
    let mut cells = vec![
        if t.item_no.is_empty() {
            (i + 1).to_string()
        } else {
            t.item_no.clone()
        },
        t.title.clone(),
        t.lead_unit.clone(),
        if t.due_text.is_empty() {
            date_vi(t.due_on)
        } else {
            t.due_text.clone()
        },
        t.progress.to_string(),
        class_vi(t.class),
    ];
    if with_update {
        cells.push(t.latest_update.clone());
    }
    Row { cells, bold: false }
}

pub(super) fn overdue_table(tasks: &[SnapTask]) -> Table {
    Table {
        columns: vec![
            col("STT", 0.6, Align::Center),
            col("Nhiệm vụ", 5.0, Align::Left),
            col("Cơ quan chủ trì", 2.0, Align::Left),
            col("Hạn", 1.3, Align::Center),
            col("Số ngày quá hạn", 1.2, Align::Center),
        ],
        rows: tasks
            .iter()
            .enumerate()
            .map(|(i, t)| Row {
                cells: vec![
                    (i + 1).to_string(),
                    t.title.clone(),
                    t.lead_unit.clone(),
                    date_vi(t.due_on),
                    t.days_overdue.to_string(),
                ],
                bold: false,
            })
            .collect(),
    }
}

pub(super) fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// The issuing body as printed in a header: "UBND tỉnh Bắc Ninh" gives "ỦY BAN NHÂN DÂN" over
/// "TỈNH BẮC NINH".
pub fn issuing_body_lines(body: &str) -> String {
    let upper = body.trim().to_uppercase();
    for prefix in ["UBND ", "ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN "] {
        if let Some(rest) = upper.strip_prefix(prefix) {
            return format!("ỦY BAN NHÂN DÂN\n{}", rest.trim());
        }
    }
    upper
}

/// "Số: 125/BC-UBND"; a number not yet given ("/BC-UBND") keeps the blank the clerk fills in.
pub fn number_line(number: &str) -> String {
    let n = number.trim();
    if n.starts_with('/') {
        format!("Số:        {n}")
    } else {
        format!("Số: {n}")
    }
}

/// The number of a report issued by the holder of `symbol`: "08/BC-STP", or "/BC-STP" for
/// the clerk to fill in.
pub fn report_number(number: &str, symbol: &str) -> String {
    if symbol.is_empty() {
        format!("{}/BC", number.trim())
    } else {
        format!("{}/BC-{symbol}", number.trim())
    }
}

/// The line under an annex's title: "(Kèm theo Báo cáo số 08/BC-STP ngày 12/6/2025 của Sở
/// Tư pháp)", with blanks for what the clerk fills in.
fn attached_line(number: &str, date: Option<chrono::NaiveDate>, issuer: &str) -> String {
    let number = if number.trim().starts_with('/') {
        format!("       {}", number.trim())
    } else {
        number.trim().to_string()
    };
    let date = match date {
        Some(d) => d.format("%d/%m/%Y").to_string(),
        None => "     /     /".into(),
    };
    format!("(Kèm theo Báo cáo số {number} ngày {date} của {issuer})")
}

/// Tasks per class for each value of `key`, in the order the values first appear, with the
/// totals.
pub(super) fn counts_by(
    tasks: &[SnapTask],
    key: impl Fn(&SnapTask) -> String,
) -> (Vec<FigureRow>, ClassCounts) {
    let mut rows: Vec<FigureRow> = Vec::new();
    let mut totals = ClassCounts::default();
    for t in tasks {
        let label = key(t);
        let label = if label.is_empty() {
            "Khác".to_string()
        } else {
            label
        };
        let i = match rows.iter().position(|r| r.label == label) {
            Some(i) => i,
            None => {
                rows.push(FigureRow {
                    label,
                    counts: ClassCounts::default(),
                });
                rows.len() - 1
            }
        };
        rows[i].counts.add(t.class, 1);
        totals.add(t.class, 1);
    }
    (rows, totals)
}

/// A unit's part in a task as its report's statistics group it.
pub(super) fn role_of(t: &SnapTask) -> String {
    if t.lead { "Chủ trì" } else { "Phối hợp" }.to_string()
}

/// The units late with their reports as a table of the statistics annex.
pub(super) fn late_table(late: &[crate::model::report::LateUnit]) -> Table {
    Table {
        columns: vec![
            col("STT", 0.6, Align::Center),
            col("Cơ quan, đơn vị", 5.0, Align::Left),
            col("Tình trạng báo cáo", 2.5, Align::Left),
        ],
        rows: late
            .iter()
            .enumerate()
            .map(|(i, u)| Row {
                cells: vec![
                    (i + 1).to_string(),
                    u.unit_name.clone(),
                    vi(u.state.label_key()),
                ],
                bold: false,
            })
            .collect(),
    }
}

/// The table of leaders' directions and the units' answers (an annex of the province's
/// report).
pub(super) fn directions_table(directions: &[DirectionView]) -> Table {
    let rows = directions
        .iter()
        .enumerate()
        .map(|(i, d)| Row {
            cells: vec![
                (i + 1).to_string(),
                d.unit_name.clone(),
                format!(
                    "{} ({}, ngày {})",
                    d.body.trim(),
                    d.given_by,
                    crate::domain::calendar::local_day(d.given_at).format("%d/%m/%Y")
                ),
                direction_outcome(d),
            ],
            bold: false,
        })
        .collect();
    Table {
        columns: vec![
            col("STT", 0.6, Align::Center),
            col("Đơn vị", 2.0, Align::Left),
            col("Ý kiến chỉ đạo", 4.0, Align::Left),
            col("Kết quả thực hiện", 4.0, Align::Left),
        ],
        rows,
    }
}

/// A direction's answer as a report prints it, or that it waits for one.
fn direction_outcome(d: &DirectionView) -> String {
    match d.answered_at {
        Some(at) => format!(
            "{} (ngày {})",
            d.answer.trim(),
            crate::domain::calendar::local_day(at).format("%d/%m/%Y")
        ),
        None => "Đơn vị chưa báo cáo kết quả.".into(),
    }
}

/// The paragraphs of a unit report on the leaders' directions it received.
fn directions_paragraphs(directions: &[DirectionView]) -> Vec<Block> {
    if directions.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Block::Paragraph(
        "Kết quả thực hiện ý kiến chỉ đạo của lãnh đạo UBND tỉnh:".into(),
    )];
    for d in directions {
        out.push(Block::Paragraph(format!(
            "- {} chỉ đạo ngày {}: {} Kết quả: {}",
            d.given_by,
            crate::domain::calendar::local_day(d.given_at).format("%d/%m/%Y"),
            d.body.trim(),
            direction_outcome(d)
        )));
    }
    out
}

/// The province report as an official document.
pub fn province_doc(
    r: &province_report::Model,
    f: &ProvinceFigures,
    province: &Province,
    directions: &[DirectionView],
    signer: Option<&crate::model::SignerView>,
) -> OfficialDoc {
    let mut blocks = vec![Block::Heading("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH".into())];
    blocks.extend(paragraphs(&r.direction));
    blocks.push(Block::Heading(
        "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH".into(),
    ));
    blocks.push(Block::SubHeading(format!(
        "1. Kết quả thực hiện nhiệm vụ theo lĩnh vực (số liệu tính đến ngày {})",
        f.as_of.format("%d/%m/%Y")
    )));
    blocks.push(Block::Table(counts_table(
        "Lĩnh vực",
        &f.by_area,
        &f.totals,
    )));
    blocks.extend(paragraphs(&r.results));
    blocks.push(Block::SubHeading(
        "2. Kết quả thực hiện các chỉ tiêu".into(),
    ));
    if f.indicators.is_empty() {
        blocks.push(Block::Paragraph(
            "Kế hoạch không đặt chỉ tiêu định lượng.".into(),
        ));
    } else {
        blocks.push(Block::Table(indicator_table(
            &f.indicators,
            "Số đơn vị báo cáo",
        )));
    }
    blocks.push(Block::SubHeading(format!(
        "3. Nhiệm vụ quá hạn chưa hoàn thành ({} nhiệm vụ)",
        f.overdue.len()
    )));
    if f.overdue.is_empty() {
        blocks.push(Block::Paragraph("Không có nhiệm vụ quá hạn.".into()));
    } else {
        blocks.push(Block::Table(overdue_table(&f.overdue)));
    }
    blocks.push(Block::SubHeading(
        "4. Tình hình báo cáo của các cơ quan, đơn vị".into(),
    ));
    let late = if f.late_units.is_empty() {
        "Tất cả các cơ quan, đơn vị đã gửi báo cáo đúng hạn.".to_string()
    } else {
        format!(
            "Có {}/{} cơ quan, đơn vị có báo cáo được tiếp nhận. Các cơ quan, đơn vị chưa báo cáo hoặc báo cáo chậm: {}.",
            f.units_accepted,
            f.units_expected,
            f.late_units
                .iter()
                .map(|u| format!("{} ({})", u.unit_name, vi(u.state.label_key()).to_lowercase()))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    blocks.push(Block::Paragraph(late));
    blocks.push(Block::Heading("III. ĐÁNH GIÁ CHUNG".into()));
    blocks.extend(paragraphs(&r.assessment));
    blocks.push(Block::Heading("IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI".into()));
    blocks.extend(paragraphs(&r.next_tasks));
    blocks.push(Block::Heading("V. ĐỀ XUẤT, KIẾN NGHỊ".into()));
    blocks.extend(paragraphs(&r.proposals));

    let attached = attached_line(
        &r.number,
        Some(r.report_date),
        &province.committee().replace("Ủy ban nhân dân", "UBND"),
    );
    let mut stats = vec![
        Block::SubHeading("1. Kết quả thực hiện nhiệm vụ theo lĩnh vực cải cách hành chính".into()),
        Block::Table(counts_table("Lĩnh vực", &f.by_area, &f.totals)),
        Block::SubHeading("2. Kết quả thực hiện nhiệm vụ theo cơ quan chủ trì".into()),
        Block::Table(counts_table("Cơ quan chủ trì", &f.by_unit, &f.totals)),
        Block::SubHeading("3. Kết quả thực hiện các chỉ tiêu".into()),
    ];
    if f.indicators.is_empty() {
        stats.push(Block::Paragraph("Không có chỉ tiêu định lượng.".into()));
    } else {
        stats.push(Block::Table(indicator_table(
            &f.indicators,
            "Số đơn vị báo cáo",
        )));
    }
    stats.push(Block::SubHeading(format!(
        "4. Cơ quan, đơn vị chưa báo cáo hoặc báo cáo chậm ({}/{} đơn vị)",
        f.late_units.len(),
        f.units_expected
    )));
    if f.late_units.is_empty() {
        stats.push(Block::Paragraph(
            "Tất cả các cơ quan, đơn vị đã gửi báo cáo đúng hạn.".into(),
        ));
    } else {
        stats.push(Block::Table(late_table(&f.late_units)));
    }
    let mut annexes = vec![
        Annex {
            label: format!("Phụ lục {}", roman(1)),
            title: "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH VÀ TÌNH HÌNH THỰC HIỆN".into(),
            subtitle: format!(
                "{attached}\n(Số liệu tính đến ngày {})",
                f.as_of.format("%d/%m/%Y")
            ),
            landscape: true,
            blocks: vec![Block::Table(task_table(&f.tasks, false))],
        },
        Annex {
            label: format!("Phụ lục {}", roman(2)),
            title: "SỐ LIỆU THỐNG KÊ KẾT QUẢ THỰC HIỆN CẢI CÁCH HÀNH CHÍNH".into(),
            subtitle: format!(
                "{attached}\n(Số liệu tính đến ngày {})",
                f.as_of.format("%d/%m/%Y")
            ),
            landscape: false,
            blocks: stats,
        },
    ];
    if !directions.is_empty() {
        annexes.push(Annex {
            label: format!("Phụ lục {}", roman(3)),
            title: "Ý KIẾN CHỈ ĐẠO CỦA LÃNH ĐẠO UBND TỈNH VÀ KẾT QUẢ THỰC HIỆN".into(),
            subtitle: attached,
            landscape: false,
            blocks: vec![Block::Table(directions_table(directions))],
        });
    }
    OfficialDoc {
        parent_body: String::new(),
        body: issuing_body_lines(&province.committee()),
        number: number_line(&r.number),
        place_date: official_date_line(&r.place, r.report_date),
        kind_title: "BÁO CÁO".into(),
        summary: r.summary.clone(),
        blocks,
        recipients: lines(&r.recipients),
        signer_lines: signer.map_or_else(|| lines(&r.signer_lines), |s| s.block_lines()),
        signer_name: signer.map_or_else(|| r.signer_name.clone(), |s| s.full_name.clone()),
        annexes,
    }
}

/// The source documents of a snapshot's tasks, in their order, once each.
pub fn snapshot_sources(snap: &Snapshot) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in &snap.tasks {
        if !t.source.is_empty() && !out.contains(&t.source) {
            out.push(t.source.clone());
        }
    }
    out
}

/// What a unit report's document needs besides its snapshot.
pub struct UnitDocInfo<'a> {
    /// The period.
    pub period: &'a reporting_period::Model,
    /// The province (the issuing body above a department, the place of the date line).
    pub province: &'a Province,
    /// The unit as the issuer: its name, kind, symbol, place and signers.
    pub issuer: &'a crate::services::units::Issuer,
    /// The narrative.
    pub sections: &'a crate::model::report::Sections,
    /// Who signs: the chosen signer, else the unit's default one.
    pub signer: Option<&'a crate::model::SignerView>,
    /// Who submitted it, printed when the unit has no signer on record.
    pub submitter: &'a str,
    /// The number the clerk gave ("08"), or empty to leave it blank.
    pub number: &'a str,
    /// The report's date.
    pub date: chrono::NaiveDate,
    /// The leaders' directions on the report and to the unit, with the answers.
    pub directions: &'a [DirectionView],
}

/// The signing block of a unit without a signer on record, by its kind: a commune's
/// chairman signs for its People's Committee, a department's director, another body's head.
fn default_signer_lines(kind: UnitKind) -> Vec<String> {
    if kind.is_local() || kind == UnitKind::PeopleCommittee {
        vec!["TM. ỦY BAN NHÂN DÂN".into(), "CHỦ TỊCH".into()]
    } else if kind == UnitKind::Department {
        vec!["GIÁM ĐỐC".into()]
    } else {
        vec!["THỦ TRƯỞNG CƠ QUAN".into()]
    }
}

/// A unit's report as an official document.
pub fn unit_doc(info: &UnitDocInfo<'_>, snap: &Snapshot) -> OfficialDoc {
    let unit = &info.issuer.unit;
    let c = &snap.counts;
    let mut blocks = vec![Block::Heading("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ".into())];
    blocks.push(Block::Paragraph(format!(
        "Tính đến ngày {}, {} được giao chủ trì hoặc phối hợp thực hiện {} nhiệm vụ theo {}: \
         hoàn thành đúng hạn {}, hoàn thành quá hạn {}, đang thực hiện trong hạn {}, quá hạn chưa hoàn thành {} \
         (chi tiết tại Phụ lục I và Phụ lục II kèm theo).",
        snap.as_of.format("%d/%m/%Y"),
        unit.name,
        c.total(),
        sources_text(&snapshot_sources(snap)),
        c.on_time,
        c.late,
        c.in_progress,
        c.overdue
    )));
    blocks.extend(paragraphs(&info.sections.results));
    blocks.extend(directions_paragraphs(info.directions));
    blocks.push(Block::Heading("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU".into()));
    if snap.indicators.is_empty() {
        blocks.push(Block::Paragraph(
            "Đơn vị không được giao chỉ tiêu định lượng.".into(),
        ));
    } else {
        blocks.push(Block::Table(indicator_table(&snap.indicators, "Ghi chú")));
    }
    blocks.push(Block::Heading(
        "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN".into(),
    ));
    blocks.extend(paragraphs(&info.sections.shortcomings));
    blocks.push(Block::Heading("IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI".into()));
    blocks.extend(paragraphs(&info.sections.next_tasks));
    blocks.push(Block::Heading("V. ĐỀ XUẤT, KIẾN NGHỊ".into()));
    blocks.extend(paragraphs(&info.sections.proposals));
    let commune = unit.kind.is_local();
    let number = report_number(info.number, &info.issuer.symbol);
    let attached = attached_line(
        &number,
        (!info.number.trim().is_empty()).then_some(info.date),
        &unit.name,
    );
    let as_of = format!("(Số liệu tính đến ngày {})", snap.as_of.format("%d/%m/%Y"));
    let (by_area, totals) = counts_by(&snap.tasks, |t| t.area.clone());
    let (by_role, _) = counts_by(&snap.tasks, role_of);
    let mut stats = vec![
        Block::SubHeading("1. Kết quả thực hiện nhiệm vụ theo lĩnh vực cải cách hành chính".into()),
        Block::Table(counts_table("Lĩnh vực", &by_area, &totals)),
        Block::SubHeading("2. Kết quả thực hiện nhiệm vụ theo vai trò của đơn vị".into()),
        Block::Table(counts_table("Vai trò", &by_role, &totals)),
        Block::SubHeading("3. Kết quả thực hiện các chỉ tiêu".into()),
    ];
    if snap.indicators.is_empty() {
        stats.push(Block::Paragraph(
            "Đơn vị không được giao chỉ tiêu định lượng.".into(),
        ));
    } else {
        stats.push(Block::Table(indicator_table(&snap.indicators, "Ghi chú")));
    }
    let place = if unit.place.is_empty() {
        info.province.place.as_str()
    } else {
        unit.place.as_str()
    };
    OfficialDoc {
        // A commune's People's Committee issues in its own name; a department under the province's.
        parent_body: if commune {
            String::new()
        } else {
            info.province
                .committee()
                .to_uppercase()
                .replace("ỦY BAN NHÂN DÂN ", "UBND ")
        },
        body: issuing_body_lines(&unit.name),
        number: number_line(&number),
        place_date: official_date_line(place, info.date),
        kind_title: "BÁO CÁO".into(),
        summary: format!(
            "Kết quả thực hiện công tác cải cách hành chính {}",
            period_phrase_vi(info.period.kind, info.period.year)
        ),
        blocks,
        recipients: lines(&info.province.unit_recipients),
        signer_lines: info
            .signer
            .map_or_else(|| default_signer_lines(unit.kind), |s| s.block_lines()),
        signer_name: info
            .signer
            .map_or_else(|| info.submitter.to_string(), |s| s.full_name.clone()),
        annexes: vec![
            Annex {
                label: format!("Phụ lục {}", roman(1)),
                title: "DANH MỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN".into(),
                subtitle: format!("{attached}\n{as_of}"),
                landscape: true,
                blocks: vec![Block::Table(task_table(&snap.tasks, true))],
            },
            Annex {
                label: format!("Phụ lục {}", roman(2)),
                title: "SỐ LIỆU THỐNG KÊ KẾT QUẢ THỰC HIỆN CẢI CÁCH HÀNH CHÍNH".into(),
                subtitle: format!("{attached}\n{as_of}"),
                landscape: false,
                blocks: stats,
            },
        ],
    }
}
