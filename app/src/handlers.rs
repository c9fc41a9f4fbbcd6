//! Plain HTTP routes beside the server functions: uploads (multipart forms that work without
//! JavaScript), file downloads and exports. Each checks the session, the form token and the
//! same guards as the services.

use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

use crate::auth::SessionState;
use crate::domain::{CurrentUser, PlanId, Right, TaskAccess, TaskId};
use crate::error::AppError;
use crate::services::files::Upload;
use crate::services::tasks::progress::ProgressForm;
use crate::state::AppState;

/// Largest upload request (five evidence files of 10 MB and the form).
pub const MAX_UPLOAD_REQUEST: usize = 5 * crate::services::files::MAX_FILE_BYTES + 1024 * 1024;
/// Largest body of any other form or server-function call: far above the longest text any
/// field accepts (a report section of some pages), far below what could tie up the server.
pub const MAX_FORM_REQUEST: usize = 1024 * 1024;

/// The routes that take files (multipart, up to [`MAX_UPLOAD_REQUEST`]).
pub fn is_upload_path(path: &str) -> bool {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    matches!(
        parts[..],
        ["tasks", _, "progress" | "extension-request"] | ["plans", _, "import" | "source"]
    )
}

fn user_of(session: &SessionState) -> Result<CurrentUser, AppError> {
    match session {
        SessionState::Active { user, .. } => Ok(user.clone()),
        SessionState::Expired => Err(AppError::Unauthenticated { expired: true }),
        SessionState::Anonymous => Err(AppError::Unauthenticated { expired: false }),
    }
}

fn check_csrf(session: &SessionState, token: &str) -> Result<(), AppError> {
    match session {
        SessionState::Active { csrf, .. }
            if crate::services::accounts::password::secret_eq(csrf, token.trim()) =>
        {
            Ok(())
        }
        SessionState::Active { .. } => Err(AppError::Csrf),
        SessionState::Expired => Err(AppError::Unauthenticated { expired: true }),
        SessionState::Anonymous => Err(AppError::Unauthenticated { expired: false }),
    }
}

fn see_other(location: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// Back to the form with the error in the query string (the page shows it in the UI language).
fn back_with(path: &str, err: &AppError) -> Response {
    if let AppError::Unauthenticated { .. } = err {
        return see_other("/login");
    }
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let mut loc = format!("{path}?err={}", enc(err.message_key()));
    if let Some(f) = err.field() {
        loc.push_str(&format!("&field={}", enc(f)));
    }
    let mut res = see_other(&loc);
    // The status of the outcome, for clients that read it (the browser follows the 303).
    res.headers_mut().insert(
        "x-outcome",
        HeaderValue::from_str(&err.status().to_string()).unwrap_or(HeaderValue::from_static("500")),
    );
    res
}

fn error_response(err: &AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        crate::i18n::t(crate::i18n::Lang::Vi, err.message_key()),
    )
        .into_response()
}

/// A multipart form: text fields and files.
struct Form {
    fields: Vec<(String, String)>,
    files: Vec<Upload>,
}

impl Form {
    fn get(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

async fn read_form(mut mp: Multipart) -> Result<Form, AppError> {
    let mut form = Form {
        fields: Vec::new(),
        files: Vec::new(),
    };
    let too_large = |e: axum::extract::multipart::MultipartError| {
        tracing::warn!(error = %e, "multipart form refused");
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::invalid("files", "err.file_too_large")
        } else {
            AppError::invalid("form", "err.bad_request")
        }
    };
    while let Some(field) = mp.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or("").to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                let bytes = field.bytes().await.map_err(too_large)?;
                // An empty file input sends an empty part without a name: not a file.
                if !(file_name.is_empty() && bytes.is_empty()) {
                    form.files.push(Upload {
                        file_name,
                        bytes: bytes.to_vec(),
                    });
                }
            }
            None => {
                let text = field.text().await.map_err(too_large)?;
                form.fields.push((name, text));
            }
        }
    }
    Ok(form)
}

/// A form post's answer: to `ok`'s address on success, back to `back` with the error otherwise.
fn after_post<T>(
    back: &str,
    result: Result<T, AppError>,
    ok: impl FnOnce(T) -> String,
) -> Response {
    match result {
        Ok(value) => see_other(&ok(value)),
        Err(e) => back_with(back, &e),
    }
}

/// A multipart form posted to a task: the user, refused by `allowed` (given the user's access to
/// the task) before a byte of the body is read, then the form, its token checked.
async fn task_form(
    state: &AppState,
    session: &SessionState,
    id: TaskId,
    allowed: impl FnOnce(&CurrentUser, TaskAccess) -> Result<(), AppError>,
    mp: Multipart,
) -> Result<(CurrentUser, Form), AppError> {
    let user = user_of(session)?;
    let task = crate::services::tasks::find(&state.db, id).await?;
    let access = crate::services::tasks::access(&state.db, &user, &task).await?;
    allowed(&user, access)?;
    let form = read_form(mp).await?;
    check_csrf(session, &form.get("csrf"))?;
    Ok((user, form))
}

