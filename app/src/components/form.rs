//! What the pages' forms and tables are made of: the route's id and the object it names, choice
//! lists, the create-or-save form, the submit button, the form page's frame, a data table.

use std::future::Future;
use std::str::FromStr;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{de::DeserializeOwned, Serialize};

use super::{action_result, tr, CsrfField};
use crate::domain::reminder::RuleCode;
use crate::domain::task::{
    Aggregation, DeadlineKind, Direction, FollowUpClass, PeriodKind, PlanKind, PlanStatus,
    TaskState,
};
use crate::domain::{Role, UnitKind};
use crate::error::AppError;

/// The route's `:id` segment, parsed (`None` when missing or not a number).
pub fn route_id<I>() -> impl Fn() -> Option<I> + Copy + Send + Sync + 'static
where
    I: FromStr + 'static,
{
    let params = use_params_map();
    move || params.with(|p| p.get("id").and_then(|s| s.parse::<I>().ok()))
}

/// The object `fetch` loads for the id `id` gives; no id is "not found". Made by the page
/// component, before any suspense, like every resource.
pub fn load_by_id<I, T, F, Fut>(
    id: impl Fn() -> Option<I> + Send + Sync + 'static,
    fetch: F,
) -> Resource<Result<T, AppError>>
where
    I: Clone + PartialEq + Send + Sync + 'static,
    T: Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(I) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new(id, move |id| async move {
        match id {
            Some(id) => fetch(id).await,
            None => Err(AppError::NotFound),
        }
    })
}

/// A closed set of values offered in a `<select>`: the value posted and its label's key.
pub trait Choice: Copy + PartialEq + 'static {
    /// The value the form posts.
    fn value(self) -> &'static str;
    /// The translation key of its label.
    fn label(self) -> String;
}

macro_rules! choices {
    ($($t:ty),* $(,)?) => {$(
        impl Choice for $t {
            fn value(self) -> &'static str {
                self.as_str()
            }
            fn label(self) -> String {
                tr(&self.label_key())
            }
        }
    )*};
}

choices!(
    Aggregation,
    DeadlineKind,
    Direction,
    FollowUpClass,
    PeriodKind,
    PlanKind,
    PlanStatus,
    Role,
    RuleCode,
    TaskState,
    UnitKind
);

/// The `<option>`s of every value in `all`, `selected` marked.
pub fn choice_options<C: Choice>(all: impl IntoIterator<Item = C>, selected: Option<C>) -> AnyView {
    all.into_iter()
        .map(
            |c| view! { <option value=c.value() selected=Some(c) == selected>{c.label()}</option> },
        )
        .collect_view()
        .into_any()
}

/// The `<option>`s of named records (`(id, name)`), those `selected` says marked.
pub fn id_options<I: ToString + Copy, N: Into<String>>(
    items: impl IntoIterator<Item = (I, N)>,
    selected: impl Fn(I) -> bool,
) -> AnyView {
    items
        .into_iter()
        .map(|(id, name)| {
            view! { <option value=id.to_string() selected=selected(id)>{name.into()}</option> }
        })
        .collect_view()
        .into_any()
}

/// A form's main button: marked busy (`FormFeedback` island) while its post is on the way.
pub fn submit_button(label_key: &'static str) -> AnyView {
    view! {
        <button type="submit" class="btn-primary" data-busy-label=tr("common.saving")>
            {tr(label_key)}
        </button>
    }
    .into_any()
}

/// The form that creates an object (`id` none: posts to `C`) or saves it (posts to `U` with
/// the object's id). After saving, it shows the outcome of either (a new object's page may be
/// its edit form).
pub fn save_form<C, U>(id: Option<String>, csrf: String, fields: AnyView) -> AnyView
where
    C: server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    C::Output: Send + Sync + 'static,
    U: server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    U::Output: Send + Sync + 'static,
{
    let create = ServerAction::<C>::new();
    match id {
        None => view! {
            <form method="post" action=C::url() class="form">
                <CsrfField token=csrf/>
                {fields}
                {action_result(create, "common.saved")}
                {submit_button("common.create")}
            </form>
        }
        .into_any(),
        Some(id) => {
            let update = ServerAction::<U>::new();
            view! {
                <form method="post" action=U::url() class="form">
                    <CsrfField token=csrf/>
                    <input type="hidden" name="id" value=id/>
                    {fields}
                    {action_result(update, "common.saved")}
                    {action_result(create, "common.saved")}
                    {submit_button("common.save")}
                </form>
            }
            .into_any()
        }
    }
}

/// The frame of a form page: the way back, the title, the main form in a card and what goes
/// beside it.
pub fn form_page(
    back: String,
    back_key: &'static str,
    title: String,
    main: AnyView,
    side: impl IntoView + 'static,
) -> AnyView {
    view! {
        <section>
            <p><a href=back>"← "{tr(back_key)}</a></p>
            <h1>{title}</h1>
            <div class="two-col">
                <div class="card">{main}</div>
                {side}
            </div>
        </section>
    }
    .into_any()
}

/// A column of a [`data_table`]: its heading's key; numbers are right-aligned.
#[derive(Clone, Copy)]
pub struct Col {
    key: &'static str,
    num: bool,
}

impl Col {
    /// A text column.
    pub const fn text(key: &'static str) -> Self {
        Col { key, num: false }
    }
    /// A number column.
    pub const fn num(key: &'static str) -> Self {
        Col { key, num: true }
    }
    /// A column without a heading (its cells hold buttons).
    pub const fn blank() -> Self {
        Col {
            key: "",
            num: false,
        }
    }
}

/// A table of records with its headings, in a box that scrolls sideways on narrow screens.
pub fn data_table(class: &'static str, cols: &[Col], rows: impl IntoView + 'static) -> AnyView {
    let heads = cols
        .iter()
        .map(|c| {
            let text = if c.key.is_empty() {
                String::new()
            } else {
                tr(c.key)
            };
            view! { <th class=c.num.then_some("num")>{text}</th> }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class=class>
                <thead><tr>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// What a create-or-edit form needs: the object the route names (none on a "new" page) and
/// what the form offers to choose from.
pub fn load_for_form<I, T, L, F, Fut, G, GFut>(
    id: impl Fn() -> Option<I> + Send + Sync + 'static,
    fetch: F,
    choices: G,
) -> Resource<Result<(Option<T>, L), AppError>>
where
    I: Clone + PartialEq + Send + Sync + 'static,
    T: Send + Sync + Serialize + DeserializeOwned + 'static,
    L: Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(I) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    G: Fn() -> GFut + Copy + Send + Sync + 'static,
    GFut: Future<Output = Result<L, AppError>> + Send + 'static,
{
    Resource::new(id, move |id| async move {
        let offered = choices().await?;
        let current = match id {
            Some(id) => Some(fetch(id).await?),
            None => None,
        };
        Ok((current, offered))
    })
}
