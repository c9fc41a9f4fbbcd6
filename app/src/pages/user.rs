//! Users: the list, and the form to create and edit an account, deactivate it, reset its
//! password (administrators).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::{
    action_result, check_access, guarded, tr, use_session, CsrfField, ErrorBox, Loading,
};
use crate::domain::Right;
use crate::domain::{Role, UserId};
use crate::i18n::datetime;
use crate::model::{UnitView, UserView};
use crate::server_fns::unit::list_units;
use crate::server_fns::user::{
    get_user, list_users, CreateUser, ResetPassword, SetUserActive, UpdateUser,
};

/// `/users`
#[component]
pub fn UsersPage() -> impl IntoView {
    let users = Resource::new(|| (), |_| list_users());
    let session = use_session();
    view! {
        <Suspense fallback=Loading>
        {move || Suspend::new(async move {
        let info = session.info.await;
        let users = users.await;
        if let Err(other) = check_access(info, Some(Right::ManageUsers)) {
            return other;
        }
        view! {
        <section>
            <div class="page-head">
                <h1>{tr("users.title")}</h1>
                <a class="btn-primary" href="/users/new">{tr("users.new")}</a>
            </div>
                {
                    match users {
                        Ok(list) => {
                            let rows = list.into_iter().map(|u| {
                                let href = format!("/users/{}", u.id);
                                let state_key = if u.active { "users.active" } else { "users.inactive" };
                                view! {
                                    <tr class:retired=!u.active>
                                        <td><a href=href><code>{u.username.clone()}</code></a></td>
                                        <td>{u.full_name.clone()}</td>
                                        <td>{tr(u.role.label_key())}</td>
                                        <td>{u.unit_name.clone().unwrap_or_default()}</td>
                                        <td>{tr(state_key)}</td>
                                        <td>{u.last_login_at.map(datetime).unwrap_or_default()}</td>
                                    </tr>
                                }
                            }).collect_view();
                            view! {
                                <div class="table-wrap">
                                    <table class="data">
                                        <thead><tr>
                                            <th>{tr("field.username")}</th>
                                            <th>{tr("field.full_name")}</th>
                                            <th>{tr("field.role")}</th>
                                            <th>{tr("field.unit_id")}</th>
                                            <th>{tr("users.state")}</th>
                                            <th>{tr("users.last_login")}</th>
                                        </tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                }
        </section>
        }.into_any()
        })}
        </Suspense>
    }
}

/// `/users/new`
#[component]
pub fn UserNewPage() -> impl IntoView {
    let data = user_form_data(|| None);
    view! { <UserFormLoader data/> }
}

/// `/users/:id`
#[component]
pub fn UserEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<UserId>().ok()));
    let data = user_form_data(id);
    view! { <UserFormLoader data/> }
}

type UserFormData = Resource<Result<(Option<UserView>, Vec<UnitView>), crate::error::AppError>>;

fn user_form_data(id: impl Fn() -> Option<UserId> + Send + Sync + 'static) -> UserFormData {
    Resource::new(id, |id| async move {
        let units = list_units(false).await?;
        let current = match id {
            Some(id) => Some(get_user(id).await?),
            None => None,
        };
        Ok::<_, crate::error::AppError>((current, units))
    })
}

#[component]
fn UserFormLoader(data: UserFormData) -> impl IntoView {
    guarded(
        data,
        Some(Right::ManageUsers),
        |(current, units), access| {
            view! { <UserForm current units csrf=access.csrf/> }
        },
    )
}

