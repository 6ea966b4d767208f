//! `TestApp`: starts Déclic on port 0 with a fresh database and blob store, plus one helper per endpoint.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use declic::app::Application;
use declic::config::Settings;
use declic::testing::Probe;
use reqwest::{Client, Response, StatusCode, multipart};
use serde_json::{Value, json};
use tokio::sync::oneshot;

pub struct TestApp {
    pub address: String,
    pub metrics_address: String,
    pub probe: Probe,
    pub settings: Settings,
    pub outbox: PathBuf,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _dir: tempfile::TempDir,
}

/// The settings of a fresh test instance; `extra` overrides keys.
async fn test_settings(dir: &std::path::Path, extra: &[(&str, &str)]) -> Settings {
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    let mut set = |k: &str, v: String| {
        map.insert(k.to_string(), v);
    };
    set("bind", "127.0.0.1:0".into());
    set("metrics_bind", "127.0.0.1:0".into());
    set("data_dir", dir.display().to_string());
    set("demo", "false".into());
    set("workers", "2".into());
    // A small proof of work: the tests solve thousands of them.
    set("pow_max_number", "300".into());
    // Pages are fresh on every request unless a test turns the cache on.
    set("page_cache_secs", "0".into());
    // HEIC photos are decoded by a child `declic heif-child`: the binary Cargo built for the tests.
    set("heif_helper", env!("CARGO_BIN_EXE_declic").into());
    match std::env::var("DECLIC_TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => set("database_url", fresh_postgres_database(&base).await),
        _ => {}
    }
    if let Ok(storage) = std::env::var("DECLIC_TEST_STORAGE_URL") {
        let prefix = format!("t-{}", uuid::Uuid::new_v4().simple());
        set("storage_url", format!("{}/{prefix}", storage.trim_end_matches('/')));
        for (key, env) in declic::config::KEYS {
            if let (true, Ok(v)) = (key.starts_with("s3_"), std::env::var(env)) {
                set(key, v);
            }
        }
    }
    // Through a real SMTP server when CI runs one (scripts/smtp-sink.py): each instance sends from
    // its own address, and the server files its messages in a folder of that name.
    if let (Ok(server), Ok(sink)) = (std::env::var("DECLIC_TEST_SMTP"), std::env::var("DECLIC_TEST_SMTP_DIR")) {
        let (host, port) = server.rsplit_once(':').expect("DECLIC_TEST_SMTP is host:port");
        let sender = format!("t-{}", uuid::Uuid::new_v4().simple());
        let folder = std::path::Path::new(&sink).join(&sender);
        std::fs::create_dir_all(&folder).unwrap();
        set("smtp_host", host.into());
        set("smtp_port", port.into());
        set("smtp_tls", "none".into());
        set("mail_from", format!("Déclic <{sender}@declic.test>"));
        set("outbox_dir", folder.display().to_string());
    }
    for (k, v) in extra {
        set(k, v.to_string());
    }
    Settings::from_map(&map).expect("test settings")
}

