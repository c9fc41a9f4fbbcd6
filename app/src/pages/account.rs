//! The user's own account: changing one's password (`/account/password`). Works without
//! JavaScript (a plain form post). After an administrator's reset the server sends the user
//! here and lets them go nowhere else until they have chosen their own password.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::{action_result, check_access, tr, use_session, CsrfField, Loading};
use crate::server_fns::auth::ChangePassword;

/// `/account/password`
#[component]
pub fn PasswordPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    view! {
        <Suspense fallback=Loading>
        {move || Suspend::new(async move {
            let info = session.info.await;
            let access = match check_access(info, None) {
                Ok(a) => a,
                Err(other) => return other,
            };
            let (must, done) = query.with_untracked(|q| (q.get("must").is_some(), q.get("ok").is_some()));
            let change = ServerAction::<ChangePassword>::new();
            view! {
                <section class="narrow">
                    <h1>{tr("account.password_title")}</h1>
                    {must.then(|| view! { <p class="notice notice-warn" role="status">{tr("account.must_change")}</p> })}
                    {done.then(|| view! { <p class="notice notice-ok" role="status">{tr("account.password_changed")}</p> })}
                    <div class="card">
                        <ActionForm action=change attr:class="form">
                            <CsrfField token=access.csrf/>
                            <label for="old_password">{tr("field.old_password")}</label>
                            <input id="old_password" name="old_password" type="password" required autocomplete="current-password"/>
                            <label for="new_password">{tr("field.new_password")}</label>
                            <input id="new_password" name="new_password" type="password" required minlength="8" maxlength="128" autocomplete="new-password"/>
                            <label for="confirm_password">{tr("field.confirm_password")}</label>
                            <input id="confirm_password" name="confirm_password" type="password" required minlength="8" maxlength="128" autocomplete="new-password"/>
                            <p class="hint">{tr("account.password_rule")}</p>
                            {action_result(change, "account.password_changed")}
                            <button type="submit" class="btn-primary" data-busy-label=tr("common.saving")>
                                {tr("account.password_submit")}
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