#[component]
fn UserForm(current: Option<UserView>, units: Vec<UnitView>, csrf: String) -> impl IntoView {
    let csrf = StoredValue::new(csrf);
    let create = ServerAction::<CreateUser>::new();
    let update = ServerAction::<UpdateUser>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let c = current.clone();
    let value = move |f: fn(&UserView) -> String| c.as_ref().map(f).unwrap_or_default();
    let role_now = current
        .as_ref()
        .map(|u| u.role)
        .unwrap_or(Role::UnitOfficer);
    let unit_now = current.as_ref().and_then(|u| u.unit_id);
    let roles = Role::ALL
        .into_iter()
        .map(|r| view! { <option value=r.as_str() selected=r == role_now>{tr(r.label_key())}</option> })
        .collect_view();
    let unit_options = units
        .iter()
        .map(|u| view! { <option value=u.id.to_string() selected=Some(u.id) == unit_now>{u.name.clone()}</option> })
        .collect_view();
    let common = view! {
        <label for="full_name">{tr("field.full_name")}</label>
        <input id="full_name" name="user[full_name]" required maxlength="255" value=value(|u| u.full_name.clone())/>
        <label for="email">{tr("field.email")}</label>
        <input id="email" name="user[email]" type="email" maxlength="255" value=value(|u| u.email.clone().unwrap_or_default())/>
        <label for="role">{tr("field.role")}</label>
        <select id="role" name="user[role]">{roles}</select>
        <label for="unit_id">{tr("field.unit_id")}</label>
        <select id="unit_id" name="user[unit_id]">
            <option value="">{tr("common.none")}</option>
            {unit_options}
        </select>
    };
    let title = if current.is_some() {
        tr("users.edit")
    } else {
        tr("users.new")
    };
    let main_form = match current.clone() {
        None => view! {
            <ActionForm action=create attr:class="form">
                <CsrfField token=csrf.get_value()/>
                <label for="username">{tr("field.username")}</label>
                <input id="username" name="user[username]" required maxlength="64" autocomplete="off"/>
                {common}
                <label for="password">{tr("field.password")}</label>
                <input id="password" name="password" type="password" required autocomplete="new-password"/>
                <p class="hint">{tr("users.password_rule")}</p>
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
                <p><strong>{tr("field.username")}": "</strong><code>{u.username.clone()}</code></p>
                {common}
                {action_result(update, "common.saved")}
                {action_result(create, "common.saved")}
                <button type="submit" class="btn-primary" data-busy-label=tr("common.saving")>
                    {tr("common.save")}
                </button>
            </ActionForm>
        }
        .into_any(),
    };
    let side = current.map(|u| {
        let next_active = !u.active;
        let (state_key, button_key, button_class) = if u.active {
            ("users.active", "users.deactivate", "btn-danger")
        } else {
            ("users.inactive", "users.activate", "btn-primary")
        };
        view! {
            <div>
                <section class="card">
                    <h2>{tr("users.state")}</h2>
                    <p>{tr(state_key)}</p>
                    <ActionForm action=set_active attr:class="form">
                        <CsrfField token=csrf.get_value()/>
                        <input type="hidden" name="id" value=u.id.to_string()/>
                        <input type="hidden" name="active" value=next_active.to_string()/>
                        {action_result(set_active, "common.saved")}
                        <button type="submit" class=button_class>{tr(button_key)}</button>
                    </ActionForm>
                </section>
                <section class="card">
                    <h2>{tr("users.reset_title")}</h2>
                    <ActionForm action=reset attr:class="form">
                        <CsrfField token=csrf.get_value()/>
                        <input type="hidden" name="id" value=u.id.to_string()/>
                        <label for="new_password">{tr("users.new_password")}</label>
                        <input id="new_password" name="password" type="password" required autocomplete="new-password"/>
                        <p class="hint">{tr("users.password_rule")}</p>
                        {action_result(reset, "users.reset_ok")}
                        <button type="submit" class="btn-primary">{tr("users.reset_submit")}</button>
                    </ActionForm>
                </section>
            </div>
        }
    });
    view! {
        <section>
            <p><a href="/users">"← "{tr("users.title")}</a></p>
            <h1>{title}</h1>
            <div class="two-col">
                <div class="card">{main_form}</div>
                {side}
            </div>
        </section>
    }
}
