//! Plan and task stories: the forms the PAR office fills in, a task as its page reads it, and
//! the writes that change a task (a progress form, a cancellation, an extension).

use reqwest::{Client, Response, StatusCode};
use serde_json::Value;

use crate::{json, TestApp};

impl TestApp {
    /// `client` asks for task `id` as its page does; returns the answer, whatever it is.
    pub async fn read_task(&self, client: &Client, id: i32) -> Response {
        self.call(client, "tasks/get", &[("id", &id.to_string())])
            .await
    }

    /// Task `id` as its page reads it, as `client` (who must be allowed to read it).
    pub async fn task_detail(&self, client: &Client, id: i32) -> Value {
        let res = self.read_task(client, id).await;
        assert_eq!(res.status(), StatusCode::OK);
        json(res).await
    }

    /// The page of plan `plan` as `client` reads it, with `filter` (`filter[class]` ...) added.
    pub async fn plan_page(&self, client: &Client, plan: i32, filter: &[(&str, &str)]) -> Value {
        let plan = plan.to_string();
        let mut form = vec![("id", plan.as_str())];
        form.extend_from_slice(filter);
        self.call_json(client, "plans/page", &form).await
    }

    /// `client` posts the progress form of task `task` as the task page does: `fields` (with
    /// its `kind`) and `files` (field name, file name, bytes); returns the answer (303).
    pub async fn post_on_task(
        &self,
        client: &Client,
        task: i32,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Response {
        self.upload(client, &format!("/tasks/{task}/progress"), fields, files)
            .await
    }

    /// `client` cancels task `id` for `reason`.
    pub async fn cancel_task(&self, client: &Client, id: i32, reason: &str) -> Response {
        let form = [("id", id.to_string()), ("reason", reason.to_string())];
        self.write(client, "tasks/cancel", &pairs(&form)).await
    }

    /// `client` moves the deadline of task `id` to `new_due_on` by `document`, with a `note`
    /// when there is one.
    pub async fn extend_task(
        &self,
        client: &Client,
        id: i32,
        new_due_on: &str,
        document: &str,
        note: Option<&str>,
    ) -> Response {
        let id = id.to_string();
        let mut form = vec![
            ("id", id.as_str()),
            ("new_due_on", new_due_on),
            ("document", document),
        ];
        form.extend(note.map(|n| ("note", n)));
        self.write(client, "tasks/extend", &form).await
    }
}

/// The plan form of an annual plan of "UBND tỉnh" issued on `issued_on` for the years `years`
/// (from, to), without a status; change a field with [`with`].
pub fn plan_form<'a>(
    number: &'a str,
    title: &'a str,
    issued_on: &'a str,
    years: (&'a str, &'a str),
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("plan[number]", number),
        ("plan[title]", title),
        ("plan[kind]", "annual"),
        ("plan[issued_on]", issued_on),
        ("plan[issuing_body]", "UBND tỉnh"),
        ("plan[year_from]", years.0),
        ("plan[year_to]", years.1),
    ]
}

/// The task form of plan `plan` (its id) in reform area `area`: `title`, led by `lead` (a
/// unit's id, or "all_departments", "all_communes"), with the deadline fields of `deadline`
/// (`task[deadline_kind]` and what that kind asks).
pub fn task_form<'a>(
    plan: &'a str,
    area: &'a str,
    title: &'a str,
    lead: &'a str,
    deadline: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("plan_id", plan),
        ("task[area_id]", area),
        ("task[title]", title),
        ("task[lead_unit_id]", lead),
    ];
    form.extend_from_slice(deadline);
    form
}

/// `form` with `key` set to `value`: replaced where it is, added at the end where it is not.
pub fn with<'a>(
    mut form: Vec<(&'a str, &'a str)>,
    key: &'a str,
    value: &'a str,
) -> Vec<(&'a str, &'a str)> {
    match form.iter_mut().find(|(k, _)| *k == key) {
        Some(field) => field.1 = value,
        None => form.push((key, value)),
    }
    form
}

/// A form of owned pairs as the borrowed pairs [`TestApp::write`] takes.
pub fn pairs<K: AsRef<str>, V: AsRef<str>>(form: &[(K, V)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect()
}
