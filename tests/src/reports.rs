//! Reporting stories: find a period, open it, write and submit a unit report, read it back.

use reqwest::{Client, Response, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use app::entities::reporting_period;

use crate::TestApp;

/// What a unit report's form sends besides its results: the other three sections.
pub const SHORTCOMINGS: &str = "Một số nhiệm vụ còn chậm.";
/// The "next tasks" section sent by [`TestApp::save_report`].
pub const NEXT_TASKS: &str = "Hoàn thành các nhiệm vụ còn lại.";

impl TestApp {
    /// The reporting period of plan `number` for `year` and `kind` ("q1", "half", "q3",
    /// "year").
    pub async fn period(&self, number: &str, year: i32, kind: &str) -> reporting_period::Model {
        let plan = self.plan_id(number).await;
        reporting_period::Entity::find()
            .filter(reporting_period::Column::PlanId.eq(plan))
            .filter(reporting_period::Column::Year.eq(year))
            .filter(reporting_period::Column::Kind.eq(kind))
            .one(&self.db)
            .await
            .expect("query")
            .unwrap_or_else(|| panic!("period {kind} {year} of {number}"))
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

    /// The report of `unit` for `period` as `who` reads it.
    pub async fn unit_report(&self, who: &Client, period: i32, unit: i32) -> Value {
        ok(self
            .call(
                who,
                "reports/unit",
                &[
                    ("period_id", &period.to_string()),
                    ("unit_id", &unit.to_string()),
                ],
            )
            .await)
        .await
    }
}

/// The answer's JSON, once it is known to be 200 (the text is shown otherwise).
pub async fn ok(res: Response) -> Value {
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}
