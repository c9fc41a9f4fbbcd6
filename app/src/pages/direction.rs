//! `/directions`: leaders' directions and the units' answers. Leaders write to a unit here;
//! a unit's users answer theirs; the PAR office reads them all.

use leptos::prelude::*;

use crate::components::direction::{direction_list, give_form};
use crate::components::{guarded, tr};
use crate::server_fns::direction::{list_directions, AnswerDirection, GiveDirection};

/// `/directions`
#[component]
pub fn DirectionsPage() -> impl IntoView {
    let give = ServerAction::<GiveDirection>::new();
    let answer = ServerAction::<AnswerDirection>::new();
    let data = Resource::new(|| (), |_| list_directions());
    guarded(data, None, move |d, access| {
        let open = d.items.iter().filter(|i| i.answered_at.is_none()).count();
        let form = d.can_give.then(|| {
            view! {
                <section class="card">
                    <h2>{tr("direction.new_title")}</h2>
                    {give_form(&access.csrf, give, Vec::new(), Some(&d.units))}
                </section>
            }
        });
        view! {
            <section class="directions-page">
                <h1>{tr("direction.title")}</h1>
                <p class="hint">{tr("direction.intro")}</p>
                {form}
                <section class="card" id="directions">
                    <h2>{tr("direction.list")}" ("{open}" "{tr("direction.open_suffix")}")"</h2>
                    {direction_list(&d.items, &access.csrf, answer)}
                </section>
            </section>
        }
        .into_any()
    })
}
