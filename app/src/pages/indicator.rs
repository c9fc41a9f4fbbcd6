//! Defining an indicator (chỉ tiêu) of a plan.

use leptos::prelude::*;

use crate::components::form::{choice_options, id_options, submit_button};
use crate::components::{action_result, guarded, tr, use_lang, CsrfField};
use crate::domain::task::{Aggregation, Direction};
use crate::domain::Right;
use crate::server_fns::plan::CreateIndicator;

/// `/plans/:id/indicators/new`
#[component]
pub fn IndicatorNewPage() -> impl IntoView {
    let data = super::plan::plan_and_choices();
    guarded(
        data,
        Some(Right::ManagePlans),
        |(plan_id, choices), access| {
            let lang = use_lang();
            let create = ServerAction::<CreateIndicator>::new();
            let areas = id_options(choices.areas.iter().map(|a| (a.id, a.name(lang))), |_| {
                false
            });
            let units = id_options(choices.units.iter().map(|u| (u.id, u.name.clone())), |_| {
                false
            });
            let dirs = choice_options(Direction::ALL, None);
            let ways = choice_options(Aggregation::ALL, Some(Aggregation::Average));
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
                            <div class="row2">
                                <div>
                                    <label for="measure">{tr("field.measure")}</label>
                                    <input id="measure" name="indicator[measure]" required maxlength="64" placeholder="%"/>
                                </div>
                                <div>
                                    <label for="baseline">{tr("field.baseline")}</label>
                                    <input id="baseline" name="indicator[baseline]" inputmode="decimal"/>
                                </div>
                            </div>
                            <label for="aggregation">{tr("field.aggregation")}</label>
                            <select id="aggregation" name="indicator[aggregation]" aria-describedby="aggregation-hint">{ways}</select>
                            <p class="hint" id="aggregation-hint">{tr("indicator.aggregation_hint")}</p>
                            <label for="area_id">{tr("field.area_id")}</label>
                            <select id="area_id" name="indicator[area_id]"><option value="">{tr("common.none")}</option>{areas}</select>
                            <label for="unit_ids">{tr("field.unit_ids")}</label>
                            <select id="unit_ids" name="indicator[unit_ids][]" multiple size="8" required>{units}</select>
                            {action_result(create, "common.saved")}
                            {submit_button("common.create")}
                        </ActionForm>
                    </div>
                </section>
            }
        },
    )
}
