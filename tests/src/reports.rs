//! Reporting stories: find a period, open it, write and submit a unit report, read it back.

use reqwest::{Client, Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use app::domain::report::ReportStatus;
use app::domain::UnitId;
use app::entities::{reporting_period, unit_report};

pub use crate::checks::ok;
use crate::tasks::pairs;
use crate::TestApp;

/// What a unit report's form sends besides its results: the other three sections.
pub const SHORTCOMINGS: &str = "Một số nhiệm vụ còn chậm.";
/// The "next tasks" section sent by [`TestApp::save_report`].
pub const NEXT_TASKS: &str = "Hoàn thành các nhiệm vụ còn lại.";

impl TestApp {
    /// The province's reporting period of `year` and `kind` ("q1", "h1", "m9", "year").
    pub async fn period(&self, year: i32, kind: &str) -> reporting_period::Model {
        let query = reporting_period::Entity::find()
            .filter(reporting_period::Column::MergedInto.is_null())
            .filter(reporting_period::Column::Year.eq(year))
            .filter(reporting_period::Column::Kind.eq(kind));
        self.one(query, &format!("period {kind} {year}")).await
    }

    /// The PAR office (`par`) opens or closes a period.
    pub async fn open_period(&self, par: &Client, period: i32, open: bool) {
        ok(self
            .write(
                par,
                "reports/period_open",
                &[
                    ("id", &period.to_string()),
                    ("open", if open { "true" } else { "false" }),
                ],
            )
            .await)
        .await;
    }

    /// `who` saves the report of `unit` for `period` with `results` and the other sections
    /// filled in; `intent` is "draft" or "submit". Returns the answer, whatever it is.
    pub async fn save_report(
        &self,
        who: &Client,
        period: i32,
        unit: i32,
        results: &str,
        intent: &str,
    ) -> Response {
        self.write(
            who,
            "reports/unit_save",
            &[
                ("period_id", &period.to_string()),
                ("unit_id", &unit.to_string()),
                ("sections[results]", results),
                ("sections[shortcomings]", SHORTCOMINGS),
                ("sections[next_tasks]", NEXT_TASKS),
                ("sections[proposals]", ""),
                ("intent", intent),
            ],
        )
        .await
    }

    /// `who` submits the report of `unit` for `period`; it must be accepted for review.
    pub async fn submit_report(&self, who: &Client, period: i32, unit: i32, results: &str) {
        ok(self.save_report(who, period, unit, results, "submit").await).await;
    }

    /// `who` saves the report of `unit` for `period` as a draft; it must be saved.
    pub async fn draft_report(&self, who: &Client, period: i32, unit: i32, results: &str) {
        ok(self.save_report(who, period, unit, results, "save").await).await;
    }

    /// `who` asks for the report of `unit` for `period`; returns the answer, whatever it is.
    pub async fn read_unit_report(&self, who: &Client, period: i32, unit: i32) -> Response {
        let form = [
            ("period_id", period.to_string()),
            ("unit_id", unit.to_string()),
        ];
        self.call(who, "reports/unit", &pairs(&form)).await
    }

    /// The report of `unit` for `period` as `who` reads it.
    pub async fn unit_report(&self, who: &Client, period: i32, unit: i32) -> Value {
        ok(self.read_unit_report(who, period, unit).await).await
    }

    /// `who` reviews unit report `report` (its id): `decision` "accept" or "return", with
    /// `comment` when there is one.
    pub async fn review_report(
        &self,
        who: &Client,
        report: &str,
        decision: &str,
        comment: Option<&str>,
    ) -> Response {
        let mut form = vec![("id", report), ("decision", decision)];
        form.extend(comment.map(|c| ("comment", c)));
        self.write(who, "reports/review", &form).await
    }

    /// `who` compiles the province's report of `period` from the accepted unit reports.
    pub async fn compile_report(&self, who: &Client, period: i32) -> Response {
        let period = period.to_string();
        self.write(who, "reports/compile", &[("period_id", &period)])
            .await
    }

    /// `who` asks for the province's report of `period`; returns the answer, whatever it is.
    pub async fn read_province_report(&self, who: &Client, period: i32) -> Response {
        let period = period.to_string();
        self.call(who, "reports/province", &[("period_id", &period)])
            .await
    }

    /// `who` exports the province's report of `period` as `format` ("pdf", "xlsx"); the
    /// answer holds the export's id.
    pub async fn export_province(&self, who: &Client, period: i32, format: &str) -> Response {
        let period = period.to_string();
        let form = [("period_id", period.as_str()), ("format", format)];
        self.write(who, "reports/export_province", &form).await
    }

    /// `who` exports the report of `unit` for `period` as `format`; the answer holds the
    /// export's id.
    pub async fn export_unit(
        &self,
        who: &Client,
        period: i32,
        unit: i32,
        format: &str,
    ) -> Response {
        let form = [
            ("period_id", period.to_string()),
            ("unit_id", unit.to_string()),
            ("format", format.to_string()),
        ];
        self.write(who, "reports/export_unit", &pairs(&form)).await
    }

    /// `who` downloads the export with id `id`.
    pub async fn get_export(&self, who: &Client, id: i32) -> Response {
        self.get(who, &format!("/reports/exports/{id}")).await
    }
}

/// The row of a unit report in `status` for period `period`, submitted once on time at `now`
/// with `results` and the other sections empty, never reviewed; change a field before
/// inserting it.
pub fn submitted_report(
    period: i32,
    unit: UnitId,
    status: ReportStatus,
    results: String,
    now: chrono::DateTime<chrono::Utc>,
) -> unit_report::ActiveModel {
    use sea_orm::Set;
    unit_report::ActiveModel {
        period_id: Set(period),
        unit_id: Set(unit),
        status: Set(status),
        results: Set(results),
        shortcomings: Set(String::new()),
        next_tasks: Set(String::new()),
        proposals: Set(String::new()),
        snapshot: Set(None),
        submitted_at: Set(Some(now)),
        submitted_by: Set(None),
        submitted_late: Set(false),
        submissions: Set(1),
        reviewed_at: Set(None),
        reviewed_by: Set(None),
        review_comment: Set(String::new()),
        created_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}
