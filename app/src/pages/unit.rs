//! Units: the list, and the form to create, edit and retire one (administrators).

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{
    action_result, check_access, guarded, tr, use_session, CsrfField, ErrorBox, Loading,
};
use crate::domain::Right;
use crate::domain::{UnitId, UnitKind};
use crate::i18n::date;
use crate::model::UnitView;
use crate::server_fns::unit::{get_unit, list_units, CreateUnit, RetireUnit, UpdateUnit};

/// `/units`
#[component]
pub fn UnitsPage() -> impl IntoView {
    // Resources are made in the page component, before any suspense, so that the server and the
    // browser create them in the same order (hydration depends on it).
    let query = use_query_map();
    let all = move || query.with(|q| q.get("all").is_some_and(|v| v == "1"));
    let units = Resource::new(all, list_units);
    let session = use_session();
    view! {
        <Suspense fallback=Loading>
        {move || Suspend::new(async move {
        let info = session.info.await;
        let units = units.await;
        if let Err(other) = check_access(info, Some(Right::ManageUnits)) {
            return other;
        }
        view! {
        <section>
            <div class="page-head">
                <h1>{tr("units.title")}</h1>
                <a class="btn-primary" href="/units/new">{tr("units.new")}</a>
            </div>
            <p class="filters">
                <a href="/units" class=move || if all() { "" } else { "active" }>{tr("units.filter_current")}</a>
                <span aria-hidden="true">" · "</span>
                <a href="/units?all=1" class=move || if all() { "active" } else { "" }>{tr("units.filter_all")}</a>
            </p>
            {match units {
                Ok(list) => view! { <UnitTable units=list/> }.into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            }}
        </section>
        }.into_any()
        })}
        </Suspense>
    }
}

