//! The demo province's plans: a 2021–2030 programme, the 2025 plan (with a task of a district
//! handed to its successor commune), the 2026 plan and a conclusion notice of the Chairman,
//! with progress in every follow-up class, an extension and indicators. Loaded once, with the
//! demo units.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use crate::domain::progress::UpdateKind;
use crate::domain::task::{
    Aggregation, Deadline, DeadlineKind, Direction, PeriodKind, PlanKind, PlanStatus, TaskState,
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

/// A demo indicator: name, measure, (baseline, target), direction, how the province figure is
/// formed, area, responsible units, values (with the base a ratio is over).
type DemoIndicator = (
    &'static str,
    &'static str,
    (f64, f64),
    Direction,
    Aggregation,
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, PeriodKind, f64, Option<f64>)],
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

/// The tasks of the conclusion notice 156/TB-UBND (no headings: a notice lists its tasks).
fn tasks_notice() -> Vec<DemoTask> {
    vec![
        t("tthc", "Chấn chỉnh tình trạng trễ hạn giải quyết hồ sơ thủ tục hành chính; thực hiện xin lỗi người dân, tổ chức đối với hồ sơ trễ hạn", "VPUBND", &["SNV"], day(2026, 6, 30), "Báo cáo kết quả chấn chỉnh", done(2026, 6, 26), "Đã ban hành Công văn chấn chỉnh; tỷ lệ hồ sơ trễ hạn giảm từ 3,1% xuống 0,8%."),
        t("tthc", "Rà soát thủ tục hành chính lĩnh vực hộ tịch, chứng thực có tỷ lệ hồ sơ trễ hạn cao, đề xuất phương án xử lý", "STP", &[], day(2026, 5, 31), "Báo cáo rà soát, phương án xử lý", done(2026, 5, 29), "Đã rà soát 24 thủ tục; đề xuất rút ngắn thời gian giải quyết 6 thủ tục."),
        t("so", "Hoàn thành số hóa hồ sơ tồn tại Bộ phận Một cửa cấp xã; bảo đảm đủ máy quét, máy tính", "SKHCN", &["X-TANPHU", "X-BINHSON"], day(2026, 9, 30), "100% hồ sơ tồn được số hóa", doing(60), "Đã cấp 14 máy quét cho các xã; còn 6 xã chưa đủ thiết bị."),
        t("chi_dao", "Kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính tại Bộ phận Một cửa các cấp", "SNV", &["VPUBND"], quarter(2026, 3), "Báo cáo kết quả kiểm tra đột xuất", done(2026, 9, 25), "Đã kiểm tra đột xuất 10 đơn vị; nhắc nhở 3 công chức."),
        t("tai_chinh", "Bố trí kinh phí nâng cấp trang thiết bị Bộ phận Một cửa cấp xã", "STC", &["SKHCN"], day(2026, 7, 31), "Quyết định bổ sung kinh phí", doing(40), "Đang tổng hợp nhu cầu của các xã, phường."),
        t("tthc", "Tổ chức đối thoại giữa lãnh đạo xã với người dân về giải quyết thủ tục hành chính", "X-BINHSON", &[], day(2026, 11, 30), "Biên bản đối thoại", NS, ""),
    ]
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
        // The rest of the plan's table, heading by heading (appended: the rows above are
        // found by position, and the plan page groups every row under its area).
        // Công tác chỉ đạo, điều hành.
        t("chi_dao", "Ban hành Bộ tiêu chí xác định Chỉ số cải cách hành chính của các sở, ban, ngành và UBND cấp xã năm 2026", "SNV", &["VPUBND"], month(2026, 3, 31), "Quyết định ban hành Bộ tiêu chí", done(2026, 4, 8), "UBND tỉnh ban hành Quyết định số 520/QĐ-UBND ngày 08/4/2026; chậm do điều chỉnh tiêu chí đối với cấp xã sau sắp xếp."),
        t("chi_dao", "Đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước trên địa bàn tỉnh năm 2026", "SNV", &["SKHCN"], quarter(2026, 4), "Báo cáo kết quả đo lường sự hài lòng", doing(70), "Đã phát và thu về 2.400 phiếu khảo sát tại 20 xã, phường, đặc khu; đang xử lý số liệu."),
        t("chi_dao", "Tổng hợp, xây dựng báo cáo cải cách hành chính định kỳ quý, 6 tháng, 9 tháng và năm gửi Bộ Nội vụ", "SNV", &["VPUBND"], ONGOING, "Báo cáo định kỳ gửi đúng thời hạn", doing(75), "Đã gửi báo cáo quý I, 6 tháng và 9 tháng đúng thời hạn."),
        t("chi_dao", "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2026 của tỉnh, hoàn thiện tài liệu kiểm chứng", "SNV", &["VPUBND", "STC", "SKHCN"], day(2026, 12, 31), "Báo cáo tự đánh giá kèm tài liệu kiểm chứng", doing(20), "Đã đề nghị các sở, ngành cung cấp tài liệu kiểm chứng trước ngày 20/12/2026."),
        t("chi_dao", "Theo dõi, đôn đốc việc thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao trên Hệ thống quản lý văn bản và điều hành", "VPUBND", &[], ONGOING, "Báo cáo tình hình thực hiện nhiệm vụ được giao hằng tháng", doing(80), "Tỷ lệ nhiệm vụ hoàn thành đúng hạn trong 10 tháng đạt 92,4%."),
        t("chi_dao", "Tuyên truyền về cải cách hành chính qua hệ thống thông tin cơ sở, bảng tin công cộng và pa nô, áp phích", "SVHTTDL", &["SNV"], ONGOING, "Tin, bài, pa nô tuyên truyền tại các xã, phường", doing(65), "Phát trên hệ thống thông tin cơ sở 120 tin, bài; dựng 14 pa nô tại các xã, phường."),
        t("chi_dao", "Tuyên truyền, hướng dẫn đồng bào dân tộc thiểu số sử dụng dịch vụ công trực tuyến tại các xã vùng đồng bào dân tộc thiểu số và miền núi", "SDTTG", &["SVHTTDL", "X-THUONGAM", "X-TRUONGXUAN"], day(2026, 9, 30), "Báo cáo kết quả tuyên truyền", done(2026, 9, 18), "Tổ chức 12 buổi tuyên truyền song ngữ cho 860 lượt người tại xã Thượng Ấm và xã Trường Xuân."),
        // Cải cách thể chế.
        t("the_che", "Công bố danh mục văn bản quy phạm pháp luật của HĐND, UBND tỉnh hết hiệu lực toàn bộ hoặc một phần năm 2025", "STP", &[], month(2026, 1, 31), "Quyết định công bố danh mục văn bản hết hiệu lực", done(2026, 1, 28), "Quyết định số 145/QĐ-UBND ngày 28/01/2026 công bố 43 văn bản hết hiệu lực."),
        t("the_che", "Rà soát, sửa đổi quy định về phân cấp quản lý tổ chức bộ máy, biên chế, cán bộ, công chức, viên chức của tỉnh sau sắp xếp", "SNV", &["STP"], quarter(2026, 2), "Quyết định của UBND tỉnh về phân cấp quản lý", done(2026, 7, 15), "UBND tỉnh ban hành Quyết định số 38/2026/QĐ-UBND ngày 15/7/2026; chậm do phải xin ý kiến Bộ Nội vụ."),
        t("the_che", "Rà soát, đề xuất sửa đổi quy chế quản lý cụm công nghiệp trên địa bàn tỉnh", "SCT", &["BQLKCN", "STP", "SXD"], day(2026, 9, 30), "Dự thảo quyết định sửa đổi quy chế", doing(70), "Đã hoàn thành dự thảo; đang chờ Sở Tư pháp thẩm định."),
        t("the_che", "Xây dựng quy định phân cấp thẩm quyền cấp giấy phép xây dựng cho UBND cấp xã", "SXD", &["STP", "SNV"], quarter(2026, 2), "Quyết định quy định phân cấp được ban hành", done(2026, 6, 20), "UBND tỉnh ban hành Quyết định số 27/2026/QĐ-UBND ngày 20/6/2026."),
        t("the_che", "Rà soát, sửa đổi các quyết định của UBND tỉnh quy định chi tiết Luật Đất đai cho phù hợp với chính quyền địa phương hai cấp", "SNNMT", &["STP"], day(2026, 4, 30), "Quyết định sửa đổi, bổ sung được ban hành", done(2026, 5, 22), "Đã trình UBND tỉnh ban hành 6 quyết định sửa đổi; chậm do chờ hướng dẫn của Bộ Nông nghiệp và Môi trường."),
        t("the_che", "Xây dựng quy chế quản lý, vận hành, khai thác các hệ thống thông tin dùng chung của tỉnh", "SKHCN", &["VPUBND"], day(2026, 6, 30), "Quyết định ban hành quy chế", done(2026, 6, 15), "UBND tỉnh ban hành Quyết định số 901/QĐ-UBND ngày 15/6/2026."),
        t("the_che", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND xã ban hành", "X-KIMDONG", &[], month(2026, 7, 31), "Danh mục văn bản cần sửa đổi, bãi bỏ", NS, ""),
        // Cải cách thủ tục hành chính.
        t("tthc", "Rà soát, đánh giá thủ tục hành chính trong lĩnh vực đất đai, đề xuất phương án đơn giản hóa", "SNNMT", &["VPUBND"], quarter(2026, 3), "Báo cáo kết quả rà soát, phương án đơn giản hóa", done(2026, 9, 25), "Đề xuất đơn giản hóa 14 thủ tục, cắt giảm 22% thời gian giải quyết."),
        t("tthc", "Triển khai thanh toán trực tuyến phí, lệ phí trên Cổng Dịch vụ công quốc gia", "STC", &["VPUBND", "SKHCN"], day(2026, 6, 30), "Tỷ lệ hồ sơ thanh toán trực tuyến đạt 50%", doing(85), "Tỷ lệ hồ sơ thanh toán trực tuyến đạt 43%; một số thủ tục chưa được cấu hình phí, lệ phí."),
        t("tthc", "Công bố, công khai danh mục thủ tục hành chính được sửa đổi, bổ sung thuộc thẩm quyền giải quyết của UBND cấp xã", "VPUBND", &[], ONGOING, "Quyết định công bố danh mục TTHC", doing(80), "Đã trình Chủ tịch UBND tỉnh công bố 12 quyết định với 186 thủ tục hành chính."),
        t("tthc", "Rà soát, cắt giảm thủ tục hành chính, giấy tờ trong lĩnh vực giáo dục; tổ chức tuyển sinh đầu cấp trực tuyến", "SGDDT", &["VPUBND"], month(2026, 7, 31), "100% trường THCS, THPT tuyển sinh lớp đầu cấp trực tuyến", done(2026, 7, 25), "Tuyển sinh trực tuyến 100% lớp 6 và lớp 10; 92% hồ sơ nộp trực tuyến."),
        t("tthc", "Thực hiện cơ chế một cửa liên thông trong giải quyết thủ tục đầu tư, xây dựng, lao động tại các khu công nghiệp", "BQLKCN", &["SXD", "SNV", "STC"], quarter(2026, 2), "Quy chế phối hợp giải quyết thủ tục hành chính", done(2026, 8, 5), "Ban hành Quy chế phối hợp ngày 05/8/2026; chậm do chờ ý kiến các sở."),
        t("tthc", "Rà soát, đề xuất cắt giảm điều kiện kinh doanh, thủ tục hành chính trong lĩnh vực công thương thuộc thẩm quyền của tỉnh", "SCT", &["VPUBND"], quarter(2026, 4), "Báo cáo rà soát, phương án cắt giảm", doing(40), "Đã rà soát 32 thủ tục; đang xây dựng phương án cắt giảm."),
        t("tthc", "Rà soát, đơn giản hóa thủ tục hành chính trong lĩnh vực xây dựng, nhà ở", "SXD", &["VPUBND"], quarter(2026, 3), "Phương án đơn giản hóa trình UBND tỉnh", NS, ""),
        t("tthc", "Tiếp nhận, trả kết quả giải quyết thủ tục hành chính vào sáng thứ Bảy tại Trung tâm Phục vụ hành chính công phường", "P-HATHANH", &[], quarter(2026, 1), "Thông báo lịch làm việc sáng thứ Bảy", done(2026, 3, 2), "Thông báo ngày 02/3/2026; bắt đầu tiếp nhận hồ sơ từ thứ Bảy 07/3/2026."),
        t("tthc", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính lĩnh vực hộ tịch, chứng thực của phường", "P-NGOCLAM", &[], day(2026, 9, 30), "100% kết quả hộ tịch, chứng thực được số hóa", done(2026, 9, 30), "Đã số hóa 3.560 hồ sơ hộ tịch, chứng thực."),
        t("tthc", "Khảo sát sự hài lòng của người dân, tổ chức đối với việc giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công phường", "P-DONGTIEN", &["SNV"], quarter(2026, 4), "Báo cáo kết quả khảo sát", doing(50), "Đã thu về 300/600 phiếu khảo sát."),
        t("tthc", "Khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư thay cho bản sao giấy tờ khi giải quyết thủ tục hành chính", "X-THACHBAN", &[], ONGOING, "Người dân không phải nộp bản sao giấy tờ đã có trong cơ sở dữ liệu", doing(70), "Đã bỏ yêu cầu nộp bản sao giấy tờ đối với 18 thủ tục."),
        t("tthc", "Lắp đặt camera giám sát và thiết bị đánh giá mức độ hài lòng tại Trung tâm Phục vụ hành chính công xã", "X-HOAMY", &["SKHCN"], quarter(2026, 3), "Camera, thiết bị đánh giá đưa vào sử dụng", done(2026, 10, 20), "Đưa vào sử dụng ngày 20/10/2026; chậm do điều chỉnh dự toán mua sắm."),
        t("tthc", "Giải quyết dứt điểm hồ sơ đất đai tồn đọng tiếp nhận từ huyện Đông Hà trước sắp xếp", "X-DONGHA", &["SNNMT"], day(2026, 6, 30), "100% hồ sơ tồn đọng được giải quyết", doing(75), "Đã giải quyết 318/420 hồ sơ; 102 hồ sơ còn phải xác minh nguồn gốc đất."),
        t("tthc", "Tổ chức tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính lưu động tại các thôn vùng sâu, vùng xa", "X-THUONGAM", &[], quarter(2026, 4), "Lịch tiếp nhận lưu động hằng tháng tại các thôn", doing(60), "Đã tổ chức 18 đợt tiếp nhận lưu động tại 9 thôn."),
        t("tthc", "Thí điểm tiếp nhận hồ sơ thủ tục hành chính lĩnh vực hộ tịch, chứng thực không phụ thuộc nơi cư trú", "P-SONHA", &[], day(2026, 12, 31), "Báo cáo đánh giá kết quả thí điểm", doing(40), "Đã tiếp nhận 215 hồ sơ của người dân cư trú ngoài phường."),
        // Cải cách tổ chức bộ máy hành chính nhà nước.
        t("to_chuc", "Kiện toàn tổ chức, hoạt động của Trung tâm Phục vụ hành chính công tỉnh và Trung tâm Phục vụ hành chính công cấp xã", "VPUBND", &["SNV"], month(2026, 3, 31), "Quyết định kiện toàn, quy chế hoạt động", done(2026, 3, 20), "UBND tỉnh ban hành Quyết định số 402/QĐ-UBND ngày 20/3/2026."),
        t("to_chuc", "Rà soát, sắp xếp, kiện toàn các tổ chức phối hợp liên ngành của tỉnh", "SNV", &["VPUBND"], day(2026, 5, 31), "Quyết định giải thể, kiện toàn tổ chức phối hợp liên ngành", done(2026, 5, 29), "Giải thể 18, kiện toàn 11 tổ chức phối hợp liên ngành."),
        t("to_chuc", "Sắp xếp, tổ chức lại các cơ sở giáo dục mầm non, phổ thông công lập theo quy mô phù hợp", "SGDDT", &["SNV", "STC"], quarter(2026, 3), "Quyết định sáp nhập, tổ chức lại trường học", doing(65), "Đã sáp nhập 21/34 trường theo đề án; đang hoàn thiện hồ sơ các trường còn lại."),
        t("to_chuc", "Kiện toàn tổ chức, hoạt động của Văn phòng đăng ký đất đai và các chi nhánh sau sắp xếp đơn vị hành chính cấp xã", "SNNMT", &["SNV"], month(2026, 4, 30), "Quyết định kiện toàn Văn phòng đăng ký đất đai", done(2026, 4, 28), "Tổ chức lại 7 chi nhánh Văn phòng đăng ký đất đai theo khu vực."),
        t("to_chuc", "Sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập thuộc Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", &["SNV", "STC"], day(2026, 10, 31), "Đề án sắp xếp được phê duyệt", doing(80), "Đã trình UBND tỉnh đề án hợp nhất Trung tâm Văn hóa tỉnh và Trung tâm Thông tin xúc tiến du lịch."),
        t("to_chuc", "Sắp xếp, tổ chức lại các Ban quản lý dự án đầu tư xây dựng của tỉnh", "SXD", &["SNV", "STC"], quarter(2026, 2), "Quyết định tổ chức lại Ban quản lý dự án", done(2026, 6, 15), "Hợp nhất 4 Ban quản lý dự án thành Ban Quản lý dự án đầu tư xây dựng tỉnh."),
        t("to_chuc", "Kiện toàn đội ngũ công chức Bộ phận Một cửa cấp xã", "X-YENLAC", &["SNV"], month(2026, 2, 28), "Quyết định phân công công chức Bộ phận Một cửa", done(2026, 2, 25), "Bố trí 6 công chức làm việc tại Trung tâm Phục vụ hành chính công xã."),
        t("to_chuc", "Ban hành quy chế làm việc, kiện toàn các cơ quan chuyên môn thuộc UBND đặc khu", "DK-HONNGOC", &["SNV"], month(2026, 2, 28), "Quy chế làm việc của UBND đặc khu", done(2026, 3, 10), "Ban hành Quy chế làm việc ngày 10/3/2026; chậm do chờ hướng dẫn về tổ chức bộ máy đặc khu."),
        // Cải cách chế độ công vụ.
        t("cong_vu", "Tổ chức tuyển dụng công chức cấp xã năm 2026 theo vị trí việc làm", "SNV", &[], quarter(2026, 3), "Quyết định công nhận kết quả tuyển dụng", done(2026, 9, 28), "Tuyển dụng 146 công chức cho các xã, phường, đặc khu."),
        t("cong_vu", "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm 2026 theo kết quả thực hiện nhiệm vụ", "SNV", &[], day(2026, 12, 31), "Báo cáo kết quả đánh giá, xếp loại", NS, ""),
        t("cong_vu", "Thực hiện chế độ, chính sách đối với cán bộ, công chức, viên chức dôi dư sau sắp xếp tổ chức bộ máy", "SNV", &["STC"], ONGOING, "Quyết định giải quyết chế độ, chính sách", doing(70), "Đã giải quyết chế độ, chính sách cho 412/590 người."),
        t("cong_vu", "Thanh tra việc thực hiện quy định về công khai, minh bạch và trách nhiệm giải trình trong hoạt động công vụ tại một số cơ quan, đơn vị", "TTT", &["SNV"], quarter(2026, 3), "Kết luận thanh tra", done(2026, 10, 12), "Kết luận thanh tra số 09/KL-TTr ngày 12/10/2026 đối với 3 đơn vị; chậm do gia hạn thời gian thanh tra."),
        t("cong_vu", "Bồi dưỡng kỹ năng số, kỹ năng hướng dẫn nộp hồ sơ trực tuyến cho cán bộ, công chức xã", "X-QUANGPHUOC", &["SKHCN"], day(2026, 6, 30), "100% công chức xã được bồi dưỡng", done(2026, 6, 12), "Bồi dưỡng cho 38 cán bộ, công chức của xã."),
        t("cong_vu", "Tăng cường kỷ luật, kỷ cương hành chính; thực hiện quy tắc ứng xử của cán bộ, công chức xã", "X-MYLOC", &[], ONGOING, "Không có cán bộ, công chức vi phạm kỷ luật", doing(80), "Tự kiểm tra định kỳ hằng quý; chưa phát hiện vi phạm."),
        t("cong_vu", "Bố trí công chức thông thạo tiếng dân tộc thiểu số hỗ trợ người dân tại Trung tâm Phục vụ hành chính công xã", "X-TRUONGXUAN", &["SDTTG"], month(2026, 4, 30), "Quyết định phân công công chức", done(2026, 5, 15), "Phân công 2 công chức thông thạo tiếng dân tộc thiểu số; chậm do chờ điều động từ xã khác."),
        // Cải cách tài chính công.
        t("tai_chinh", "Xử lý trụ sở, cơ sở nhà, đất dôi dư sau sắp xếp tổ chức bộ máy và đơn vị hành chính", "STC", &["SXD", "SNNMT"], quarter(2026, 2), "Phương án xử lý được phê duyệt", doing(70), "Đã xử lý 214/306 cơ sở nhà, đất dôi dư."),
        t("tai_chinh", "Điều chỉnh giá dịch vụ khám bệnh, chữa bệnh tại các cơ sở y tế công lập theo lộ trình tính đúng, tính đủ chi phí", "SYT", &["STC"], quarter(2026, 3), "Quyết định điều chỉnh giá dịch vụ", done(2026, 9, 15), "UBND tỉnh ban hành Quyết định số 1284/QĐ-UBND ngày 15/9/2026."),
        t("tai_chinh", "Công khai dự toán, quyết toán ngân sách xã và các khoản đóng góp của Nhân dân", "X-NGHIAHUNG", &[], ONGOING, "Công khai tại trụ sở và trên trang thông tin điện tử của xã", doing(75), "Đã công khai dự toán năm 2026 và quyết toán năm 2025."),
        t("tai_chinh", "Thu phí, lệ phí không dùng tiền mặt tại Trung tâm Phục vụ hành chính công xã", "X-VINHTHINH", &["STC"], quarter(2026, 3), "100% phí, lệ phí được thu không dùng tiền mặt", done(2026, 9, 10), "Thu phí, lệ phí không dùng tiền mặt từ ngày 10/9/2026."),
        // Xây dựng và phát triển chính quyền điện tử, chính quyền số.
        t("so", "Triển khai Hệ thống thông tin báo cáo của tỉnh kết nối với Hệ thống thông tin báo cáo Chính phủ", "SKHCN", &["VPUBND"], quarter(2026, 2), "Hệ thống báo cáo kết nối liên thông", done(2026, 6, 26), "Đã kết nối 28 chế độ báo cáo."),
        t("so", "Bảo đảm an toàn thông tin mạng cho các hệ thống thông tin của tỉnh theo cấp độ", "SKHCN", &[], ONGOING, "Hồ sơ đề xuất cấp độ được phê duyệt", doing(70), "Đã phê duyệt cấp độ cho 21/30 hệ thống thông tin."),
        t("so", "Số hóa Sổ hộ tịch, cập nhật dữ liệu hộ tịch vào Cơ sở dữ liệu hộ tịch điện tử", "STP", &["SKHCN"], day(2026, 12, 31), "100% dữ liệu hộ tịch được số hóa", doing(70), "Đã số hóa 1,2 triệu trường hợp đăng ký hộ tịch."),
        t("so", "Xây dựng cơ sở dữ liệu đất đai của tỉnh, kết nối với Cơ sở dữ liệu quốc gia về dân cư", "SNNMT", &["SKHCN"], day(2026, 10, 31), "Cơ sở dữ liệu đất đai đưa vào vận hành", doing(85), "Đã hoàn thành cơ sở dữ liệu của 16/20 xã, phường, đặc khu."),
        t("so", "Triển khai giấy khám sức khỏe điện tử, giấy chứng sinh điện tử liên thông với Cổng Dịch vụ công quốc gia", "SYT", &["SKHCN"], day(2026, 6, 30), "100% bệnh viện tuyến tỉnh cấp giấy điện tử", done(2026, 6, 28), "Đã liên thông tại 12/12 bệnh viện tuyến tỉnh."),
        t("so", "Triển khai bệnh án điện tử tại các bệnh viện công lập tuyến tỉnh", "SYT", &["SKHCN"], day(2026, 9, 30), "Bệnh viện sử dụng bệnh án điện tử thay bệnh án giấy", done(2026, 10, 10), "Hoàn thành tại 8/8 bệnh viện ngày 10/10/2026; chậm do nâng cấp hạ tầng."),
        t("so", "Cập nhật, kết nối Cơ sở dữ liệu cán bộ, công chức, viên chức của tỉnh với Cơ sở dữ liệu quốc gia", "SNV", &["SKHCN"], quarter(2026, 2), "Dữ liệu được cập nhật, kết nối", done(2026, 6, 30), "Đã cập nhật, đồng bộ 28.450 hồ sơ."),
        t("so", "Xây dựng cơ sở dữ liệu về nhà ở và thị trường bất động sản của tỉnh", "SXD", &["SKHCN", "SNNMT"], quarter(2026, 4), "Cơ sở dữ liệu đưa vào vận hành", doing(60), "Đang nhập dữ liệu của 12/20 xã, phường, đặc khu."),
        t("so", "Triển khai học bạ số đối với học sinh tiểu học và trung học cơ sở", "SGDDT", &[], day(2026, 8, 31), "100% trường tiểu học, THCS sử dụng học bạ số", done(2026, 8, 20), "Áp dụng tại 100% trường tiểu học, THCS từ năm học 2026–2027."),
        t("so", "Vận hành Hệ thống thông tin phục vụ họp và xử lý công việc của UBND tỉnh", "VPUBND", &["SKHCN"], month(2026, 6, 30), "100% phiên họp UBND tỉnh dùng tài liệu điện tử", done(2026, 6, 22), "Từ tháng 6/2026, 100% phiên họp UBND tỉnh sử dụng tài liệu điện tử."),
        t("so", "Hướng dẫn người dân nộp hồ sơ trực tuyến, thanh toán trực tuyến thông qua Tổ công nghệ số cộng đồng", "P-PHUCLAM", &[], ONGOING, "Số lượt người dân được hướng dẫn", doing(60), "Tổ công nghệ số cộng đồng của 12 tổ dân phố đã hướng dẫn 3.150 lượt người dân."),
        t("so", "Vận hành trang thông tin điện tử của xã, công khai thủ tục hành chính và kết quả giải quyết hồ sơ", "X-HUNGDAO", &["SKHCN"], month(2026, 5, 31), "Trang thông tin điện tử đáp ứng quy định", done(2026, 5, 20), "Trang thông tin điện tử của xã hoạt động từ ngày 20/5/2026."),
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
        signer: Set(String::new()),
        summary: Set(String::new()),
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
    // A conclusion notice of the Chairman after the first quarter's review: its tasks are
    // followed and reported like a plan's.
    let notice = plan::ActiveModel {
        number: Set("156/TB-UBND".into()),
        title: Set("Thông báo kết luận của Chủ tịch UBND tỉnh tại Hội nghị sơ kết công tác cải cách hành chính quý I năm 2026".into()),
        kind: Set(PlanKind::Conclusion),
        issued_on: Set(d((2026, 4, 20))?),
        issuing_body: Set("UBND tỉnh Sơn Hà".into()),
        year_from: Set(2026),
        year_to: Set(2026),
        parent_id: Set(None),
        status: Set(PlanStatus::InForce),
        source_file_id: Set(None),
        signer: Set("Chủ tịch Lê Văn Quang".into()),
        summary: Set("Chấn chỉnh tình trạng hồ sơ thủ tục hành chính trễ hạn; hoàn thành số hóa hồ sơ tại Bộ phận Một cửa cấp xã; tăng cường kỷ luật, kỷ cương hành chính.".into()),
        created_by: Set(None),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id;
    add_tasks(db, notice, &tasks_notice(), units, &areas, users).await?;
    let indicators: [DemoIndicator; 3] = [
        (
            "Tỷ lệ thủ tục hành chính được cung cấp dịch vụ công trực tuyến toàn trình",
            "%",
            (65.0, 80.0),
            Direction::AtLeast,
            Aggregation::Average,
            "tthc",
            &["VPUBND", "SKHCN"],
            &[
                ("VPUBND", PeriodKind::H1, 72.0, None),
                ("SKHCN", PeriodKind::H1, 76.0, None),
                ("VPUBND", PeriodKind::M9, 81.0, None),
                ("SKHCN", PeriodKind::M9, 79.5, None),
            ],
        ),
        (
            "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn",
            "%",
            (96.0, 98.0),
            Direction::AtLeast,
            // Dossiers on time over dossiers resolved: the province's rate is formed from
            // the counts, not from the two rates.
            Aggregation::Ratio,
            "tthc",
            &["X-TANPHU", "P-SONHA"],
            &[
                ("X-TANPHU", PeriodKind::M9, 390.0, Some(400.0)),
                ("P-SONHA", PeriodKind::M9, 1_090.0, Some(1_100.0)),
            ],
        ),
        (
            "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính",
            "%",
            (85.0, 90.0),
            Direction::AtLeast,
            Aggregation::Average,
            "chi_dao",
            &["SNV"],
            &[],
        ),
    ];
    let now = Utc::now();
    for (pos, (name, measure, (baseline, target), direction, aggregation, area, resp, values)) in
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
            baseline: Set(Some(baseline)),
            aggregation: Set(aggregation),
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
        for (code, period, value, base) in values {
            indicator_value::ActiveModel {
                indicator_id: Set(ind.id),
                unit_id: Set(units.get(code).copied().ok_or(AppError::Internal)?),
                year: Set(2026),
                period: Set(*period),
                value: Set(*value),
                base: Set(*base),
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
