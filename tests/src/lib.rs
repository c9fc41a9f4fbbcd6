//! `TestApp`: the real router on port 0 over a fresh database (a SQLite file in a temporary
//! directory, or a PostgreSQL database made for the test and dropped after it), with one
//! method per action.

use std::net::SocketAddr;

use reqwest::header::{ACCEPT, CONTENT_TYPE, REFERER};
use reqwest::{Client, Response, StatusCode};
use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, Select,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use app::domain::Role;
use server::{Application, Config};
use tokio::sync::oneshot;

pub mod accounts;
pub mod checks;
pub mod documents;
pub mod process;
pub mod proxy;
pub mod reports;
pub mod s3;
pub mod smtp;
pub mod tasks;

use checks::ok_json;
use tasks::{plan_form, task_form, with};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "cchc2025";

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary directory.
    Sqlite,
    /// A fresh database on the PostgreSQL server (`CCHC_TEST_PG_URL`, default
    /// `postgres://postgres@127.0.0.1:5432`).
    Postgres,
}

/// Runs each named `async fn(&TestApp)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::TestApp::spawn($crate::Backend::Sqlite).await;
                super::$name(&app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = $crate::TestApp::spawn($crate::Backend::Postgres).await;
                super::$name(&app).await;
            }
        }
    )*};
}

/// A running application on a fresh database, with the demo province loaded.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// The application's database (for checks behind the HTTP interface).
    pub db: DatabaseConnection,
    /// Which database this is.
    pub backend: Backend,
    /// Its URL (for server processes started by a test).
    pub database_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    pg_database: Option<String>,
    _dir: tempfile::TempDir,
}