/// `POST /tasks/{id}/progress` (multipart): a progress update or contribution with evidence.
pub async fn post_progress(
    State(state): State<AppState>,
    Extension(session): Extension<SessionState>,
    Path(id): Path<i32>,
    mp: Multipart,
) -> Response {
    let back = format!("/tasks/{id}");
    let result = async {
        // A user whose role writes no unit's progress is refused before the task is read.
        user_of(&session)?.ensure(Right::WriteUnitProgress)?;
        let allowed = |user: &CurrentUser, access| {
            if user.may(Right::UpdateTask(access)) || user.may(Right::Contribute(access)) {
                Ok(())
            } else {
                Err(AppError::Forbidden)
            }
        };
        let (user, form) = task_form(&state, &session, TaskId(id), allowed, mp).await?;
        let pf = ProgressForm {
            kind: form.get("kind"),
            progress: form.get("progress"),
            state: form.get("state"),
            completed_on: form.get("completed_on"),
            body: form.get("body"),
            files: form.files,
        };
        let today = state.clock.today();
        crate::services::tasks::progress::post(
            &state.db,
            &state.storage,
            &user,
            today,
            TaskId(id),
            &pf,
        )
        .await
    }
    .await;
    after_post(&back, result, |()| format!("{back}?ok=progress"))
}

/// `POST /tasks/{id}/extension-request` (multipart): the head of the task's lead unit asks the
/// PAR office to extend its deadline: reason, proposed date, an optional evidence file.
pub async fn post_extension_request(
    State(state): State<AppState>,
    Extension(session): Extension<SessionState>,
    Path(id): Path<i32>,
    mp: Multipart,
) -> Response {
    use crate::services::tasks::extension::{request, RequestForm};
    let back = format!("/tasks/{id}");
    let result = async {
        let allowed = |user: &CurrentUser, access| user.ensure(Right::RequestExtension(access));
        let (user, mut form) = task_form(&state, &session, TaskId(id), allowed, mp).await?;
        if form.files.len() > 1 {
            return Err(AppError::invalid("file", "err.too_many_files"));
        }
        let rf = RequestForm {
            reason: form.get("extension_reason"),
            proposed_due_on: form.get("proposed_due_on"),
            file: form.files.pop(),
        };
        let today = state.clock.today();
        request(&state.db, &state.storage, &user, today, TaskId(id), &rf).await
    }
    .await;
    after_post(&back, result, |_| format!("{back}?ok=extension_request"))
}

/// The PAR office's one-file upload forms: the user, checked, and the file.
async fn plan_upload(
    session: &SessionState,
    mp: Multipart,
) -> Result<(CurrentUser, Upload), AppError> {
    let user = user_of(session)?;
    user.ensure(Right::ManagePlans)?;
    let mut form = read_form(mp).await?;
    check_csrf(session, &form.get("csrf"))?;
    let file = form
        .files
        .pop()
        .ok_or_else(|| AppError::invalid("file", "import.err_no_file"))?;
    Ok((user, file))
}

/// `POST /plans/{id}/import` (multipart): stages a task table and shows its preview.
pub async fn post_import(
    State(state): State<AppState>,
    Extension(session): Extension<SessionState>,
    Path(id): Path<i32>,
    mp: Multipart,
) -> Response {
    let result = async {
        let (user, file) = plan_upload(&session, mp).await?;
        crate::services::imports::stage(&state.db, &user, PlanId(id), &file.file_name, &file.bytes)
            .await
    }
    .await;
    after_post(&format!("/plans/{id}/import"), result, |import| {
        format!("/imports/{import}")
    })
}

/// `POST /plans/{id}/source` (multipart): attaches the plan's source document.
pub async fn post_plan_source(
    State(state): State<AppState>,
    Extension(session): Extension<SessionState>,
    Path(id): Path<i32>,
    mp: Multipart,
) -> Response {
    let back = format!("/plans/{id}/edit");
    let result = async {
        let (user, file) = plan_upload(&session, mp).await?;
        crate::services::plans::attach_source(&state.db, &state.storage, &user, PlanId(id), &file)
            .await
    }
    .await;
    after_post(&back, result, |()| format!("{back}?ok=source"))
}

/// The answer to a GET route: `ok` made of its result, the log-in page for a visitor without a
/// session, or the error page.
fn answer<T>(result: Result<T, AppError>, ok: impl FnOnce(T) -> Response) -> Response {
    match result {
        Ok(value) => ok(value),
        Err(AppError::Unauthenticated { .. }) => see_other("/login"),
        Err(e) => error_response(&e),
    }
}

