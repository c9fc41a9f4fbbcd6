//! Leaders' directions as a list with the units' answers, the answer form of the unit's users,
//! and a leader's form to write one (on a task, a report or a unit).

use leptos::prelude::*;

use super::{action_result, tr, use_lang, CsrfField};
use crate::i18n::{datetime, t};
use crate::model::direction::DirectionView;
use crate::server_fns::direction::{AnswerDirection, GiveDirection};

/// One direction, with its answer or the form to answer it.
fn item(d: &DirectionView, csrf: &str, answer: ServerAction<AnswerDirection>) -> impl IntoView {
    let lang = use_lang();
    let about = match (&d.task, &d.period) {
        (Some((id, title)), _) => {
            view! { <div class="hint">{tr("direction.on_task")}" "<a href=format!("/tasks/{id}")>{title.clone()}</a></div> }.into_any()
        }
        (None, Some((period, year, kind))) => view! {
            <div class="hint">{tr("direction.on_report")}" "
                <a href=format!("/reports/periods/{period}/units/{}", d.unit_id)>{format!("{} {year}", t(lang, kind.label_key()))}</a></div>
        }
        .into_any(),
        _ => view! { <div class="hint">{tr("direction.on_unit")}</div> }.into_any(),
    };
    let reply = if d.answered_at.is_some() {
        view! {
            <div class="direction-answer">
                <strong>{tr("direction.answer")}": "</strong>{d.answer.clone()}
                <div class="hint">{d.answered_by.clone()}" · "{d.answered_at.map(datetime).unwrap_or_default()}</div>
            </div>
        }
        .into_any()
    } else if d.can_answer {
        let field = format!("answer-{}", d.id);
        let (csrf, id) = (csrf.to_string(), d.id.to_string());
        view! {
            <ActionForm action=answer attr:class="form direction-answer-form">
                <CsrfField token=csrf/>
                <input type="hidden" name="id" value=id/>
                <label for=field.clone()>{tr("direction.your_answer")}</label>
                <textarea id=field name="answer" rows="3" required minlength="5" maxlength="5000"></textarea>
                <button type="submit" class="btn-primary" data-busy-label=tr("common.saving")>{tr("direction.send_answer")}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <div class="hint">{tr("direction.waiting")}</div> }.into_any()
    };
    view! {
        <li class=if d.answered_at.is_some() { "direction answered" } else { "direction open" }>
            <div><strong>{d.unit_name.clone()}</strong>" · "<span class="hint">{d.given_by.clone()}" · "{datetime(d.given_at)}</span></div>
            {about}
            <div class="direction-body">{d.body.clone()}</div>
            {reply}
        </li>
    }
}

/// The directions, each with its answer or answer form.
pub fn direction_list(
    items: &[DirectionView],
    csrf: &str,
    answer: ServerAction<AnswerDirection>,
) -> AnyView {
    if items.is_empty() {
        return view! { <p class="hint">{tr("direction.none")}</p> }.into_any();
    }
    let list = items.iter().map(|d| item(d, csrf, answer)).collect_view();
    view! {
        {action_result(answer, "direction.answered")}
        <ul class="directions">{list}</ul>
    }
    .into_any()
}

/// A leader's form: `fields` are the hidden target fields (`task_id`, or `period_id` and
/// `unit_id`); `units`, when given, is the choice of unit instead.
pub fn give_form(
    csrf: &str,
    give: ServerAction<GiveDirection>,
    fields: Vec<(&'static str, String)>,
    units: Option<&[(crate::domain::UnitId, String)]>,
) -> impl IntoView {
    let hidden = fields
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view();
    let choose = units.map(|units| {
        let options = units
            .iter()
            .map(|(id, n)| view! { <option value=id.to_string()>{n.clone()}</option> })
            .collect_view();
        view! {
            <label for="direction-unit">{tr("direction.unit")}</label>
            <select id="direction-unit" name="unit_id" required>{options}</select>
        }
    });
    let csrf = csrf.to_string();
    view! {
        <ActionForm action=give attr:class="form" attr:id="direction-form">
            <CsrfField token=csrf/>
            {hidden}
            {choose}
            <label for="direction-body">{tr("direction.body")}</label>
            <textarea id="direction-body" name="body" rows="3" required minlength="5" maxlength="5000"></textarea>
            {action_result(give, "direction.given")}
            <button type="submit" class="btn-primary" data-busy-label=tr("common.saving")>{tr("direction.give")}</button>
        </ActionForm>
    }
}
