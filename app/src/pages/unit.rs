//! Units: the list, and the form to create, edit and retire one (administrators).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::form::{
    choice_options, data_table, form_page, id_options, load_for_form, route_id, save_form,
    submit_button, Col,
};
use crate::components::{action_result, guarded, guarded_page, tr, CsrfField, ErrorBox};
use crate::domain::Right;
use crate::domain::{UnitId, UnitKind};
use crate::i18n::date;
use crate::model::settings::Province;
use crate::model::{SignerView, UnitView};
use crate::server_fns::unit::{
    get_province, get_unit, list_units, AddSigner, ChangeSigner, CreateUnit, RetireUnit,
    SaveProvince, UpdateUnit,
};

/// `/units`
#[component]
pub fn UnitsPage() -> impl IntoView {
    // Resources are made in the page component, before any suspense, so that the server and the
    // browser create them in the same order (hydration depends on it).
    let query = use_query_map();
    let all = move || query.with(|q| q.get("all").is_some_and(|v| v == "1"));
    let units = Resource::new(all, |all| async move {
        Ok::<_, crate::error::AppError>((list_units(all).await?, get_province().await?))
    });
    let save_province = ServerAction::<SaveProvince>::new();
    guarded_page(units, Some(Right::ManageUnits), move |data, access| {
        let (units, province) = match data {
            Ok((u, p)) => (Ok(u), Some(p)),
            Err(e) => (Err(e), None),
        };
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
            {province.map(|p| province_form(p, access.csrf.clone(), save_province))}
        </section>
        }
    })
}