#[component]
fn UnitTable(units: Vec<UnitView>) -> impl IntoView {
    let count = units.len();
    let rows = units
        .into_iter()
        .map(|u| {
            let href = format!("/units/{}", u.id);
            let period = match u.valid_to {
                Some(to) => format!("{} – {}", date(u.valid_from), date(to)),
                None => format!("{} {}", tr("units.since"), date(u.valid_from)),
            };
            let retired = u.valid_to.is_some();
            view! {
                <tr class:retired=retired>
                    <td><code>{u.code.clone()}</code></td>
                    <td><a href=href>{u.name.clone()}</a></td>
                    <td>{tr(u.kind.label_key())}</td>
                    <td>{period}</td>
                    <td>{u.successor_name.clone().unwrap_or_default()}</td>
                    <td class="num">{u.user_count}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="hint">{format!("{count} ")}{tr("units.count_suffix")}</p>
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th>{tr("field.code")}</th>
                        <th>{tr("field.name")}</th>
                        <th>{tr("field.kind")}</th>
                        <th>{tr("units.validity")}</th>
                        <th>{tr("field.successor_id")}</th>
                        <th class="num">{tr("units.users")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// `/units/new`
#[component]
pub fn UnitNewPage() -> impl IntoView {
    let data = unit_form_data(|| None);
    view! { <UnitFormLoader data/> }
}

/// `/units/:id`
#[component]
pub fn UnitEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<UnitId>().ok()));
    let data = unit_form_data(id);
    view! { <UnitFormLoader data/> }
}

type UnitFormData = Resource<Result<(Option<UnitView>, Vec<UnitView>), crate::error::AppError>>;

fn unit_form_data(id: impl Fn() -> Option<UnitId> + Send + Sync + 'static) -> UnitFormData {
    Resource::new(id, |id| async move {
        let all = list_units(true).await?;
        let current = match id {
            Some(id) => Some(get_unit(id).await?),
            None => None,
        };
        Ok::<_, crate::error::AppError>((current, all))
    })
}

#[component]
fn UnitFormLoader(data: UnitFormData) -> impl IntoView {
    guarded(data, Some(Right::ManageUnits), |(current, all), access| {
        view! { <UnitForm current all csrf=access.csrf/> }
    })
}

#[component]
fn UnitForm(current: Option<UnitView>, all: Vec<UnitView>, csrf: String) -> impl IntoView {
    let csrf = StoredValue::new(csrf);
    let create = ServerAction::<CreateUnit>::new();
    let update = ServerAction::<UpdateUnit>::new();
    let retire = ServerAction::<RetireUnit>::new();
    let c = current.clone();
    let value = move |f: fn(&UnitView) -> String| c.as_ref().map(f).unwrap_or_default();
    let kind_now = current
        .as_ref()
        .map(|u| u.kind)
        .unwrap_or(UnitKind::Commune);
    let parent_now = current.as_ref().and_then(|u| u.parent_id);
    let own_id = current.as_ref().map(|u| u.id);
    let kinds = UnitKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.as_str() selected=k == kind_now>{tr(k.label_key())}</option> })
        .collect_view();
    let parents = all
        .iter()
        .filter(|u| Some(u.id) != own_id)
        .map(|u| view! { <option value=u.id.to_string() selected=Some(u.id) == parent_now>{u.name.clone()}</option> })
        .collect_view();
    let title = if current.is_some() {
        tr("units.edit")
    } else {
        tr("units.new")
    };
    let fields = view! {
        <label for="code">{tr("field.code")}</label>
        <input id="code" name="unit[code]" required maxlength="32" value=value(|u| u.code.clone())/>
        <label for="name">{tr("field.name")}</label>
        <input id="name" name="unit[name]" required maxlength="255" value=value(|u| u.name.clone())/>
        <label for="short_name">{tr("field.short_name")}</label>
        <input id="short_name" name="unit[short_name]" maxlength="120" value=value(|u| u.short_name.clone())/>
        <label for="kind">{tr("field.kind")}</label>
        <select id="kind" name="unit[kind]">{kinds}</select>
        <label for="parent_id">{tr("field.parent_id")}</label>
        <select id="parent_id" name="unit[parent_id]">
            <option value="">{tr("common.none")}</option>
            {parents}
        </select>
        <label for="valid_from">{tr("field.valid_from")}</label>
        <input id="valid_from" name="unit[valid_from]" type="date" required
            value=value(|u| u.valid_from.format("%Y-%m-%d").to_string())/>
    };
    let main_form = match current.clone() {
        None => view! {
            <ActionForm action=create attr:class="form">
                <CsrfField token=csrf.get_value()/>
                {fields}
                {action_result(create, "common.saved")}
                <button type="submit" class="btn-primary" data-busy-label=tr("common.saving")>
                    {tr("common.create")}
                </button>
            </ActionForm>
        }
        .into_any(),
        Some(u) => view! {
            <ActionForm action=update attr:class="form">
                <CsrfField token=csrf.get_value()/>
                <input type="hidden" name="id" value=u.id.to_string()/>
                {fields}
                {action_result(update, "common.saved")}
                {action_result(create, "common.saved")}
                <button type="submit" class="btn-primary" data-busy-label=tr("common.saving")>
                    {tr("common.save")}
                </button>
            </ActionForm>
        }
        .into_any(),
    };
    let retire_section = current.map(|u| {
        if let Some(to) = u.valid_to {
            view! {
                <section class="card">
                    <h2>{tr("units.retired_title")}</h2>
                    <p>{tr("units.retired_on")}" "{date(to)}
                        {u.successor_name.map(|s| view! { ". "{tr("field.successor_id")}": "<strong>{s}</strong> })}
                    </p>
                </section>
            }
            .into_any()
        } else {
            let successors = all
                .iter()
                .filter(|s| s.id != u.id && s.valid_to.is_none())
                .map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> })
                .collect_view();
            view! {
                <section class="card">
                    <h2>{tr("units.retire_title")}</h2>
                    <p class="hint">{tr("units.retire_hint")}</p>
                    <ActionForm action=retire attr:class="form">
                        <CsrfField token=csrf.get_value()/>
                        <input type="hidden" name="id" value=u.id.to_string()/>
                        <label for="valid_to">{tr("field.valid_to")}</label>
                        <input id="valid_to" name="valid_to" type="date" required/>
                        <label for="successor_id">{tr("field.successor_id")}</label>
                        <select id="successor_id" name="successor_id">
                            <option value="">{tr("common.none")}</option>
                            {successors}
                        </select>
                        {action_result(retire, "units.retired_ok")}
                        <button type="submit" class="btn-danger">
                            {tr("units.retire_submit")}
                        </button>
                    </ActionForm>
                </section>
            }
            .into_any()
        }
    });
    view! {
        <section>
            <p><a href="/units">"← "{tr("units.title")}</a></p>
            <h1>{title}</h1>
            <div class="two-col">
                <div class="card">{main_form}</div>
                {retire_section}
            </div>
        </section>
    }
}
