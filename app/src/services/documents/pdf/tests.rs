//! Rendering tests. They need the Liberation Serif 2 fonts and poppler-utils (pdftotext,
//! pdffonts, pdfinfo, pdftoppm), both installed by `scripts/setup.sh`.

mod common {

    use crate::services::documents::pdf::{Align, Annex, Block, Column, OfficialDoc, Row, Table};

    pub const FONT_DIR: &str = "/usr/share/fonts/truetype/liberation2";

    pub const LONG_TASK: &str = "Rà soát, đánh giá và đề xuất sửa đổi, bổ sung quy trình nội bộ giải quyết thủ tục hành chính trong lĩnh vực đất đai, xây dựng, đầu tư theo hướng cắt giảm tối thiểu 30% thời gian giải quyết so với quy định hiện hành";

    const NARRATIVE: &str = "Thực hiện Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030 và Kế hoạch số 125/KH-UBND của Ủy ban nhân dân tỉnh, các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố đã tập trung chỉ đạo, triển khai đồng bộ các nhiệm vụ cải cách hành chính; gắn công tác cải cách hành chính với việc thực hiện nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh tại địa phương. Công tác kiểm tra, giám sát được tăng cường, kịp thời phát hiện và chấn chỉnh những tồn tại, hạn chế; trách nhiệm của người đứng đầu trong thực hiện nhiệm vụ cải cách hành chính được đề cao.";

    const NARRATIVE2: &str = "Việc ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động của cơ quan hành chính nhà nước tiếp tục được đẩy mạnh; tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình đạt 68,5%, tăng 12,3% so với cùng kỳ năm trước. Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh được kết nối, tích hợp với Cổng Dịch vụ công quốc gia, bảo đảm thông suốt, an toàn thông tin. Mức độ hài lòng của người dân, doanh nghiệp đối với sự phục vụ của cơ quan hành chính nhà nước đạt 92,7%.";

    pub fn task_title(i: usize) -> String {
        let base = [
            LONG_TASK,
            "Triển khai thực hiện chuyển đổi số trong tiếp nhận, giải quyết hồ sơ thủ tục hành chính tại Bộ phận Một cửa các cấp, bảo đảm kết nối, chia sẻ dữ liệu",
            "Kiện toàn tổ chức bộ máy, sắp xếp các đơn vị sự nghiệp công lập theo hướng tinh gọn, hoạt động hiệu lực, hiệu quả; đẩy mạnh tự chủ tài chính",
            "Đào tạo, bồi dưỡng nâng cao năng lực, kỹ năng số cho đội ngũ cán bộ, công chức, viên chức làm công tác cải cách hành chính ở cơ sở",
        ];
        format!("{} (nhiệm vụ {}).", base[i % base.len()], i + 1)
    }

    pub fn big_table(rows: usize) -> Table {
        let col = |title: &str, weight: f32, align: Align| Column {
            title: title.into(),
            weight,
            align,
        };
        Table {
            columns: vec![
                col("STT", 0.5, Align::Center),
                col("Nội dung nhiệm vụ", 5.0, Align::Left),
                col("Cơ quan chủ trì", 1.8, Align::Left),
                col("Thời hạn hoàn thành", 1.3, Align::Center),
                col("Kết quả thực hiện", 1.6, Align::Left),
                col("Tỷ lệ (%)", 0.8, Align::Right),
            ],
            rows: (0..rows)
                .map(|i| Row {
                    cells: vec![
                        (i + 1).to_string(),
                        task_title(i),
                        [
                            "Sở Nội vụ",
                            "Sở Tư pháp",
                            "Văn phòng UBND tỉnh",
                            "Sở Thông tin và Truyền thông",
                        ][i % 4]
                            .into(),
                        format!("Quý {} năm 2025", i % 4 + 1),
                        [
                            "Đã hoàn thành",
                            "Đang thực hiện",
                            "Chưa thực hiện, đề nghị gia hạn",
                        ][i % 3]
                            .into(),
                        format!("{},{}", 50 + i % 50, i % 10),
                    ],
                    bold: i % 50 == 0,
                })
                .collect(),
        }
    }