fn pg_server_url() -> String {
    std::env::var("CCHC_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

impl TestApp {
    /// The application's data folder (uploads, exports; the SQLite file).
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// Starts the application on a fresh database of `backend`.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Starts the application on a fresh database of `backend`, with `configure` applied to
    /// the test configuration first (trusted proxies, the public address ...).
    pub async fn spawn_with(backend: Backend, configure: impl FnOnce(&mut Config)) -> TestApp {
        Self::spawn_inner(backend, configure, None).await
    }

    /// Starts the application on the demo database as an earlier schema made it
    /// (`tests/fixtures/schema/<migration>.sqlite` or `.pg.sql`): the current migrations
    /// upgrade it at start.
    pub async fn spawn_fixture(backend: Backend, migration: &str) -> TestApp {
        Self::spawn_inner(backend, |_| {}, Some(migration)).await
    }

    async fn spawn_inner(
        backend: Backend,
        configure: impl FnOnce(&mut Config),
        fixture: Option<&str>,
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schema");
        if let (Backend::Sqlite, Some(f)) = (backend, fixture) {
            std::fs::copy(
                fixtures.join(format!("{f}.sqlite")),
                dir.path().join("test.db"),
            )
            .expect("copy the SQLite fixture");
        }
        let (database_url, pg_database) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()),
                None,
            ),
            Backend::Postgres => {
                let (name, url) = create_pg_database().await;
                if let Some(f) = fixture {
                    // A plain pg_dump; its psql meta-commands (\restrict ...) are not SQL.
                    let dump = std::fs::read_to_string(fixtures.join(format!("{f}.pg.sql")))
                        .expect("read the PostgreSQL fixture");
                    let sql: String = dump
                        .lines()
                        .filter(|l| !l.starts_with('\\'))
                        .collect::<Vec<_>>()
                        .join("\n");
                    let conn = Database::connect(&url).await.expect("connect");
                    conn.execute_unprepared(&sql)
                        .await
                        .expect("restore the fixture");
                    conn.close().await.ok();
                }
                (url, Some(name))
            }
        };
        let mut config = Config::for_database(database_url.clone(), dir.path().to_path_buf());
        configure(&mut config);
        let options = server::leptos_options().expect("leptos options");
        let app = Application::build(
            &config,
            options,
            SocketAddr::from(([127, 0, 0, 1], 0)),
            fixture.is_none(),
        )
        .await
        .expect("application builds");
        let base = format!("http://{}", app.addr());
        let db = app.state.db.clone();
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = app
                .run_until(async {
                    let _ = rx.await;
                })
                .await;
        });
        TestApp {
            base,
            db,
            backend,
            database_url,
            shutdown: Some(tx),
            pg_database,
            _dir: dir,
        }
    }

    /// A new browser: its own cookie jar, no redirects followed.
    pub fn browser(&self) -> Client {
        browser_client(reqwest::header::HeaderMap::new())
    }

    /// A new browser that sends header `name: value` with every request (a reverse proxy's
    /// routing key in the two-instance test).
    pub fn browser_with_header(&self, name: &'static str, value: &'static str) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(name, reqwest::header::HeaderValue::from_static(value));
        browser_client(headers)
    }

    /// The helpers of a test application, pointed at a server that runs elsewhere (server
    /// processes behind a proxy at `base`), with `db` for the checks behind its interface.
    pub fn remote(base: String, db: DatabaseConnection, backend: Backend) -> TestApp {
        TestApp {
            base,
            db,
            backend,
            database_url: String::new(),
            shutdown: None,
            pg_database: None,
            _dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// `GET path`, as a browser asks for a page.
    pub async fn get(&self, client: &Client, path: &str) -> Response {
        client
            .get(format!("{}{path}", self.base))
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .send()
            .await
            .expect("GET")
    }

    /// `GET path` as a script asks for a file (no `Accept`): a download, an export.
    pub async fn download(&self, client: &Client, path: &str) -> Response {
        client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET")
    }

    /// Calls a server function the way the hydrated page does (form-encoded, JSON answer).
    pub async fn call(&self, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> Response {
        client
            .post(format!("{}/api/{endpoint}", self.base))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(encode(form))
            .send()
            .await
            .expect("POST")
    }

    /// Calls a server function and reads its JSON answer, whatever its status.
    pub async fn call_json<T: DeserializeOwned>(
        &self,
        client: &Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> T {
        json(self.call(client, endpoint, form).await).await
    }

    /// Posts a form the way a browser without JavaScript does (HTML accepted, Referer set).
    pub async fn post_form(
        &self,
        client: &Client,
        endpoint: &str,
        referer: &str,
        form: &[(&str, &str)],
    ) -> Response {
        client
            .post(format!("{}/api/{endpoint}", self.base))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .header(REFERER, format!("{}{referer}", self.base))
            .body(encode(form))
            .send()
            .await
            .expect("POST")
    }

    /// The page at `path` as `client` sees it, as HTML (empty when there is no body).
    pub async fn page(&self, client: &Client, path: &str) -> String {
        self.get(client, path)
            .await
            .text()
            .await
            .unwrap_or_default()
    }

    /// `client` opens the page at `path`, which must answer `status`; returns its HTML.
    pub async fn open(&self, client: &Client, path: &str, status: StatusCode) -> String {
        let res = self.get(client, path).await;
        assert_eq!(res.status(), status, "GET {path}");
        res.text().await.unwrap_or_default()
    }

    /// The page a redirect sends the browser to (`location` may be absolute), as HTML.
    pub async fn page_at(&self, client: &Client, location: &str) -> String {
        self.page(client, location.trim_start_matches(&self.base))
            .await
    }

    /// Logs `client` in; returns the answer.
    pub async fn login(&self, client: &Client, username: &str, password: &str) -> Response {
        self.call(
            client,
            "login",
            &[("username", username), ("password", password)],
        )
        .await
    }

    /// How a log-in as `username` with `password` from a new browser is answered.
    pub async fn login_status(&self, username: &str, password: &str) -> StatusCode {
        self.login(&self.browser(), username, password)
            .await
            .status()
    }

    /// A browser logged in as a demo account.
    pub async fn logged_in(&self, username: &str) -> Client {
        let client = self.browser();
        let res = self.login(&client, username, DEMO_PASSWORD).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "log-in of {username}: {}",
            res.text().await.unwrap_or_default()
        );
        client
    }

    /// A browser logged in as the demo account of `role`: unit roles are Sở Tư pháp's
    /// (`stp.giamdoc`, `stp.chuyenvien`); use [`TestApp::logged_in`] for another unit.
    pub async fn as_role(&self, role: Role) -> Client {
        self.logged_in(demo_account(role)).await
    }

    /// The session as the page sees it.
    pub async fn session(&self, client: &Client) -> Value {
        let res = self.call(client, "session", &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.expect("session JSON")
    }

    /// The anti-forgery token of `client`'s session.
    pub async fn csrf(&self, client: &Client) -> String {
        self.session(client).await["csrf"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Calls a writing server function with the session's token added.
    pub async fn write(&self, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> Response {
        let token = self.csrf(client).await;
        let mut all = vec![("csrf", token.as_str())];
        all.extend_from_slice(form);
        self.call(client, endpoint, &all).await
    }

    /// Posts a multipart form (an upload) the way a browser does, with the session's token.
    /// `files` are (field name, file name, bytes).
    pub async fn upload(
        &self,
        client: &Client,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Response {
        let token = self.csrf(client).await;
        let mut form = reqwest::multipart::Form::new().text("csrf", token);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (field, name, bytes) in files {
            form = form.part(
                field.to_string(),
                reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()),
            );
        }
        client
            .post(format!("{}{path}", self.base))
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .multipart(form)
            .send()
            .await
            .expect("POST multipart")
    }

    /// The audit log's first page about `object_type` ("user", "task" ...), as `client` sees it.
    pub async fn audit_log(&self, client: &Client, object_type: &str) -> Value {
        json(
            self.call(
                client,
                "audit/list",
                &[("object_type", object_type), ("page", "1")],
            )
            .await,
        )
        .await
    }

    /// Uploads a task table to plan `plan`'s import form as `client`.
    pub async fn upload_task_table(
        &self,
        client: &Client,
        plan: i32,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Response {
        self.upload(
            client,
            &format!("/plans/{plan}/import"),
            &[],
            &[("file", file_name, bytes)],
        )
        .await
    }

    /// `client` uploads the task table `file` (its name and bytes) to plan `plan`'s import form
    /// and is sent back (303): to the import's preview, or to the form with the refusal.
    /// Returns the answer.
    pub async fn upload_and_follow(
        &self,
        client: &Client,
        plan: i32,
        file: (&str, Vec<u8>),
    ) -> Response {
        let (file_name, bytes) = file;
        let res = self.upload_task_table(client, plan, file_name, bytes).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{file_name}");
        res
    }

    /// The one row `query` finds, read behind the HTTP interface; `what` names it when there is
    /// none.
    pub async fn one<E: EntityTrait>(&self, query: Select<E>, what: &str) -> E::Model {
        query
            .one(&self.db)
            .await
            .expect("query")
            .unwrap_or_else(|| panic!("no {what}"))
    }

    /// Every row `query` finds, read behind the HTTP interface.
    pub async fn all<E: EntityTrait>(&self, query: Select<E>) -> Vec<E::Model> {
        query.all(&self.db).await.expect("query")
    }

    /// How many rows `query` finds.
    pub async fn rows<E: EntityTrait>(&self, query: Select<E>) -> u64
    where
        E::Model: Sync,
    {
        query.count(&self.db).await.expect("count")
    }

    /// The id of the plan with document `number`.
    pub async fn plan_id(&self, number: &str) -> i32 {
        use app::entities::plan;
        let query = plan::Entity::find().filter(plan::Column::Number.eq(number));
        self.one(query, &format!("plan {number}")).await.id.0
    }

    /// A task row, read behind the HTTP interface.
    pub async fn task(&self, id: i32) -> app::entities::task::Model {
        let query = app::entities::task::Entity::find_by_id(id);
        self.one(query, &format!("task {id}")).await
    }

    /// Counts rows of each table (or `table WHERE ...`), in order.
    pub async fn counts(&self, tables: &[&str]) -> Vec<i64> {
        let mut counts = Vec::with_capacity(tables.len());
        for table in tables {
            counts.push(self.count(table).await);
        }
        counts
    }

    /// Counts rows of a table.
    pub async fn count(&self, table: &str) -> i64 {
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("n")
    }

    /// Adds the scale province's units (up to `units` current ones), `plans` plans, `tasks`
    /// tasks and `updates` progress updates to the demo (`app::demo::scale`).
    pub async fn add_scale_province(
        &self,
        units: usize,
        plans: usize,
        tasks: usize,
        updates: usize,
    ) -> app::demo::scale::Added {
        let sizes = app::demo::scale::Sizes {
            units,
            plans,
            tasks,
            updates,
        };
        app::demo::scale::generate(&self.db, sizes, today())
            .await
            .expect("scale province")
    }

    /// The id of the unit with `code`.
    pub async fn unit_id(&self, code: &str) -> i32 {
        use app::entities::unit;
        let query = unit::Entity::find().filter(unit::Column::Code.eq(code));
        self.one(query, &format!("unit {code}")).await.id.0
    }

    /// The PAR office creates plan `number` (annual, in force, this year); returns its id.
    pub async fn new_plan(&self, number: &str) -> i32 {
        let par = self.as_role(Role::ParOffice).await;
        let year = today().format("%Y").to_string();
        let issued_on = format!("{year}-01-05");
        let title = "Kế hoạch cải cách hành chính thử nghiệm";
        let form = plan_form(number, title, &issued_on, (&year, &year));
        let form = with(form, "plan[issuing_body]", "UBND tỉnh Sơn Hà");
        let form = with(form, "plan[status]", "in_force");
        ok_json(self.write(&par, "plans/create", &form).await).await
    }

    /// The PAR office adds a task to `plan`, led by the unit with code `lead`, with the units
    /// of `co` co-operating, due on `due`; returns its id.
    pub async fn new_task(
        &self,
        plan: i32,
        title: &str,
        lead: &str,
        co: &[&str],
        due: chrono::NaiveDate,
    ) -> i32 {
        let par = self.as_role(Role::ParOffice).await;
        let lead_id = self.unit_id(lead).await.to_string();
        let mut co_ids = Vec::new();
        for c in co {
            co_ids.push(self.unit_id(c).await.to_string());
        }
        let plan_s = plan.to_string();
        let due_s = ymd(due);
        let deadline = [("task[deadline_kind]", "date"), ("task[due_on]", &due_s)];
        let mut form = task_form(&plan_s, "3", title, &lead_id, &deadline);
        form.push(("task[expected_output]", "Báo cáo kết quả"));
        for c in &co_ids {
            form.push(("task[co_unit_ids][]", c));
        }
        let ids: Vec<i32> = ok_json(self.write(&par, "tasks/create", &form).await).await;
        ids[0]
    }

    /// `username` posts a progress update on `task` (the form of the task page, with `fields`
    /// such as `("progress", "60")`, `("state", "in_progress")`, `("body", ..)`); returns the
    /// answer (303 when saved).
    pub async fn post_progress(
        &self,
        username: &str,
        task: i32,
        fields: &[(&str, &str)],
    ) -> Response {
        let who = self.logged_in(username).await;
        let mut form: Vec<(&str, &str)> = vec![("kind", "update")];
        form.extend_from_slice(fields);
        self.post_on_task(&who, task, &form, &[]).await
    }

    /// `client` posts a progress update on `task` as the task page's form does: `progress`
    /// percent, `state`, `body`; returns the answer (303, with `x-outcome` on a refusal).
    pub async fn post_update(
        &self,
        client: &Client,
        task: i32,
        progress: &str,
        state: &str,
        body: &str,
    ) -> Response {
        let form = [
            ("kind", "update"),
            ("progress", progress),
            ("state", state),
            ("body", body),
        ];
        self.post_on_task(client, task, &form, &[]).await
    }

    /// `client` adds a co-operating unit's contribution `body` to `task`.
    pub async fn post_contribution(&self, client: &Client, task: i32, body: &str) -> Response {
        let form = [("kind", "contribution"), ("body", body)];
        self.post_on_task(client, task, &form, &[]).await
    }

    /// `username` reports `task` completed today, at 100 %.
    pub async fn complete_task(&self, username: &str, task: i32) {
        let today = ymd(today());
        let res = self
            .post_progress(
                username,
                task,
                &[
                    ("progress", "100"),
                    ("state", "completed"),
                    ("completed_on", &today),
                    ("body", "Đã hoàn thành, có báo cáo kết quả kèm theo."),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }

    /// The user `username`, read behind the HTTP interface.
    pub async fn user(&self, username: &str) -> app::entities::user::Model {
        use app::entities::user;
        let query = user::Entity::find().filter(user::Column::Username.eq(username));
        self.one(query, &format!("user {username}")).await
    }

    /// The id of the user `username`.
    pub async fn user_id(&self, username: &str) -> i32 {
        self.user(username).await.id
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(name) = self.pg_database.take() {
            drop_pg_database(name);
        }
    }
}

/// A client with its own cookie jar that follows no redirects and sends `headers`.
fn browser_client(headers: reqwest::header::HeaderMap) -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(20))
        .default_headers(headers)
        .build()
        .expect("http client")
}

/// A new, empty PostgreSQL database on the test server: its name and URL.
async fn create_pg_database() -> (String, String) {
    let name = format!("cchc_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(format!("{}/postgres", pg_server_url()))
        .await
        .expect("PostgreSQL must be reachable for the PostgreSQL tests (CCHC_TEST_PG_URL)");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    admin.close().await.ok();
    let url = format!("{}/{name}", pg_server_url());
    (name, url)
}

/// Drops a test database. Runs even when the test panicked: a thread with its own runtime
/// drops it.
fn drop_pg_database(name: String) {
    let _ = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            if let Ok(admin) = Database::connect(format!("{}/postgres", pg_server_url())).await {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
                let _ = admin.close().await;
            }
        });
    })
    .join();
}

/// An empty database and data folder, with no application on them (what a restore starts
/// from); the PostgreSQL database is dropped and the folder removed when it is dropped.
pub struct Scratch {
    /// Its URL.
    pub url: String,
    /// The data folder (the SQLite file is there too).
    pub dir: tempfile::TempDir,
    pg_database: Option<String>,
}

impl Scratch {
    /// A new, empty one on `backend`.
    pub async fn new(backend: Backend) -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, pg_database) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}?mode=rwc", dir.path().join("cchc.db").display()),
                None,
            ),
            Backend::Postgres => {
                let (name, url) = create_pg_database().await;
                (url, Some(name))
            }
        };
        Scratch {
            url,
            dir,
            pg_database,
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(name) = self.pg_database.take() {
            drop_pg_database(name);
        }
    }
}