/// The province's name and place name, which its documents print.
fn province_form(p: Province, csrf: String, save: ServerAction<SaveProvince>) -> impl IntoView {
    let unset = p.name.is_empty();
    view! {
        <section class="card" id="province-settings">
            <h2>{tr("units.province_title")}</h2>
            {unset.then(|| view! { <p class="notice notice-error">{tr("units.province_unset")}</p> })}
            <ActionForm action=save attr:class="form">
                <CsrfField token=csrf/>
                <label for="province-name">{tr("units.province_name")}</label>
                <input id="province-name" name="province[name]" value=p.name required minlength="3" maxlength="128"/>
                <label for="province-place">{tr("units.province_place")}</label>
                <input id="province-place" name="province[place]" value=p.place required minlength="2" maxlength="64"/>
                <p class="hint">{tr("units.province_hint")}</p>
                <label for="province-recipients">{tr("units.province_recipients")}</label>
                <textarea id="province-recipients" name="province[province_recipients]" rows="7" maxlength="2000"
                    required>{p.province_recipients}</textarea>
                <label for="unit-recipients">{tr("units.unit_recipients")}</label>
                <textarea id="unit-recipients" name="province[unit_recipients]" rows="3" maxlength="2000"
                    required>{p.unit_recipients}</textarea>
                <p class="hint">{tr("units.recipients_hint")}</p>
                {action_result(save, "common.saved")}
                {submit_button("common.save")}
            </ActionForm>
        </section>
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
        {data_table("data", &[
            Col::text("field.code"),
            Col::text("field.name"),
            Col::text("field.kind"),
            Col::text("units.validity"),
            Col::text("field.successor_id"),
            Col::num("units.users"),
        ], rows)}
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
    let data = unit_form_data(route_id::<UnitId>());
    view! { <UnitFormLoader data/> }
}

type UnitFormData = Resource<Result<(Option<UnitView>, Vec<UnitView>), crate::error::AppError>>;

fn unit_form_data(id: impl Fn() -> Option<UnitId> + Send + Sync + 'static) -> UnitFormData {
    load_for_form(id, get_unit, || list_units(true))
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
    let retire = ServerAction::<RetireUnit>::new();
    let c = current.clone();
    let value = move |f: fn(&UnitView) -> String| c.as_ref().map(f).unwrap_or_default();
    let kind_now = current.as_ref().map_or(UnitKind::Commune, |u| u.kind);
    let parent_now = current.as_ref().and_then(|u| u.parent_id);
    let own_id = current.as_ref().map(|u| u.id);
    let kinds = choice_options(UnitKind::ALL, Some(kind_now));
    let parents = id_options(
        all.iter()
            .filter(|u| Some(u.id) != own_id)
            .map(|u| (u.id, u.name.clone())),
        |id| Some(id) == parent_now,
    );
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
        <label for="doc_symbol">{tr("field.doc_symbol")}</label>
        <input id="doc_symbol" name="unit[doc_symbol]" maxlength="20" aria-describedby="doc_symbol_hint"
            value=value(|u| u.doc_symbol.clone())/>
        <p class="hint" id="doc_symbol_hint">{tr("field.doc_symbol_hint")}</p>
        <label for="place">{tr("field.unit_place")}</label>
        <input id="place" name="unit[place]" maxlength="64" aria-describedby="place_hint"
            value=value(|u| u.place.clone())/>
        <p class="hint" id="place_hint">{tr("field.place_hint")}</p>
    };
    let main_form = save_form::<CreateUnit, UpdateUnit>(
        own_id.map(|id| id.to_string()),
        csrf.get_value(),
        fields.into_any(),
    );
    let signers_section = current
        .as_ref()
        .map(|u| signers_card(u.id, u.signers.clone(), csrf.get_value()));
    let retire_section = current.map(|u| {
        if let Some(to) = u.valid_to {
            view! {
                <section class="card">
                    // Into a successor: a merger (sáp nhập); without one, the unit ended.
                    <h2>
                        {tr(if u.successor_name.is_some() {
                            "units.merged_title"
                        } else {
                            "units.retired_title"
                        })}
                    </h2>
                    <p>{tr("units.retired_on")}" "{date(to)}
                        {u.successor_name.map(|s| view! { ". "{tr("units.merged_into")}": "<strong>{s}</strong> })}
                    </p>
                </section>
            }
            .into_any()
        } else {
            let successors = id_options(
                all.iter()
                    .filter(|s| s.id != u.id && s.valid_to.is_none())
                    .map(|s| (s.id, s.name.clone())),
                |_| false,
            );
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
    form_page(
        "/units".into(),
        "units.title",
        title,
        main_form,
        view! { {signers_section} {retire_section} },
    )
}

/// The people who sign the unit's documents: the list, with the default marked, and the form
/// that adds one.
fn signers_card(unit_id: UnitId, signers: Vec<SignerView>, csrf: String) -> impl IntoView {
    let add = ServerAction::<AddSigner>::new();
    let change = ServerAction::<ChangeSigner>::new();
    let csrf = StoredValue::new(csrf);
    let empty = signers.is_empty();
    let rows = signers
        .into_iter()
        .map(|s| {
            let block = s.block_lines().join(" / ");
            let form = move |op: &'static str, key: &'static str, class: &'static str| {
                view! {
                    <ActionForm action=change attr:class="inline">
                        <CsrfField token=csrf.get_value()/>
                        <input type="hidden" name="unit_id" value=unit_id.to_string()/>
                        <input type="hidden" name="signer_id" value=s.id.to_string()/>
                        <input type="hidden" name="op" value=op/>
                        <button type="submit" class=class>{tr(key)}</button>
                    </ActionForm>
                }
            };
            view! {
                <tr>
                    <td><strong>{s.full_name.clone()}</strong></td>
                    <td>{block}</td>
                    <td>
                        {if s.is_default {
                            view! { <span class="badge">{tr("units.signer_default")}</span> }.into_any()
                        } else {
                            form("default", "units.signer_make_default", "btn-small").into_any()
                        }}
                    </td>
                    <td>{form("remove", "units.signer_remove", "btn-small")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" id="signers">
            <h2>{tr("units.signers_title")}</h2>
            <p class="hint">{tr("units.signers_hint")}</p>
            {empty.then(|| view! { <p class="notice">{tr("units.signers_none")}</p> })}
            {(!empty).then(|| data_table("data", &[
                Col::text("field.full_name"),
                Col::text("units.signer_block"),
                Col::text("units.signer_default"),
                Col::text("units.signer_remove"),
            ], rows))}
            {action_result(change, "units.signer_changed")}
            <h3>{tr("units.signer_add")}</h3>
            <ActionForm action=add attr:class="form">
                <CsrfField token=csrf.get_value()/>
                <input type="hidden" name="unit_id" value=unit_id.to_string()/>
                <label for="signer_name">{tr("field.full_name")}</label>
                <input id="signer_name" name="signer[full_name]" required minlength="2" maxlength="128"/>
                <label for="signer_title">{tr("units.signer_title")}</label>
                <input id="signer_title" name="signer[title]" required minlength="2" maxlength="128"
                    aria-describedby="signer_title_hint"/>
                <p class="hint" id="signer_title_hint">{tr("units.signer_title_hint")}</p>
                <label for="signer_on_behalf">{tr("units.signer_on_behalf")}</label>
                <textarea id="signer_on_behalf" name="signer[on_behalf]" rows="2" maxlength="255"
                    aria-describedby="signer_on_behalf_hint"></textarea>
                <p class="hint" id="signer_on_behalf_hint">{tr("units.signer_on_behalf_hint")}</p>
                <label class="check">
                    <input type="checkbox" name="signer[is_default]"/>
                    {tr("units.signer_default")}
                </label>
                {action_result(add, "units.signer_added")}
                {submit_button("units.signer_add")}
            </ActionForm>
        </section>
    }
}
