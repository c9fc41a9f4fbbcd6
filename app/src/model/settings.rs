//! The province's own settings.

use serde::{Deserialize, Serialize};

/// Who the province is on its documents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Province {
    /// Its name as it follows "Ủy ban nhân dân": "tỉnh Sơn Hà", "thành phố Hải Phòng".
    pub name: String,
    /// The place name of its documents' date line: "Sơn Hà".
    pub place: String,
}

impl Province {
    /// The issuing body's name: "Ủy ban nhân dân tỉnh Sơn Hà" (empty until set).
    pub fn committee(&self) -> String {
        if self.name.is_empty() {
            String::new()
        } else {
            format!("Ủy ban nhân dân {}", self.name)
        }
    }
}
