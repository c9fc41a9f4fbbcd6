//! Users: the list, and the form to create and edit an account, deactivate it, reset its
//! password (administrators).

use leptos::prelude::*;

use crate::components::form::{
    choice_options, data_table, form_page, id_options, load_for_form, route_id, save_form, Col,
};
use crate::components::{action_result, guarded, guarded_page, tr, use_lang, CsrfField, ErrorBox};
use crate::domain::Right;
use crate::domain::{Role, UserId};
use crate::i18n::datetime;
use crate::model::{LeaderScopes, UnitView, UserView};
use crate::server_fns::unit::list_units;
use crate::server_fns::user::{
    get_user, leader_scopes, list_users, CreateUser, ResetPassword, SaveLeaderScopes,
    SetUserActive, UpdateUser,
};

/// `/users`
#[component]
pub fn UsersPage() -> impl IntoView {
    let users = Resource::new(|| (), |_| list_users());
    guarded_page(users, Some(Right::ManageUsers), |users, _| {
        let rows = users.map(|list| {
            list.into_iter()
                .map(|u| {
                    let href = format!("/users/{}", u.id);
                    let state_key = if u.active {
                        "users.active"
                    } else {
                        "users.inactive"
                    };
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
                })
                .collect_view()
        });
        view! {
            <section>
                <div class="page-head">
                    <h1>{tr("users.title")}</h1>
                    <a class="btn-primary" href="/users/new">{tr("users.new")}</a>
                </div>
                {match rows {
                    Ok(rows) => data_table("data", &[
                        Col::text("field.username"),
                        Col::text("field.full_name"),
                        Col::text("field.role"),
                        Col::text("field.unit_id"),
                        Col::text("users.state"),
                        Col::text("users.last_login"),
                    ], rows),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }}
            </section>
        }
    })
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
    let data = user_form_data(route_id::<UserId>());
    view! { <UserFormLoader data/> }
}

type UserFormData =
    Resource<Result<(Option<(UserView, LeaderScopes)>, Vec<UnitView>), crate::error::AppError>>;

fn user_form_data(id: impl Fn() -> Option<UserId> + Send + Sync + 'static) -> UserFormData {
    load_for_form(
        id,
        |id| async move { Ok((get_user(id).await?, leader_scopes(id).await?)) },
        || list_units(false),
    )
}

#[component]
fn UserFormLoader(data: UserFormData) -> impl IntoView {
    guarded(
        data,
        Some(Right::ManageUsers),
        |(current, units), access| {
            let (current, scopes) = current.unzip();
            view! { <UserForm current scopes units csrf=access.csrf/> }
        },
    )
}

#[component]
fn UserForm(
    current: Option<UserView>,
    scopes: Option<LeaderScopes>,
    units: Vec<UnitView>,
    csrf: String,
) -> impl IntoView {
    let csrf = StoredValue::new(csrf);
    let set_active = ServerAction::<SetUserActive>::new();
    let save_scopes = ServerAction::<SaveLeaderScopes>::new();
    let lang = use_lang();
    let scopes_card = current
        .as_ref()
        .filter(|u| u.role == Role::Leader)
        .map(|u| u.id)
        .zip(scopes)
        .map(|(user_id, sc)| {
            let area_boxes = sc
                .areas
                .iter()
                .map(|a| {
                    let checked = sc.chosen_areas.contains(&a.id);
                    view! {
                        <label class="check">
                            <input type="checkbox" name="areas[]" value=a.id.to_string() checked=checked/>
                            {a.name(lang).to_string()}
                        </label>
                    }
                })
                .collect_view();
            let unit_opts = units
                .iter()
                .filter(|x| x.is_current())
                .map(|x| {
                    let selected = sc.chosen_units.contains(&x.id);
                    view! { <option value=x.id.to_string() selected=selected>{x.name.clone()}</option> }
                })
                .collect_view();
            view! {
                <section class="card">
                    <h2>{tr("users.scopes_title")}</h2>
                    <p class="hint">{tr("users.scopes_hint")}</p>
                    <ActionForm action=save_scopes attr:class="form">
                        <CsrfField token=csrf.get_value()/>
                        <input type="hidden" name="id" value=user_id.to_string()/>
                        <fieldset>
                            <legend>{tr("users.scopes_areas")}</legend>
                            {area_boxes}
                        </fieldset>
                        <label for="scope_units">{tr("users.scopes_units")}</label>
                        <select id="scope_units" name="units[]" multiple size="8">{unit_opts}</select>
                        {action_result(save_scopes, "common.saved")}
                        <button type="submit" class="btn-primary">{tr("common.save")}</button>
                    </ActionForm>
                </section>
            }
        });
    let reset = ServerAction::<ResetPassword>::new();
    let c = current.clone();
    let value = move |f: fn(&UserView) -> String| c.as_ref().map(f).unwrap_or_default();
    let role_now = current.as_ref().map_or(Role::UnitOfficer, |u| u.role);
    let unit_now = current.as_ref().and_then(|u| u.unit_id);
    let roles = choice_options(Role::ALL, Some(role_now));
    let unit_options = id_options(units.iter().map(|u| (u.id, u.name.clone())), |id| {
        Some(id) == unit_now
    });
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
    let fields = match &current {
        None => view! {
            <label for="username">{tr("field.username")}</label>
            <input id="username" name="user[username]" required maxlength="64" autocomplete="off"/>
            {common}
            <label for="password">{tr("field.password")}</label>
            <input id="password" name="password" type="password" required autocomplete="new-password"/>
            <p class="hint">{tr("users.password_rule")}</p>
        }
        .into_any(),
        Some(u) => view! {
            <p><strong>{tr("field.username")}": "</strong><code>{u.username.clone()}</code></p>
            {common}
        }
        .into_any(),
    };
    let main_form = save_form::<CreateUser, UpdateUser>(
        current.as_ref().map(|u| u.id.to_string()),
        csrf.get_value(),
        fields,
    );
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
                {scopes_card}
            </div>
        }
    });
    form_page("/users".into(), "users.title", title, main_form, side)
}
