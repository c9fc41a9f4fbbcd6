//! Shared pieces of the UI: language, session, guards, form helpers, the page header.

pub mod chart;
pub mod direction;
pub mod form;
pub mod header;
pub mod task;

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::domain::Right;
use crate::error::AppError;
use crate::i18n::{t, Lang};
use crate::model::SessionInfo;
use crate::server_fns::auth::{Login, Logout};

/// The UI language of this page load.
#[derive(Clone, Copy, Debug)]
pub struct UiLang(pub Lang);

/// The current language (Vietnamese unless chosen otherwise).
pub fn use_lang() -> Lang {
    use_context::<UiLang>().map(|l| l.0).unwrap_or_default()
}

/// The text for a translation key in the current language.
pub fn tr(key: &str) -> String {
    t(use_lang(), key)
}

/// The session resource and the actions that change it, shared through context.
#[derive(Clone, Copy)]
pub struct SessionCtx {
    /// Who is logged in.
    pub info: Resource<Result<SessionInfo, AppError>>,
    /// The log-in action.
    pub login: ServerAction<Login>,
    /// The log-out action.
    pub logout: ServerAction<Logout>,
}

/// The session context.
pub fn use_session() -> SessionCtx {
    expect_context::<SessionCtx>()
}

/// The language of the request (the `cchc_lang` cookie, read by the server's middleware).
pub fn request_lang() -> Lang {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<Lang>().copied())
        .unwrap_or_default()
}

/// The current page's query string.
pub fn request_query() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| p.uri.query().map(str::to_string))
        .unwrap_or_default()
}

/// The server function a form posted on this page ran successfully (the server adds
/// `__ok=<its path>` to the address it sends the browser back to).
#[derive(Clone, Debug)]
struct FormDone(String);

/// Makes the outcome of a form post (carried back in the URL by the server function layer: an
/// error, or `__ok` for success) visible to the matching action.
pub fn provide_form_error_from_url() {
    let query = request_query();
    let mut path = None;
    let mut err = None;
    let mut ok = None;
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match &*k {
            "__path" => path = Some(v.into_owned()),
            "__err" => err = Some(v.into_owned()),
            "__ok" => ok = Some(v.into_owned()),
            _ => {}
        }
    }
    if let (Some(path), Some(err)) = (path, err) {
        provide_context(leptos::server::ServerActionError::new(&path, &err));
    } else if let Some(ok) = ok {
        provide_context(FormDone(ok));
    }
}

/// What a page's guard lets through: the user and their form token.
#[derive(Clone, Debug)]
pub struct Access {
    /// The logged-in user.
    pub user: crate::model::CurrentUserView,
    /// The session's anti-forgery token, for the page's forms.
    pub csrf: String,
}

/// The guard of a page: the logged-in user when they hold `need` (`None`: any logged-in user); otherwise the view to
/// show instead — a redirect to log in, or the "not allowed" message with HTTP 403.
///
/// Pages create their resources in the page component, await the session and their data in one
/// `Suspense`, and call this first.
pub fn check_access(
    info: Result<SessionInfo, AppError>,
    need: Option<Right>,
) -> Result<Access, AnyView> {
    match info {
        Ok(SessionInfo {
            user: Some(user),
            csrf,
            ..
        }) if need.is_none_or(|r| r.held_by(user.role, user.unit_id)) => Ok(Access { user, csrf }),
        Ok(SessionInfo { user: Some(_), .. }) => {
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                res.set_status(http::StatusCode::FORBIDDEN);
            }
            Err(view! { <Forbidden/> }.into_any())
        }
        Ok(_) => Err(view! { <Redirect path="/login"/> }.into_any()),
        Err(e) => Err(view! { <ErrorBox error=e/> }.into_any()),
    }
}

/// A guarded page body: waits for the session and `data` in one `Suspense`, checks `need`
/// ([`check_access`]), then shows `body` with the data and the access, or the error of loading
/// the data. The resource is made by the page component, before any suspense (hydration
/// depends on the order resources are made in).
pub fn guarded<T, V>(
    data: Resource<Result<T, AppError>>,
    need: Option<Right>,
    body: impl Fn(T, Access) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    guarded_page(data, need, move |data, access| match data {
        Ok(d) => body(d, access).into_any(),
        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
    })
}