fn encode(form: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded_serializer();
    for (k, v) in form {
        s.append_pair(k, v);
    }
    s.finish()
}

fn form_urlencoded_serializer() -> form_urlencoded::Serializer<'static, String> {
    form_urlencoded::Serializer::new(String::new())
}

/// The demo account that holds `role` (unit roles: Sở Tư pháp's).
pub fn demo_account(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::ParOffice => "sonv.cchc",
        Role::Leader => "chutich",
        Role::UnitHead => "stp.giamdoc",
        Role::UnitOfficer => "stp.chuyenvien",
    }
}

/// Today in Vietnam, as the application's system clock sees it.
pub fn today() -> chrono::NaiveDate {
    app::services::clock::Clock::system().today()
}

/// The day `days` after today (before it when negative).
pub fn in_days(days: i64) -> chrono::NaiveDate {
    today() + chrono::Duration::days(days)
}

/// A date as a date input sends it.
pub fn ymd(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Reads a JSON answer.
pub async fn json<T: DeserializeOwned>(res: Response) -> T {
    let text = res.text().await.expect("body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not the JSON expected ({e}): {text}"))
}

/// The header `name` of an answer, which must have it, as text.
pub fn header(res: &Response, name: &str) -> String {
    res.headers()[name].to_str().unwrap_or_default().to_string()
}

/// The cookie an answer sets (`Set-Cookie`, which it must have).
pub fn set_cookie(res: &Response) -> String {
    header(res, "set-cookie")
}

/// The `Location` of a redirect (empty when there is none).
pub fn location(res: &Response) -> String {
    res.headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Reads an error answer's JSON.
pub async fn error_json(res: Response) -> Value {
    json(res).await
}
