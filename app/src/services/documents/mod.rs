//! The files the application writes for people to keep: report PDFs, Word files and
//! spreadsheets in the official layout (numbered exports), the dashboard's PDF, a plan's task
//! list as XLSX, and the PDF layout engine they share.

pub mod dashboard;
pub mod docx;
pub mod pdf;
pub mod plan_xlsx;
pub mod reports;
