//! Defining an indicator (chỉ tiêu) of a plan.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::{
    action_result, check_access, tr, use_lang, use_session, CsrfField, ErrorBox, Loading,
};
use crate::domain::task::Direction;
use crate::domain::PlanId;
use crate::domain::Right;
use crate::server_fns::plan::{form_choices, CreateIndicator};

/// `/plans/:id/indicators/new`
#[component]
pub fn IndicatorNewPage() -> impl IntoView {
    let params = use_params_map();
    let plan_id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<PlanId>().ok()));
    let choices = Resource::new(|| (), |_| form_choices());
    let session = use_session();
    view! {
        <Suspense fallback=Loading>
        {move || Suspend::new(async move {
            let info = session.info.await;
            let choices = choices.await;
            let access = match check_access(info, Some(Right::ManagePlans)) {
                Ok(a) => a,
                Err(other) => return other,
            };
            let (choices, plan_id) = match (choices, plan_id()) {
                (Ok(c), Some(p)) => (c, p),
                (Err(e), _) => return view! { <ErrorBox error=e/> }.into_any(),
                (_, None) => return view! { <ErrorBox error=crate::error::AppError::NotFound/> }.into_any(),
            };
            let lang = use_lang();
            let create = ServerAction::<CreateIndicator>::new();
            let areas = choices.areas.iter().map(|a| view! { <option value=a.id.to_string()>{a.name(lang).to_string()}</option> }).collect_view();
            let units = choices.units.iter().map(|u| view! { <option value=u.id.to_string()>{u.name.clone()}</option> }).collect_view();
            let dirs = Direction::ALL.into_iter().map(|d| view! { <option value=d.as_str()>{tr(d.label_key())}</option> }).collect_view();
            view! {
                <section>
                    <p><a href=format!("/plans/{plan_id}")>"← "{tr("plans.back")}</a></p>
                    <h1>{tr("indicator.new_title")}</h1>
                    <div class="card">
                        <ActionForm action=create attr:class="form">
                            <CsrfField token=access.csrf/>
                            <input type="hidden" name="plan_id" value=plan_id.to_string()/>
                            <label for="name">{tr("field.indicator_name")}</label>
                            <textarea id="name" name="indicator[name]" rows="2" required maxlength="1000"></textarea>
                            <div class="row2">
                                <div>
                                    <label for="direction">{tr("field.direction")}</label>
                                    <select id="direction" name="indicator[direction]">{dirs}</select>
                                </div>
                                <div>
                                    <label for="target">{tr("field.target")}</label>
                                    <input id="target" name="indicator[target]" required inputmode="decimal"/>
                                </div>
                            </div>
                            <label for="measure">{tr("field.measure")}</label>
                            <input id="measure" name="indicator[measure]" required maxlength="64" placeholder="%"/>
                            <label for="area_id">{tr("field.area_id")}</label>
                            <select id="area_id" name="indicator[area_id]"><option value="">{tr("common.none")}</option>{areas}</select>
                            <label for="unit_ids">{tr("field.unit_ids")}</label>
                            <select id="unit_ids" name="indicator[unit_ids][]" multiple size="8" required>{units}</select>
                            {action_result(create, "common.saved")}
                            <button type="submit" class="btn-primary" data-busy-label=tr("common.saving")>
                                {tr("common.create")}
                            </button>
                        </ActionForm>
                    </div>
                </section>
            }
            .into_any()
        })}
        </Suspense>
    }
}
