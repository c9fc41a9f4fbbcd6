//! The province's own settings.

use serde::{Deserialize, Serialize};

/// Who the province is on its documents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Province {
    /// Its name as it follows "Ủy ban nhân dân": "tỉnh Bắc Ninh", "thành phố Hải Phòng".
    pub name: String,
    /// The place name of its documents' date line: "Bắc Ninh".
    pub place: String,
    /// The "Nơi nhận" of the province's report, one per line, ending "- Lưu: VT, SNV.".
    #[serde(default)]
    pub province_recipients: String,
    /// The "Nơi nhận" of a unit's report, one per line, ending "- Lưu: VT.".
    #[serde(default)]
    pub unit_recipients: String,
}

/// The "Nơi nhận" of a province report until the administrator sets another.
pub const DEFAULT_PROVINCE_RECIPIENTS: &str = "- Bộ Nội vụ (để báo cáo);\n\
    - Thường trực Tỉnh ủy (để báo cáo);\n\
    - Thường trực HĐND tỉnh (để báo cáo);\n\
    - Chủ tịch, các Phó Chủ tịch UBND tỉnh;\n\
    - Các sở, ban, ngành tỉnh;\n\
    - UBND các xã, phường;\n\
    - Lưu: VT, SNV.";

/// The "Nơi nhận" of a unit report until the administrator sets another.
pub const DEFAULT_UNIT_RECIPIENTS: &str = "- Sở Nội vụ (để tổng hợp);\n- Lưu: VT.";

impl Province {
    /// The issuing body's name: "Ủy ban nhân dân tỉnh Bắc Ninh" (empty until set).
    pub fn committee(&self) -> String {
        if self.name.is_empty() {
            String::new()
        } else {
            format!("Ủy ban nhân dân {}", self.name)
        }
    }

    /// Its name as a heading: "Tỉnh Bắc Ninh" (empty until set).
    pub fn display_name(&self) -> String {
        let mut chars = self.name.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}