/// [`guarded`] for a page that shows an error of loading its data in its own frame: `body`
/// gets the data's result.
pub fn guarded_page<T, V>(
    data: Resource<Result<T, AppError>>,
    need: Option<Right>,
    body: impl Fn(Result<T, AppError>, Access) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    view! {
        <Suspense fallback=Loading>
            {move || {
                let body = body.clone();
                Suspend::new(async move {
                    let info = session.info.await;
                    let data = data.await;
                    match check_access(info, need) {
                        Ok(access) => body(data, access).into_any(),
                        Err(other) => other,
                    }
                })
            }}
        </Suspense>
    }
}

/// A loading indicator.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{tr("common.loading")}</p> }
}

/// The "not allowed" message.
#[component]
pub fn Forbidden() -> impl IntoView {
    view! {
        <section class="notice notice-error" role="alert">
            <h1>{tr("page.forbidden_title")}</h1>
            <p>{tr("err.forbidden")}</p>
            <p><a href="/">{tr("nav.home")}</a></p>
        </section>
    }
}

/// An error message in the user's language.
#[component]
#[expect(
    clippy::needless_pass_by_value,
    reason = "leptos component props are owned"
)]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    // The page's HTTP status follows the error (404, 403 ...) when rendered on the server.
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(
            http::StatusCode::from_u16(error.status())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    let text = error_text(&error);
    view! { <p class="notice notice-error" role="alert">{text}</p> }
}

/// The message of an error in the current language.
pub fn error_text(error: &AppError) -> String {
    let lang = use_lang();
    match error {
        AppError::TooManyAttempts { retry_after_secs } => {
            let minutes = ((retry_after_secs + 59) / 60).max(1).to_string();
            format!(
                "{} {}",
                t(lang, "err.too_many_attempts"),
                crate::i18n::tf(lang, "err.too_many_attempts_wait", &[("minutes", &minutes)])
            )
        }
        // Errors can arrive in the address (a form posted without JavaScript comes back with
        // `__err=`): only the application's own messages are shown, never text from outside.
        other => crate::i18n::known(lang, other.message_key())
            .unwrap_or_else(|| t(lang, "err.bad_request")),
    }
}

/// The hidden anti-forgery field of a form. The token comes from the session the page has
/// already awaited: a suspense of its own here would be created at a different moment on the
/// server and in the browser, and hydration would fail.
#[component]
pub fn CsrfField(token: String) -> impl IntoView {
    view! { <input type="hidden" name="csrf" value=token/> }
}

/// An action's outcome on this page: the error (with its field), the success message when its
/// form was just posted successfully, or nothing.
pub fn action_result<S>(action: ServerAction<S>, success_key: &'static str) -> AnyView
where
    S: server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let outcome = action.value().with_untracked(|v| match v {
        Some(Err(e)) => Some(Err(e.clone())),
        Some(Ok(_)) => Some(Ok(())),
        None => None,
    });
    match outcome {
        Some(Err(e)) => {
            let field = e
                .field()
                .and_then(|f| crate::i18n::known(use_lang(), &format!("field.{f}")))
                .map(|name| format!(" ({name})"))
                .unwrap_or_default();
            view! { <p class="notice notice-error" role="alert">{error_text(&e)}{field}</p> }
                .into_any()
        }
        Some(Ok(_)) => success(success_key),
        None => form_done::<S>(success_key),
    }
}

/// The success message `key` when the form just posted ran the server function `S` (it may
/// have sent the browser on to another page, such as a new object's own).
pub fn form_done<S: server_fn::ServerFn>(key: &'static str) -> AnyView {
    if use_context::<FormDone>().is_some_and(|done| done.0 == S::PATH) {
        success(key)
    } else {
        ().into_any()
    }
}

fn success(key: &'static str) -> AnyView {
    view! { <p class="notice notice-ok" role="status">{tr(key)}</p> }.into_any()
}