    pub fn sample_doc(table_rows: usize) -> OfficialDoc {
        let mut blocks = vec![
            Block::Heading("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH".into()),
            Block::Paragraph(format!("{NARRATIVE}\n{NARRATIVE2}")),
            Block::Heading("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH".into()),
            Block::SubHeading("1. Cải cách thể chế".into()),
            Block::Paragraph(format!("{NARRATIVE2}\n{NARRATIVE}\n{NARRATIVE2}")),
            Block::SubHeading("2. Cải cách thủ tục hành chính".into()),
            Block::Paragraph(format!("{NARRATIVE}\n{NARRATIVE}")),
            Block::Table(big_table(6)),
            Block::SubHeading("3. Cải cách tổ chức bộ máy hành chính nhà nước".into()),
            Block::Paragraph(format!(
                "{NARRATIVE2}\n{NARRATIVE}\n{NARRATIVE2}\n{NARRATIVE}"
            )),
            Block::Heading("III. ĐÁNH GIÁ CHUNG".into()),
            Block::Paragraph(format!("{NARRATIVE}\n{NARRATIVE2}\n{NARRATIVE}")),
            Block::Heading("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2025".into()),
            Block::Paragraph(format!("{NARRATIVE2}\n{NARRATIVE}\n{NARRATIVE2}")),
        ];
        blocks.push(Block::Paragraph(
            "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2025 của Ủy ban nhân dân tỉnh Đồng Nai./.".into(),
        ));
        OfficialDoc {
            parent_body: String::new(),
            body: "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI".into(),
            number: "Số:      /BC-UBND".into(),
            place_date: "Đồng Nai, ngày 05 tháng 4 năm 2025".into(),
            kind_title: "BÁO CÁO".into(),
            summary: "Kết quả thực hiện công tác cải cách hành chính quý I năm 2025".into(),
            blocks,
            recipients: vec![
                "- Bộ Nội vụ;".into(),
                "- Thường trực Tỉnh ủy;".into(),
                "- Thường trực HĐND tỉnh;".into(),
                "- Chủ tịch, các Phó Chủ tịch UBND tỉnh;".into(),
                "- Các sở, ban, ngành tỉnh;".into(),
                "- UBND các huyện, thành phố;".into(),
                "- Lưu: VT, SNV.".into(),
            ],
            signer_lines: vec!["TM. ỦY BAN NHÂN DÂN".into(), "KT. CHỦ TỊCH".into(), "PHÓ CHỦ TỊCH".into()],
            signer_name: "Nguyễn Thị Hoàng Ưng".into(),
            annexes: vec![Annex {
                label: "Phụ lục I".into(),
                title: "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025 VÀ KẾT QUẢ THỰC HIỆN QUÝ I".into(),
                subtitle: "(Kèm theo Báo cáo số      /BC-UBND ngày 05 tháng 4 năm 2025 của Ủy ban nhân dân tỉnh Đồng Nai)".into(),
                landscape: true,
                blocks: vec![Block::Table(big_table(table_rows))],
            }],
        }
    }
}

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::services::documents::pdf::{render, Block, Fonts, OfficialDoc, PdfError};

fn fonts() -> Fonts {
    Fonts::load(Path::new(common::FONT_DIR)).expect("Liberation Serif fonts")
}