/// Creates an empty database next to the one in `base` and returns its URL.
pub async fn fresh_postgres_database(base: &str) -> String {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let name = format!("declic_t_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::AnyConnection::connect(base).await.expect("connect to PostgreSQL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create database");
    let mut url = url::Url::parse(base).unwrap();
    url.set_path(&name);
    url.to_string()
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(&[]).await
    }

    /// Starts an instance with some settings overridden (`("max_upload_bytes", "1000")`).
    pub async fn spawn_with(extra: &[(&str, &str)]) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let settings = test_settings(dir.path(), extra).await;
        Self::start(settings, dir, true).await
    }

    async fn start(settings: Settings, dir: tempfile::TempDir, workers: bool) -> TestApp {
        declic::testing::install_recorder();
        if std::env::var_os("DECLIC_TEST_LOG").is_some() {
            declic::testing::init_logs(declic::config::LogFormat::Text);
        }
        let app = Application::build_with_workers(settings.clone(), workers).await.expect("build app");
        let address = format!("http://127.0.0.1:{}", app.port());
        let metrics_address = format!("http://127.0.0.1:{}", app.metrics_port().unwrap());
        let probe = Probe::of(&app);
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until_stopped(async move {
            let _ = rx.await;
        }));
        TestApp {
            address,
            metrics_address,
            probe,
            outbox: settings.outbox_dir.clone(),
            settings,
            shutdown: Some(tx),
            server: Some(server),
            _dir: dir,
        }
    }

    /// Stops the server (as a shutdown would) and starts another on the same database and storage.
    pub async fn restart(mut self, workers: bool) -> TestApp {
        self.stop().await;
        let mut settings = self.settings.clone();
        settings.bind = "127.0.0.1:0".parse().unwrap();
        settings.metrics_bind = Some("127.0.0.1:0".parse().unwrap());
        let dir = std::mem::replace(&mut self._dir, tempfile::tempdir().unwrap());
        Self::start(settings, dir, workers).await
    }

    /// A second instance on the same database and storage, this one still running (a cluster).
    pub async fn another_instance(&self, workers: bool) -> TestApp {
        let mut settings = self.settings.clone();
        settings.bind = "127.0.0.1:0".parse().unwrap();
        settings.metrics_bind = Some("127.0.0.1:0".parse().unwrap());
        Self::start(settings, tempfile::tempdir().unwrap(), workers).await
    }

    /// Like [`TestApp::spawn`] but without job workers (jobs stay queued).
    pub async fn spawn_without_workers() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let settings = test_settings(dir.path(), &[]).await;
        Self::start(settings, dir, false).await
    }

    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.server.take() {
            h.await.unwrap().unwrap();
        }
    }

    /// A client with its own cookie jar (one per person in a story), not following redirects.
    pub fn client(&self) -> Client {
        Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Creates a staff account through the CLI's code path and returns a logged-in client.
    pub async fn staff(&self, email: &str, role: &str) -> Client {
        self.probe.add_staff(email, role, PASSWORD).await.unwrap();
        let client = self.client();
        let res = self.login(&client, email, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "staff login");
        client
    }

    pub async fn login(&self, client: &Client, email: &str, password: &str) -> Response {
        client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap()
    }

    pub async fn request_magic_link(&self, client: &Client, email: &str) -> Response {
        client.post(self.url("/api/v1/auth/magic-link")).json(&json!({ "email": email })).send().await.unwrap()
    }

    /// Waits until the e-mails queued so far have left (sending them from here when the instance
    /// has no workers).
    pub async fn settle_mail(&self) {
        for _ in 0..500 {
            if self.probe.deliver_mail().await.unwrap() == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("e-mails still queued after 10 s");
    }

    /// Brings the moderation decisions' e-mails forward (as if their undo window had passed) and
    /// waits until they have left.
    pub async fn decision_mails_now(&self) {
        self.probe.hurry_jobs("notify_decision").await.unwrap();
        for _ in 0..500 {
            if self.probe.due_jobs("notify_decision").await.unwrap() == 0 {
                return self.settle_mail().await;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("decision e-mails still queued after 10 s");
    }

    /// The token of the newest magic link emailed to `email` (read from the outbox).
    pub async fn magic_token(&self, email: &str) -> String {
        self.settle_mail().await;
        let mut newest: Option<(std::time::SystemTime, String)> = None;
        for f in std::fs::read_dir(&self.outbox).expect("outbox").flatten() {
            let text = std::fs::read_to_string(f.path()).unwrap();
            if !text.contains(&format!("To: {email}")) {
                continue;
            }
            let modified = f.metadata().unwrap().modified().unwrap();
            let text = text.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
            if let Some(i) = text.find("token=") {
                let token: String =
                    text[i + 6..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
                if newest.as_ref().is_none_or(|(t, _)| modified >= *t) {
                    newest = Some((modified, token));
                }
            }
        }
        newest.expect("a magic link email").1
    }

    pub async fn verify(&self, client: &Client, token: &str) -> Response {
        client.get(self.url(&format!("/auth/verify?token={token}"))).send().await.unwrap()
    }

    pub async fn verify_with(&self, client: &Client, token: &str, next: &str) -> Response {
        let q = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("token", token)
            .append_pair("next", next)
            .finish();
        client.get(self.url(&format!("/auth/verify?{q}"))).send().await.unwrap()
    }

    /// A participant logged in by magic link.
    pub async fn participant(&self, email: &str) -> Client {
        let client = self.client();
        assert_eq!(self.request_magic_link(&client, email).await.status(), StatusCode::ACCEPTED);
        let token = self.magic_token(email).await;
        let res = self.verify(&client, &token).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "magic link verification");
        client
    }

    /// The session cookie of a new participant `email`, made directly in the database (for tests
    /// that need hundreds of distinct voters; `participant` goes through the magic link).
    pub async fn session_cookie(&self, email: &str) -> String {
        let pool = self.probe.db.pool();
        let email = declic::testing::Email::parse(email).unwrap();
        let mut conn = pool.acquire().await.unwrap();
        let user = declic::testing::participant(&mut conn, &email, 0).await.unwrap();
        let token = uuid::Uuid::new_v4().simple().to_string();
        let hash = declic::testing::hash_token(&token);
        declic::testing::create_session(&mut *conn, &hash, user.id, 0, i64::MAX / 2).await.unwrap();
        format!("{}={token}", declic::testing::SESSION_COOKIE)
    }

    pub async fn create_contest(&self, admin: &Client, body: &Value) -> Response {
        admin.post(self.url("/api/v1/contests")).json(body).send().await.unwrap()
    }

    /// Changes a contest's setup (admin): `PATCH /api/v1/contests/{slug}`.
    pub async fn update_contest(&self, admin: &Client, slug: &str, body: &Value) -> Response {
        admin.patch(self.url(&format!("/api/v1/contests/{slug}"))).json(body).send().await.unwrap()
    }

    /// The contest as the API shows it.
    pub async fn contest(&self, client: &Client, slug: &str) -> Value {
        let res = client.get(self.url(&format!("/api/v1/contests/{slug}"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }

    /// The audit lines of one action, oldest first (their JSON details).
    pub async fn audit_details(&self, action: &str) -> Vec<Value> {
        declic::testing::audit_page(self.probe.db.pool(), 0, 10_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|l| l.action == action)
            .map(|l| serde_json::from_str(&l.detail).unwrap())
            .collect()
    }

    /// A page as the browser gets it (`Accept-Language` set), with its status.
    pub async fn page_in(&self, client: &Client, path: &str, lang: &str) -> (StatusCode, String) {
        let res = client.get(self.url(path)).header("Accept-Language", lang).send().await.unwrap();
        (res.status(), res.text().await.unwrap())
    }

    /// A form posted as the browser posts it (same-origin), with `Accept-Language` set.
    pub async fn post_form(&self, client: &Client, path: &str, lang: &str, form: &[(&str, &str)]) -> Response {
        client
            .post(self.url(path))
            .header("Accept-Language", lang)
            .header("Sec-Fetch-Site", "same-origin")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn submit(&self, client: &Client, slug: &str, photo: Vec<u8>, fields: &[(&str, &str)]) -> Response {
        let mut form = multipart::Form::new()
            .part("photo", multipart::Part::bytes(photo).file_name("photo.jpg").mime_str("image/jpeg").unwrap());
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        client.post(self.url(&format!("/api/v1/contests/{slug}/entries"))).multipart(form).send().await.unwrap()
    }

    /// tus creation: `POST /api/v1/contests/{slug}/uploads` with the entry's fields as metadata.
    pub async fn tus_create(&self, client: &Client, slug: &str, length: usize, fields: &[(&str, &str)]) -> Response {
        client
            .post(self.url(&format!("/api/v1/contests/{slug}/uploads")))
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", length.to_string())
            .header("Upload-Metadata", tus_metadata(fields))
            .send()
            .await
            .unwrap()
    }

    /// tus: where an upload stands.
    pub async fn tus_head(&self, client: &Client, location: &str) -> Response {
        client.head(self.url(location)).header("Tus-Resumable", "1.0.0").send().await.unwrap()
    }

    /// tus: appends `body` at `offset`.
    pub async fn tus_patch(
        &self,
        client: &Client,
        location: &str,
        offset: usize,
        body: impl Into<reqwest::Body>,
    ) -> Response {
        client
            .patch(self.url(location))
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Offset", offset.to_string())
            .header("Content-Type", "application/offset+octet-stream")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// How many emails were sent to `to`.
    pub async fn mails_to(&self, to: &str) -> usize {
        self.settle_mail().await;
        std::fs::read_dir(&self.outbox)
            .unwrap()
            .flatten()
            .filter(|f| std::fs::read_to_string(f.path()).unwrap().contains(&format!("To: {to}")))
            .count()
    }

    /// Waits until `to` has received at least `n` e-mails (sent by a worker); returns how many.
    pub async fn wait_mails_to(&self, to: &str, n: usize) -> usize {
        for _ in 0..200 {
            let got = self.mails_to(to).await;
            if got >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{to} did not receive {n} e-mails in time");
    }

    /// The newest email sent to `to`, decoded (quoted-printable undone).
    pub async fn newest_mail(&self, to: &str) -> String {
        self.settle_mail().await;
        newest_mail_in(&self.outbox, to)
    }

    /// The 6-digit code of the newest sign-in e-mail sent to `email`, as the e-mail writes it.
    pub async fn login_code(&self, email: &str) -> String {
        let mail = self.newest_mail(email).await;
        let code = mail.lines().map(str::trim).find(|l| {
            l.len() == 7 && l.as_bytes()[3] == b' ' && l.bytes().enumerate().all(|(i, b)| i == 3 || b.is_ascii_digit())
        });
        code.unwrap_or_else(|| panic!("no code in {mail}")).to_string()
    }

    /// A photo sent by `author`, processed and approved by `moderator`; its id.
    pub async fn approved_entry(&self, author: &Client, moderator: &Client, slug: &str, seed: u8) -> i64 {
        let res = self.submit(author, slug, jpeg(40, 30, seed), &entry_fields()).await;
        assert_eq!(res.status(), StatusCode::ACCEPTED, "{}", res.text().await.unwrap());
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        self.wait_processed(author, id).await;
        assert_eq!(self.moderate(moderator, id, "approve", None).await.status(), StatusCode::OK);
        id
    }

    pub async fn entry(&self, client: &Client, id: i64) -> Response {
        client.get(self.url(&format!("/api/v1/entries/{id}"))).send().await.unwrap()
    }

    /// Polls an entry until it leaves `processing`; returns its JSON.
    pub async fn wait_processed(&self, client: &Client, id: i64) -> Value {
        for _ in 0..200 {
            let v: Value = self.entry(client, id).await.json().await.unwrap();
            if v["status"] != "processing" {
                return v;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("entry {id} was not processed in time");
    }

    pub async fn moderate(&self, client: &Client, id: i64, decision: &str, reason: Option<&str>) -> Response {
        client
            .post(self.url(&format!("/api/v1/entries/{id}/moderation")))
            .json(&json!({ "decision": decision, "reason": reason }))
            .send()
            .await
            .unwrap()
    }

    /// A page of two entries of the API gallery (newest first unless the query says).
    pub async fn gallery(&self, client: &Client, slug: &str, cursor: Option<&str>) -> Value {
        let q = cursor.map(|c| format!("?cursor={c}&limit=2")).unwrap_or_else(|| "?limit=2".into());
        self.gallery_query(client, slug, &q).await
    }

    /// The API gallery with a raw query string (`?order=shuffle&seed=…`).
    pub async fn gallery_query(&self, client: &Client, slug: &str, query: &str) -> Value {
        let res = client.get(self.url(&format!("/api/v1/contests/{slug}/gallery{query}"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "gallery{query}");
        res.json().await.unwrap()
    }

    /// A solved proof-of-work challenge, as a vote carries it.
    pub async fn pow(&self) -> String {
        let res = self.client().get(self.url("/api/v1/pow")).send().await.unwrap();
        assert_eq!(res.headers()["cache-control"], "no-store");
        let challenge: declic::testing::Challenge = res.json().await.unwrap();
        challenge.solve().expect("a challenge the server issued has a solution")
    }

    /// Votes with a freshly solved proof of work.
    pub async fn vote(&self, client: &Client, id: i64) -> Response {
        let pow = self.pow().await;
        self.vote_with(client, id, &pow).await
    }

    pub async fn vote_with(&self, client: &Client, id: i64, pow: &str) -> Response {
        client.post(self.url(&format!("/api/v1/entries/{id}/vote"))).json(&json!({ "pow": pow })).send().await.unwrap()
    }

    /// Sets the contest's voting rule and suspicious-vote thresholds (0 turns a test off).
    pub async fn set_voting(&self, admin: &Client, slug: &str, body: &Value) -> Response {
        admin.put(self.url(&format!("/api/v1/contests/{slug}/voting"))).json(body).send().await.unwrap()
    }

    /// Adds a jury round to a contest (admin).
    pub async fn create_round(&self, admin: &Client, slug: &str, body: &Value) -> Response {
        admin.post(self.url(&format!("/api/v1/contests/{slug}/rounds"))).json(body).send().await.unwrap()
    }

    /// `open`, `close` (with a body), `reminders`… on a round (admin).
    pub async fn round_action(&self, admin: &Client, round: i64, action: &str, body: &Value) -> Response {
        admin.post(self.url(&format!("/api/v1/rounds/{round}/{action}"))).json(body).send().await.unwrap()
    }

    /// Sets the contest's criteria: (name, weight); returns their ids in order.
    pub async fn set_criteria(&self, admin: &Client, slug: &str, list: &[(&str, f64)]) -> Vec<i64> {
        let body: Vec<Value> = list.iter().map(|(n, w)| json!({ "name": n, "weight": w })).collect();
        let res = admin.put(self.url(&format!("/api/v1/contests/{slug}/criteria"))).json(&body).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<Vec<Value>>().await.unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
    }

    /// A round that opened in the past, with these jurors, started; returns its id.
    pub async fn started_round(&self, admin: &Client, slug: &str, method: &str, extra: Value, jurors: &[&str]) -> i64 {
        let mut body = json!({
            "name": format!("{method} round"), "method": method, "quorum": 1,
            "opens_at": "2000-01-01T00:00:00Z", "closes_at": "2100-01-01T00:00:00Z", "jurors": jurors,
        });
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let res = self.create_round(admin, slug, &body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let res = self.round_action(admin, id, "open", &json!({})).await;
        assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
        id
    }

    /// A scoring round on one criterion, "Overall", started with these jurors: (round, criterion).
    pub async fn jury_round(&self, admin: &Client, slug: &str, jurors: &[&str]) -> (i64, i64) {
        let criterion = self.set_criteria(admin, slug, &[("Overall", 1.0)]).await[0];
        (self.started_round(admin, slug, "criteria", json!({}), jurors).await, criterion)
    }

    /// A juror's mark on an entry of a round.
    pub async fn mark(&self, client: &Client, round: i64, entry: i64, body: &Value) -> Response {
        client.put(self.url(&format!("/api/v1/rounds/{round}/entries/{entry}/mark"))).json(body).send().await.unwrap()
    }

    /// A juror's score on the only criterion of a [`TestApp::jury_round`].
    pub async fn score(&self, client: &Client, round: (i64, i64), entry: i64, score: i64) -> Response {
        self.mark(client, round.0, entry, &json!({ "scores": [{ "criterion_id": round.1, "score": score }] })).await
    }

    /// A juror's view of a round.
    pub async fn sheet(&self, client: &Client, round: i64) -> Value {
        let res = client.get(self.url(&format!("/api/v1/rounds/{round}/sheet"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }

    pub async fn ranking(&self, client: &Client, slug: &str) -> Response {
        client.get(self.url(&format!("/api/v1/contests/{slug}/ranking"))).send().await.unwrap()
    }

    pub async fn assign_winner(&self, client: &Client, slug: &str, slot: &str, entry_id: i64) -> Response {
        client
            .put(self.url(&format!("/api/v1/contests/{slug}/covers/{slot}/winner")))
            .json(&json!({ "entry_id": entry_id }))
            .send()
            .await
            .unwrap()
    }

    /// Puts an entry on a cover slot with a crop (`Value::Null`: the suggested one).
    pub async fn assign_cropped(
        &self,
        client: &Client,
        slug: &str,
        slot: &str,
        entry_id: i64,
        crop: Value,
    ) -> Response {
        client
            .put(self.url(&format!("/api/v1/contests/{slug}/covers/{slot}/winner")))
            .json(&json!({ "entry_id": entry_id, "crop": crop }))
            .send()
            .await
            .unwrap()
    }

    pub async fn crop_proposal(&self, client: &Client, slug: &str, slot: &str, entry_id: i64) -> Response {
        client
            .get(self.url(&format!("/api/v1/contests/{slug}/covers/{slot}/crop?entry={entry_id}")))
            .send()
            .await
            .unwrap()
    }

    pub async fn add_cover_slot(&self, client: &Client, slug: &str, slot: Value) -> Response {
        client.post(self.url(&format!("/api/v1/contests/{slug}/covers"))).json(&slot).send().await.unwrap()
    }

    pub async fn set_cover_rules(&self, client: &Client, slug: &str, one_cover_per_author: bool) -> Response {
        client
            .put(self.url(&format!("/api/v1/contests/{slug}/covers/rules")))
            .json(&json!({ "one_cover_per_author": one_cover_per_author }))
            .send()
            .await
            .unwrap()
    }

    /// Uploads a slot's mockup (a PNG), with its safe margin when given.
    pub async fn set_mockup(
        &self,
        client: &Client,
        slug: &str,
        slot: &str,
        png: Vec<u8>,
        margin: Option<f64>,
    ) -> Response {
        let query = margin.map(|m| format!("?safe_margin_mm={m}")).unwrap_or_default();
        client
            .put(self.url(&format!("/api/v1/contests/{slug}/covers/{slot}/mockup{query}")))
            .header("content-type", "image/png")
            .body(png)
            .send()
            .await
            .unwrap()
    }

    pub async fn remove_mockup(&self, client: &Client, slug: &str, slot: &str) -> Response {
        client.delete(self.url(&format!("/api/v1/contests/{slug}/covers/{slot}/mockup"))).send().await.unwrap()
    }

    /// Every slot with its mockup, preview and reserves.
    pub async fn cover_sheet(&self, client: &Client, slug: &str) -> Response {
        client.get(self.url(&format!("/api/v1/contests/{slug}/covers/sheet"))).send().await.unwrap()
    }

    pub async fn set_reserves(&self, client: &Client, slug: &str, slot: &str, entry_ids: &[i64]) -> Response {
        client
            .put(self.url(&format!("/api/v1/contests/{slug}/covers/{slot}/reserves")))
            .json(&json!({ "entry_ids": entry_ids }))
            .send()
            .await
            .unwrap()
    }

    /// Records that a slot's winner withdrew.
    pub async fn withdraw_winner(&self, client: &Client, slug: &str, slot: &str) -> Response {
        client.post(self.url(&format!("/api/v1/contests/{slug}/covers/{slot}/withdraw"))).send().await.unwrap()
    }

    pub async fn update_cover_slot(&self, client: &Client, slug: &str, slot: &str, spec: Value) -> Response {
        client.put(self.url(&format!("/api/v1/contests/{slug}/covers/{slot}"))).json(&spec).send().await.unwrap()
    }

    pub async fn remove_cover_slot(&self, client: &Client, slug: &str, slot: &str) -> Response {
        client.delete(self.url(&format!("/api/v1/contests/{slug}/covers/{slot}"))).send().await.unwrap()
    }

    pub async fn contact_sheet(&self, client: &Client, slug: &str) -> Response {
        client.get(self.url(&format!("/api/v1/contests/{slug}/covers/contact-sheet.pdf"))).send().await.unwrap()
    }

    pub async fn export(&self, client: &Client, slug: &str) -> Response {
        client.get(self.url(&format!("/api/v1/contests/{slug}/export.zip"))).send().await.unwrap()
    }

    /// The audit log's hash chain checked (admin): `GET /api/v1/audit/verify`.
    pub async fn audit_verify(&self, client: &Client) -> Response {
        client.get(self.url("/api/v1/audit/verify")).send().await.unwrap()
    }

    /// The results archive (admin): `GET /api/v1/contests/{slug}/archive`.
    pub async fn archive(&self, client: &Client, slug: &str) -> Response {
        client.get(self.url(&format!("/api/v1/contests/{slug}/archive"))).send().await.unwrap()
    }

    /// Sets how long the contest's personal data is kept after its end (admin; `None`: for good).
    pub async fn set_retention(&self, client: &Client, slug: &str, days: Option<i64>) -> Response {
        client
            .put(self.url(&format!("/api/v1/contests/{slug}/retention")))
            .json(&json!({ "retention_days": days }))
            .send()
            .await
            .unwrap()
    }

    /// Erases a person's account and data at their request (admin).
    pub async fn erase_user(&self, client: &Client, user_id: i64) -> Response {
        client.post(self.url(&format!("/api/v1/admin/users/{user_id}/erase"))).send().await.unwrap()
    }

    /// Runs the `declic` program on this instance's database and blob store.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        let (mut cmd, _dir) = self.cli_command(args);
        cmd.output().unwrap()
    }

    /// The `declic` program ready to run `args` on this instance's database and blob store, and
    /// the data folder it gets (keep it while the program runs).
    pub fn cli_command(&self, args: &[&str]) -> (std::process::Command, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_declic"));
        cmd.args(args)
            .env("DATABASE_URL", self.settings.database_url.expose())
            .env("DECLIC_DATA_DIR", dir.path())
            .env("DECLIC_DEMO", "false")
            .env("DECLIC_METRICS_BIND", "off");
        match &self.settings.storage {
            declic::config::StorageSettings::Fs { root, .. } => {
                cmd.env("STORAGE_URL", format!("file://{}", root.display()));
            }
            declic::config::StorageSettings::S3(s3) => {
                cmd.env("STORAGE_URL", format!("s3://{}/{}", s3.bucket, s3.prefix))
                    .env("DECLIC_S3_REGION", &s3.region)
                    .env("DECLIC_S3_ACCESS_KEY_ID", s3.access_key_id.expose())
                    .env("DECLIC_S3_SECRET_ACCESS_KEY", s3.secret_access_key.expose())
                    .env("DECLIC_S3_PATH_STYLE", s3.path_style.to_string());
                if let Some(e) = &s3.endpoint {
                    cmd.env("DECLIC_S3_ENDPOINT", e);
                }
            }
        }
        (cmd, dir)
    }

    /// An open contest (every phase open now) with one category and one cover slot; returns its slug.
    pub async fn open_contest(&self, admin: &Client, slug: &str) -> String {
        let res = self.create_contest(admin, &contest_json(slug, -3600, 86_400)).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
        slug.to_string()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

pub const PASSWORD: &str = "correct horse battery staple";

/// A contest whose phases all open at now+`open` and close at now+`close` (seconds).
pub fn contest_json(slug: &str, open: i64, close: i64) -> Value {
    let now = chrono::Utc::now().timestamp();
    let t = |d: i64| chrono::DateTime::from_timestamp(now + d, 0).unwrap().to_rfc3339();
    json!({
        "slug": slug,
        "title": "Partageons nos humeurs voyageuses",
        "rules": "Règlement du concours.",
        "submissions_open_at": t(open), "submissions_close_at": t(close),
        "vote_open_at": t(open), "vote_close_at": t(close),
        "jury_open_at": t(open), "jury_close_at": t(close),
        "results_at": t(close + 3600),
        "categories": ["Tram", "Bus"],
        "cover_slots": [{ "slug": "guide-t1", "name": "Guide T1", "trim_width_mm": 148, "trim_height_mm": 210, "bleed_mm": 3, "min_dpi": 300 }]
    })
}

/// `Upload-Metadata`: `key base64(value)` pairs.
pub fn tus_metadata(fields: &[(&str, &str)]) -> String {
    use base64::Engine;
    fields
        .iter()
        .map(|(k, v)| format!("{k} {}", base64::engine::general_purpose::STANDARD.encode(v)))
        .collect::<Vec<_>>()
        .join(",")
}

pub fn entry_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("title", "Le tram au lever du jour"),
        ("description", "Un tramway bleu traverse un pont au lever du soleil."),
        ("category", "Tram"),
        ("took_photo", "true"),
        ("accept_rules", "true"),
        ("grants", "print,web,social"),
        ("people", "none"),
        ("minor", "no"),
    ]
}

/// A real JPEG of `w × h` with a gradient (distinct `seed`s give distinct files).
pub fn jpeg(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x as u8).wrapping_mul(3).wrapping_add(seed), (y as u8).wrapping_mul(5), seed])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

/// A JPEG carrying an EXIF block (orientation tag, and a Make of "GPS") right after its SOI marker.
pub fn jpeg_with_exif(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    with_exif(&jpeg(w, h, 7), orientation)
}

/// The same JPEG with an EXIF APP1 segment (orientation, Make "GPS") inserted after SOI.
pub fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\0\x2a\0\0\0\x08"); // big-endian TIFF, IFD at offset 8
    tiff.extend_from_slice(&2u16.to_be_bytes()); // two entries
    tiff.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1]); // Orientation, SHORT, 1
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&[0x01, 0x0F, 0x00, 0x02, 0, 0, 0, 4]); // Make, ASCII, 4
    tiff.extend_from_slice(b"GPS\0");
    tiff.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A JPEG of a blocky pseudo-random scene: distinct seeds look different to a perceptual hash.
pub fn scene(seed: u32, w: u32, h: u32) -> Vec<u8> {
    encode_jpeg(&scene_pixels(seed, w, h), 90)
}

pub fn scene_pixels(seed: u32, w: u32, h: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let (cx, cy) = (x * 12 / w, y * 9 / h);
        let v = (cx * 31 + cy * 17 + seed * 97).wrapping_mul(2654435761) >> 24;
        image::Rgb([v as u8, (v / 2) as u8, 255 - v as u8])
    })
}

pub fn encode_jpeg(img: &image::RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality).encode_image(img).unwrap();
    out
}

/// The error code of an API error response.
pub async fn error_code(res: Response) -> String {
    let v: Value = res.json().await.expect("JSON error body");
    v["error"]["code"].as_str().expect("error.code").to_string()
}

/// Undoes quoted-printable encoding (soft breaks and `=XX` bytes).
fn unquote(text: &str) -> String {
    let text = text.replace("=\r\n", "").replace("=\n", "");
    let (bytes, mut out, mut i) = (text.as_bytes(), Vec::new(), 0);
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The newest email to `to` in the outbox, decoded.
pub fn newest_mail_in(outbox: &std::path::Path, to: &str) -> String {
    let mut newest: Option<(std::time::SystemTime, String)> = None;
    for f in std::fs::read_dir(outbox).unwrap().flatten() {
        let text = std::fs::read_to_string(f.path()).unwrap();
        let modified = f.metadata().unwrap().modified().unwrap();
        if text.contains(&format!("To: {to}")) && newest.as_ref().is_none_or(|(t, _)| modified >= *t) {
            newest = Some((modified, unquote(&text)));
        }
    }
    newest.expect("an email").1
}