/// A file sent as an attachment, under its name, never sniffed as something else.
fn attachment(file_name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let mut res = bytes.into_response();
    attachment_headers(&mut res, file_name, content_type);
    res
}

fn attachment_headers(res: &mut Response, file_name: &str, content_type: &str) {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let utf8: String = form_urlencoded::byte_serialize(file_name.as_bytes()).collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        utf8.replace('+', "%20")
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(content_type) {
        res.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    res.headers_mut().insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
}

/// `GET /files/{id}`: a stored file, to users who may see what it belongs to.
pub async fn download_file(
    State(state): State<AppState>,
    Extension(session): Extension<SessionState>,
    Path(id): Path<i32>,
) -> Response {
    let result = async {
        let user = user_of(&session)?;
        let file = crate::services::files::find(&state.db, id).await?;
        if let Some(task_id) = file.task_id {
            let t = crate::services::tasks::find(&state.db, TaskId(task_id)).await?;
            crate::services::tasks::access(&state.db, &user, &t).await?;
        }
        let bytes = state
            .storage
            .get(&crate::services::storage::file_key(file.id))
            .await?;
        Ok::<_, AppError>((file, bytes))
    }
    .await;
    answer(result, |(file, bytes)| {
        attachment(&file.file_name, &file.content_type, bytes)
    })
}

/// `GET /plans/{id}/tasks.xlsx`: the plan's tasks with state and class.
pub async fn export_plan_tasks(
    State(state): State<AppState>,
    Extension(session): Extension<SessionState>,
    Path(id): Path<i32>,
) -> Response {
    let result = async {
        let user = user_of(&session)?;
        crate::services::documents::plan_xlsx::plan_tasks_xlsx(
            &state.db,
            &user,
            state.clock.today(),
            PlanId(id),
        )
        .await
    }
    .await;
    answer(result, |(name, bytes)| {
        attachment(
            &name,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes,
        )
    })
}

/// `GET /reports/exports/{id}`: a stored report export (PDF or XLSX), for those who may see it.
pub async fn download_report_export(
    State(state): State<AppState>,
    Extension(session): Extension<SessionState>,
    Path(id): Path<i32>,
) -> Response {
    let result = async {
        let user = user_of(&session)?;
        crate::services::documents::reports::download(
            &state.db,
            &user,
            &state.storage,
            crate::domain::ExportId(id),
        )
        .await
    }
    .await;
    answer(result, |(name, content_type, bytes)| {
        attachment(&name, content_type, bytes)
    })
}

/// `GET /dashboard.pdf?plan=&period=&level=`: the dashboard on one A4 landscape page, with the
/// viewer's scope and permissions (as the page).
pub async fn dashboard_pdf(
    State(state): State<AppState>,
    Extension(session): Extension<SessionState>,
    Extension(request): Extension<crate::services::units::directory::RequestNames>,
    axum::extract::Query(filter): axum::extract::Query<crate::model::dashboard::DashFilter>,
) -> Response {
    let result = async {
        let user = user_of(&session)?;
        // The stamp was read with the session (the middleware put it in the request).
        let stamp = request.stamp(&state.db).await?;
        let names = request.get(&state.directory, &state.db).await?;
        let d = state
            .dashboards
            .get(&state.db, names, stamp, &user, state.clock.today(), &filter)
            .await?;
        let fonts = crate::services::documents::reports::fonts()?;
        let scope = d
            .own_unit
            .clone()
            .unwrap_or_else(|| crate::i18n::t(crate::i18n::Lang::Vi, "dash.scope_province"));
        let today = state.clock.today();
        let bytes = crate::services::documents::dashboard::render(&d, &scope, today, &fonts)?;
        Ok::<_, AppError>((
            format!("tong-quan-cchc-{}.pdf", d.as_of.format("%Y-%m-%d")),
            bytes,
        ))
    }
    .await;
    answer(result, |(name, bytes)| {
        attachment(&name, "application/pdf", bytes)
    })
}

/// `GET /notifications/{id}/open`: marks the user's notification read and goes to the task or
/// report it is about (works without JavaScript; another user's notification is not found).
pub async fn open_notification(
    State(state): State<AppState>,
    Extension(session): Extension<SessionState>,
    Path(id): Path<i32>,
) -> Response {
    let result = async {
        let user = user_of(&session)?;
        crate::services::reminders::inbox::open(&state.db, &user, id, chrono::Utc::now()).await
    }
    .await;
    answer(result, |link| {
        see_other(crate::domain::redirect::safe_local_path(&link).unwrap_or("/notifications"))
    })
}