fn out_dir() -> PathBuf {
    let dir = std::env::temp_dir().join("cchc-pdf-tests");
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let path = out_dir().join(name);
    std::fs::write(&path, bytes).expect("write pdf");
    path
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// `layout`: physical layout (`-layout`); otherwise content-stream order
/// (`-raw`), which keeps the lines of a table cell together.
fn text_of(pdf: &Path, layout: bool) -> String {
    let p = pdf.to_str().expect("path");
    let mode = if layout { "-layout" } else { "-raw" };
    run("pdftotext", &[mode, "-enc", "UTF-8", p, "-"])
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdfinfo_pages(pdf: &Path) -> usize {
    let info = run("pdfinfo", &[pdf.to_str().expect("path")]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("page count")
}

#[test]
fn full_report_text_fonts_and_pages() {
    let fonts = fonts();
    let doc = common::sample_doc(300);
    let (bytes, pages) = render(&doc, &fonts).expect("render");
    let path = write("full-report.pdf", &bytes);

    let text = text_of(&path, true);
    for needle in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính quý I năm 2025",
        "Đồng Nai, ngày 05 tháng 4 năm 2025",
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
        "1. Cải cách thể chế",
        "Nơi nhận:",
        "- Lưu: VT, SNV.",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Thị Hoàng Ưng",
        "Phụ lục I",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
    // The number keeps its blank space for the hand-written number.
    assert!(text.contains("Số:      /BC-UBND") || squash(&text).contains("Số: /BC-UBND"));

    // Table cells wrap; compare with whitespace normalised (content-stream order).
    let flat = squash(&text_of(&path, false));
    assert!(
        flat.contains(common::LONG_TASK),
        "long task title not found"
    );
    assert!(
        flat.contains(&common::task_title(299)),
        "last row not found"
    );
    assert!(flat.contains("Ủy ban nhân dân tỉnh, các sở, ban, ngành"));

    // The header row is repeated on every annex page: count its occurrences.
    let header_count = text.matches("Nội dung nhiệm vụ").count();
    assert!(
        header_count >= 10,
        "header row repeated only {header_count} times"
    );

    // Fonts: embedded subsets of Liberation Serif.
    let fonts_out = run("pdffonts", &[path.to_str().expect("path")]);
    let rows: Vec<&str> = fonts_out.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{fonts_out}");
    for row in &rows {
        assert!(row.contains("LiberationSerif"), "{row}");
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols.len().checked_sub(5).map(|i| cols[i]);
        assert_eq!(emb, Some("yes"), "font not embedded: {row}");
    }

    // Page count.
    assert_eq!(pdfinfo_pages(&path), pages);
    assert!((15..=60).contains(&pages), "unexpected page count {pages}");
    let info = run(
        "pdfinfo",
        &[
            "-f",
            "1",
            "-l",
            &pages.to_string(),
            path.to_str().expect("path"),
        ],
    );
    assert!(
        info.contains("842 x 595") || info.contains("841.89 x 595.276"),
        "no landscape page:\n{info}"
    );
    assert!(bytes.len() < 1_000_000, "file too large: {}", bytes.len());

    // The closing block is kept together on one page.
    let closing_page = (1..=pages)
        .map(|p| {
            let p = p.to_string();
            run(
                "pdftotext",
                &[
                    "-f",
                    &p,
                    "-l",
                    &p,
                    "-layout",
                    path.to_str().expect("path"),
                    "-",
                ],
            )
        })
        .find(|t| t.contains("Nơi nhận:"))
        .expect("page with the closing block");
    assert!(
        closing_page.contains("Nguyễn Thị Hoàng Ưng")
            && closing_page.contains("TM. ỦY BAN NHÂN DÂN")
    );

    // Page numbers: none on page 1, "2" at the top of page 2.
    let page2 = run(
        "pdftotext",
        &[
            "-f",
            "2",
            "-l",
            "2",
            "-layout",
            path.to_str().expect("path"),
            "-",
        ],
    );
    assert_eq!(
        page2.lines().find(|l| !l.trim().is_empty()).map(str::trim),
        Some("2")
    );

    // Images for visual inspection.
    let prefix = out_dir().join("report");
    run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            path.to_str().expect("path"),
            prefix.to_str().expect("path"),
        ],
    );
}

#[test]
fn small_report_fits_on_few_pages() {
    let fonts = fonts();
    let mut doc = common::sample_doc(3);
    doc.parent_body = "UBND TỈNH ĐỒNG NAI".into();
    doc.body = "SỞ NỘI VỤ".into();
    doc.number = "Số: 12/BC-SNV".into();
    doc.blocks.truncate(3);
    doc.annexes[0].landscape = false;
    let (bytes, pages) = render(&doc, &fonts).expect("render");
    let path = write("small.pdf", &bytes);
    assert_eq!(pdfinfo_pages(&path), pages);
    assert!(pages <= 4, "{pages} pages");
    let text = text_of(&path, true);
    assert!(text.contains("UBND TỈNH ĐỒNG NAI"));
    assert!(text.contains("SỞ NỘI VỤ"));
    assert!(text.contains("Số: 12/BC-SNV"));
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
}

#[test]
fn very_long_paragraph() {
    let fonts = fonts();
    let sentence =
        "Đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp. ";
    let mut para = String::new();
    while para.chars().count() < 100_000 {
        para.push_str(sentence);
    }
    // A "word" far longer than a line must be broken, not overflow.
    para.push_str(&"Ưu".repeat(400));
    let doc = OfficialDoc {
        body: "SỞ NỘI VỤ".into(),
        kind_title: "BÁO CÁO".into(),
        summary: "Kiểm thử đoạn văn rất dài".into(),
        blocks: vec![Block::Paragraph(para)],
        signer_name: "Trần Văn Ánh".into(),
        ..Default::default()
    };
    let t = std::time::Instant::now();
    let (bytes, pages) = render(&doc, &fonts).expect("render");
    let elapsed = t.elapsed();
    let path = write("long.pdf", &bytes);
    assert!(pages > 30, "{pages} pages");
    assert_eq!(pdfinfo_pages(&path), pages);
    // Generous bound: debug builds are much slower than release.
    assert!(elapsed.as_secs_f64() < 10.0, "took {elapsed:?}");
    let text = squash(&text_of(&path, false));
    assert!(text.matches(sentence.trim()).count() > 1000);
    assert!(text.contains(&"Ưu".repeat(20)));
    // No line may run past the right margin: pdftotext -bbox gives word boxes.
    let bbox = run("pdftotext", &["-bbox", path.to_str().expect("path"), "-"]);
    let max_x = bbox
        .lines()
        .filter_map(|l| l.split("xMax=\"").nth(1))
        .filter_map(|v| v.split('"').next())
        .filter_map(|v| v.parse::<f64>().ok())
        .fold(0.0, f64::max);
    let right_edge = (210.0 - 15.0) * 72.0 / 25.4;
    assert!(
        max_x <= right_edge + 1.0,
        "text reaches x = {max_x}, margin at {right_edge}"
    );
}

#[test]
fn characters_outside_the_font() {
    let fonts = fonts();
    let doc = OfficialDoc {
        body: "SỞ NỘI VỤ 🏛".into(),
        kind_title: "BÁO CÁO".into(),
        summary: "Ký tự lạ 漢字 😀".into(),
        blocks: vec![
            Block::Heading("I. THỬ\u{0} NGHIỆM\u{7}".into()),
            Block::Paragraph("Văn bản có emoji 😀🎉, chữ Hán 漢字, ký tự NUL \u{0} và tab\tở giữa; tổ hợp e\u{0323}\u{0302} thành ệ.".into()),
        ],
        recipients: vec!["- Lưu: VT.\u{1F600}".into()],
        signer_name: "Lê Thị Ơn".into(),
        ..Default::default()
    };
    let (bytes, pages) = render(&doc, &fonts).expect("render");
    assert_eq!(pages, 1);
    let path = write("odd.pdf", &bytes);
    assert_eq!(pdfinfo_pages(&path), 1);
    let text = squash(&text_of(&path, false));
    assert!(
        text.contains(
            "Văn bản có emoji ??, chữ Hán ??, ký tự NUL và tab ở giữa; tổ hợp ệ thành ệ."
        ),
        "{text}"
    );
    assert!(text.contains("I. THỬ NGHIỆM"), "{text}");
    assert!(text.contains("Ký tự lạ ?? ?"), "{text}");
}

#[test]
fn missing_font_directory_is_an_error() {
    match Fonts::load(Path::new("/nonexistent/fonts")) {
        Err(PdfError::Font(msg)) => assert!(msg.contains("LiberationSerif-Regular.ttf")),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("loading from a missing directory succeeded"),
    }
}

#[test]
fn row_taller_than_a_page_is_split_with_repeated_header() {
    use crate::services::documents::pdf::{Align, Column, Row, Table};
    let fonts = fonts();
    let huge: String = (1..=400)
        .map(|i| format!("Nội dung chi tiết số {i} của nhiệm vụ. "))
        .collect();
    let table = Table {
        columns: vec![
            Column {
                title: "STT".into(),
                weight: 1.0,
                align: Align::Center,
            },
            Column {
                title: "Nội dung".into(),
                weight: 6.0,
                align: Align::Left,
            },
        ],
        rows: vec![
            Row {
                cells: vec!["1".into(), "Dòng ngắn".into()],
                bold: false,
            },
            Row {
                cells: vec!["2".into(), huge.clone()],
                bold: false,
            },
            Row {
                cells: vec!["3".into(), "Dòng cuối cùng".into()],
                bold: true,
            },
        ],
    };
    let doc = OfficialDoc {
        body: "SỞ NỘI VỤ".into(),
        kind_title: "BÁO CÁO".into(),
        blocks: vec![Block::Table(table)],
        ..Default::default()
    };
    let (bytes, pages) = render(&doc, &fonts).expect("render");
    let path = write("split.pdf", &bytes);
    assert!(pages >= 3, "{pages}");
    // Drop the repeated header rows and page numbers before comparing.
    let raw = text_of(&path, false);
    let body: Vec<&str> = raw
        .lines()
        .map(|l| l.trim_start_matches('\u{c}').trim())
        .filter(|l| *l != "STT Nội dung" && !l.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let flat = squash(&body.join(" "));
    assert!(
        flat.contains(squash(&huge).as_str()),
        "split cell text incomplete"
    );
    assert!(flat.contains("Dòng cuối cùng"));
    for page in 2..=pages {
        let p = page.to_string();
        let t = run(
            "pdftotext",
            &[
                "-f",
                &p,
                "-l",
                &p,
                "-layout",
                path.to_str().expect("path"),
                "-",
            ],
        );
        assert!(t.contains("Nội dung"), "no header row on page {page}");
    }
}

#[test]
fn headings_are_kept_with_the_next_line() {
    let fonts = fonts();
    let mut moved = false;
    for n in 20..64 {
        let mut blocks: Vec<Block> = (0..n)
            .map(|i| Block::Paragraph(format!("Dòng thứ {i}.")))
            .collect();
        blocks.push(Block::Heading("II. MỤC TIÊU TRỌNG TÂM".into()));
        blocks.push(Block::Paragraph("Nội dung sau tiêu đề.".into()));
        let doc = OfficialDoc {
            body: "SỞ NỘI VỤ".into(),
            kind_title: "BÁO CÁO".into(),
            blocks,
            ..Default::default()
        };
        let (bytes, pages) = render(&doc, &fonts).expect("render");
        let path = write("keep.pdf", &bytes);
        for page in 1..=pages {
            let p = page.to_string();
            let t = run(
                "pdftotext",
                &[
                    "-f",
                    &p,
                    "-l",
                    &p,
                    "-layout",
                    path.to_str().expect("path"),
                    "-",
                ],
            );
            let last = t
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .map(str::trim);
            assert_ne!(
                last,
                Some("II. MỤC TIÊU TRỌNG TÂM"),
                "heading alone at the bottom of page {page} (n = {n})"
            );
            // Second non-empty line (after the page number) is the heading: it was moved.
            let second = t
                .lines()
                .filter(|l| !l.trim().is_empty())
                .nth(1)
                .map(str::trim);
            moved |= page > 1 && second == Some("II. MỤC TIÊU TRỌNG TÂM");
        }
    }
    assert!(moved, "no case exercised the page break before a heading");
}

#[test]
fn long_header_names_and_many_recipients() {
    let fonts = fonts();
    let recipients: Vec<String> = (1..=70)
        .map(|i| {
            format!(
                "- Ủy ban nhân dân xã số {i} thuộc huyện Long Thành, tỉnh Đồng Nai (để thực hiện);"
            )
        })
        .collect();
    let doc = OfficialDoc {
        parent_body: "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI".into(),
        body: "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH VÀ CHUYỂN ĐỔI SỐ TỈNH ĐỒNG NAI".into(),
        number: "Số: 1234/BC-BCĐ".into(),
        place_date: "Đồng Nai, ngày 31 tháng 12 năm 2025".into(),
        kind_title: "BÁO CÁO".into(),
        summary: "Tổng kết công tác cải cách hành chính, chuyển đổi số năm 2025 và phương hướng, nhiệm vụ trọng tâm năm 2026 trên địa bàn tỉnh Đồng Nai".into(),
        blocks: vec![Block::Paragraph("Nội dung báo cáo.".into())],
        recipients: recipients.clone(),
        signer_lines: vec!["TRƯỞNG BAN".into()],
        signer_name: "Võ Tấn Đức".into(),
        ..Default::default()
    };
    let (bytes, pages) = render(&doc, &fonts).expect("render");
    let path = write("names.pdf", &bytes);
    assert!(pages >= 2, "{pages}");
    let flat = squash(&text_of(&path, false));
    assert!(
        flat.contains("BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH VÀ CHUYỂN ĐỔI SỐ TỈNH ĐỒNG NAI"),
        "{flat}"
    );
    assert!(flat.contains("phương hướng, nhiệm vụ trọng tâm năm 2026 trên địa bàn tỉnh Đồng Nai"));
    for r in &recipients {
        assert!(flat.contains(r.as_str()), "missing recipient {r}");
    }
    assert!(flat.contains("Võ Tấn Đức"));
}

#[test]
fn fonts_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Fonts>();
}

#[test]
fn degenerate_inputs_still_render() {
    use crate::services::documents::pdf::{Align, Annex, Column, Row, Table};
    let fonts = fonts();
    let (bytes, pages) = render(&OfficialDoc::default(), &fonts).expect("empty document");
    assert_eq!(pages, 1);
    assert_eq!(pdfinfo_pages(&write("empty.pdf", &bytes)), 1);

    let junk = "\u{0} \u{200B}\t\u{7}";
    let doc = OfficialDoc {
        parent_body: junk.into(),
        body: junk.into(),
        number: junk.into(),
        place_date: junk.into(),
        kind_title: junk.into(),
        summary: junk.into(),
        blocks: vec![
            Block::Heading(junk.into()),
            Block::SubHeading(String::new()),
            Block::Paragraph("\n\n\n".into()),
            Block::Table(Table {
                columns: vec![],
                rows: vec![Row {
                    cells: vec!["x".into()],
                    bold: false,
                }],
            }),
            Block::Table(Table {
                columns: vec![
                    Column {
                        title: String::new(),
                        weight: f32::NAN,
                        align: Align::Right,
                    },
                    Column {
                        title: "B".into(),
                        weight: 0.0,
                        align: Align::Center,
                    },
                ],
                rows: vec![
                    Row {
                        cells: vec![],
                        bold: true,
                    },
                    Row {
                        cells: vec!["1".into(), "2".into(), "3".into()],
                        bold: false,
                    },
                    Row {
                        cells: vec![junk.into(), "a\n\nb".into()],
                        bold: false,
                    },
                ],
            }),
        ],
        recipients: vec![junk.into(), String::new()],
        signer_lines: vec![junk.into()],
        signer_name: junk.into(),
        annexes: vec![Annex {
            landscape: true,
            ..Default::default()
        }],
    };
    let (bytes, pages) = render(&doc, &fonts).expect("junk document");
    assert_eq!(pages, 2);
    assert_eq!(pdfinfo_pages(&write("junk.pdf", &bytes)), 2);
}
