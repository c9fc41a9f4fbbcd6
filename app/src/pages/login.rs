//! The log-in page. Works without JavaScript (a plain form post); in demo mode it lists the
//! demo accounts by name, and a click on one fills the user name (an island: that needs the
//! script). No password is ever sent to the browser: the run command prints the demo's.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::components::{error_text, tr, use_lang, use_session, Loading};
use crate::i18n::tf;
use crate::islands::DemoAccount;
use crate::model::SessionInfo;

/// `/login`
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let login = session.login;
    let error = move || {
        login.value().get().and_then(|r| r.err()).map(|e| {
            view! { <p class="notice notice-error" role="alert" id="login-error">{error_text(&e)}</p> }
        })
    };
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match session.info.await {
                    Ok(SessionInfo { user: Some(_), .. }) => view! { <Redirect path="/"/> }.into_any(),
                    info => {
                        let info = info.unwrap_or_default();
                        let expired = info.expired.then(|| view! {
                            <p class="notice notice-warn" role="status">{tr("err.session_expired")}</p>
                        });
                        // "Tỉnh Bắc Ninh" as it reads inside a sentence.
                        let province: String = {
                            let mut c = info.province.chars();
                            c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
                        };
                        let demo = (!info.demo_accounts.is_empty()).then(|| {
                            let rows = info.demo_accounts.clone().into_iter().map(|a| {
                                view! {
                                    <tr>
                                        <td><code>{a.username.clone()}</code></td>
                                        <td>{tr(a.role.label_key())}</td>
                                        <td>{a.full_name.clone()}<br/><small>{a.unit_name.clone()}</small></td>
                                        <td><DemoAccount username=a.username label=tr("login.use_account")/></td>
                                    </tr>
                                }
                            }).collect_view();
                            view! {
                                <section class="card demo-accounts" aria-labelledby="demo-title">
                                    <h2 id="demo-title">{tr("login.demo_title")}</h2>
                                    <p class="hint">{tf(use_lang(), "login.demo_hint", &[("province", &province)])}</p>
                                    <div class="table-wrap">
                                        <table>
                                            <thead><tr>
                                                <th>{tr("field.username")}</th>
                                                <th>{tr("field.role")}</th>
                                                <th>{tr("field.full_name")}</th>
                                                <th></th>
                                            </tr></thead>
                                            <tbody>{rows}</tbody>
                                        </table>
                                    </div>
                                </section>
                            }
                        });
                        view! {
                            <div class="login-layout">
                                <section class="card login-card">
                                    <h1>{tr("login.title")}</h1>
                                    <p class="hint">{tr("login.subtitle")}</p>
                                    {expired}
                                    {error}
                                    <ActionForm action=login attr:class="form" attr:data-busy-label=tr("login.submitting")>
                                        <label for="username">{tr("field.username")}</label>
                                        <input id="username" name="username" type="text" autocomplete="username" required/>
                                        <label for="password">{tr("field.password")}</label>
                                        <input id="password" name="password" type="password" autocomplete="current-password" required/>
                                        <button type="submit" class="btn-primary" data-busy-label=tr("login.submitting")>
                                            {tr("login.submit")}
                                        </button>
                                    </ActionForm>
                                </section>
                                {demo}
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
