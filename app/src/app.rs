//! The application shell and its routes.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::header::Header;
use crate::components::{provide_form_error_from_url, request_lang, tr, SessionCtx, UiLang};
use crate::islands::FormFeedback;
use crate::pages::account::PasswordPage;
use crate::pages::audit::AuditPage;
use crate::pages::dashboard::{DashboardPage, DashboardTasksPage};
use crate::pages::direction::DirectionsPage;
use crate::pages::home::HomePage;
use crate::pages::import::{ImportPreviewPage, ImportUploadPage};
use crate::pages::indicator::IndicatorNewPage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFound;
use crate::pages::plan::{PlanEditPage, PlanNewPage, PlanPage, PlansPage};
use crate::pages::reminder::{
    NotificationsPageView, OutboxPageView, RecipientsPageView, ReminderRulesPage,
};
use crate::pages::report::{PeriodPage, ProvinceReportPage, ReportsPageView, UnitReportPage};
use crate::pages::task::{MyTasksPage, TaskEditPage, TaskNewPage, TaskPage};
use crate::pages::unit::{UnitEditPage, UnitNewPage, UnitsPage};
use crate::pages::user::{UserEditPage, UserNewPage, UsersPage};
use crate::server_fns::auth::{get_session, Login, Logout};

/// The HTML document around the application (server side).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="data:,"/>
                <AutoReload options=options.clone()/>
                <link rel="stylesheet" href=format!("/pkg/{}.css", options.output_name)/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    crate::security::set_page_policy();
    let lang = request_lang();
    provide_context(UiLang(lang));
    provide_form_error_from_url();
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let info = Resource::new(|| (), |_| get_session());
    provide_context(SessionCtx {
        info,
        login,
        logout,
    });

    // Pages wait for their data before the answer starts, so that a redirect or an error status
    // reaches the browser and pages work without JavaScript.
    let ssr = || SsrMode::Async;
    view! {
        <Html attr:lang=lang.code()/>
        <Title formatter=|text| format!("{text} · CCHC") text=tr("app.title")/>
        <Router>
            <a class="skip-link" href="#main">{tr("nav.skip")}</a>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=ssr()/>
                    <Route path=path!("/login") view=LoginPage ssr=ssr()/>
                    <Route path=path!("/account/password") view=PasswordPage ssr=ssr()/>
                    <Route path=path!("/dashboard") view=DashboardPage ssr=ssr()/>
                    <Route path=path!("/dashboard/tasks") view=DashboardTasksPage ssr=ssr()/>
                    <Route path=path!("/units") view=UnitsPage ssr=ssr()/>
                    <Route path=path!("/units/new") view=UnitNewPage ssr=ssr()/>
                    <Route path=path!("/units/:id") view=UnitEditPage ssr=ssr()/>
                    <Route path=path!("/users") view=UsersPage ssr=ssr()/>
                    <Route path=path!("/users/new") view=UserNewPage ssr=ssr()/>
                    <Route path=path!("/users/:id") view=UserEditPage ssr=ssr()/>
                    <Route path=path!("/audit") view=AuditPage ssr=ssr()/>
                    <Route path=path!("/plans") view=PlansPage ssr=ssr()/>
                    <Route path=path!("/plans/new") view=PlanNewPage ssr=ssr()/>
                    <Route path=path!("/plans/:id") view=PlanPage ssr=ssr()/>
                    <Route path=path!("/plans/:id/edit") view=PlanEditPage ssr=ssr()/>
                    <Route path=path!("/plans/:id/tasks/new") view=TaskNewPage ssr=ssr()/>
                    <Route path=path!("/plans/:id/import") view=ImportUploadPage ssr=ssr()/>
                    <Route path=path!("/plans/:id/indicators/new") view=IndicatorNewPage ssr=ssr()/>
                    <Route path=path!("/imports/:id") view=ImportPreviewPage ssr=ssr()/>
                    <Route path=path!("/tasks/:id") view=TaskPage ssr=ssr()/>
                    <Route path=path!("/tasks/:id/edit") view=TaskEditPage ssr=ssr()/>
                    <Route path=path!("/my-tasks") view=MyTasksPage ssr=ssr()/>
                    <Route path=path!("/reports") view=ReportsPageView ssr=ssr()/>
                    <Route path=path!("/directions") view=DirectionsPage ssr=ssr()/>
                    <Route path=path!("/reports/periods/:id") view=PeriodPage ssr=ssr()/>
                    <Route path=path!("/reports/periods/:id/units/:unit") view=UnitReportPage ssr=ssr()/>
                    <Route path=path!("/reports/periods/:id/province") view=ProvinceReportPage ssr=ssr()/>
                    <Route path=path!("/notifications") view=NotificationsPageView ssr=ssr()/>
                    <Route path=path!("/reminders") view=ReminderRulesPage ssr=ssr()/>
                    <Route path=path!("/reminders/recipients") view=RecipientsPageView ssr=ssr()/>
                    <Route path=path!("/mail") view=OutboxPageView ssr=ssr()/>
                </Routes>
            </main>
            <footer class="footer">{tr("app.footer")}</footer>
            <FormFeedback busy_label=tr("common.sending")/>
        </Router>
    }
}
