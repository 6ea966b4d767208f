//! The database going away under load (a PostgreSQL restart) is a 503 with `Retry-After`, never a
//! 500, and the server carries on by itself once it is back. PostgreSQL only: the test cuts a TCP
//! proxy between Déclic and the server (every connection dropped, new ones refused), as a restart
//! does, without disturbing the other tests' databases.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::JoinHandle;

use crate::helpers::*;

/// A TCP proxy that can be cut and restored on the same port.
struct Proxy {
    address: SocketAddr,
    upstream: String,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let proxy = Proxy { address, upstream, tasks: Arc::default() };
        proxy.serve(listener);
        proxy
    }

    fn serve(&self, listener: TcpListener) {
        let (upstream, tasks) = (self.upstream.clone(), self.tasks.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let conn = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                tasks.lock().unwrap().push(conn);
            }
        });
        self.tasks.lock().unwrap().push(accept);
    }

    /// Drops every connection and refuses new ones.
    fn cut(&self) {
        for t in self.tasks.lock().unwrap().drain(..) {
            t.abort();
        }
    }

    async fn restore(&self) {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_reuseaddr(true).unwrap();
        socket.bind(self.address).unwrap();
        self.serve(socket.listen(128).unwrap());
    }
}

async fn expect_unavailable(what: &str, res: reqwest::Response) {
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{what}");
    assert!(res.headers().contains_key("retry-after"), "{what}: Retry-After");
}

#[tokio::test]
async fn a_lost_database_is_a_503_with_retry_after_and_the_server_recovers() {
    let base = match std::env::var("DECLIC_TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => base,
        _ => return eprintln!("PostgreSQL only: the embedded SQLite database cannot go away"),
    };
    let db = fresh_postgres_database(&base).await;
    let mut url = url::Url::parse(&db).unwrap();
    let upstream = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
    let proxy = Proxy::start(upstream).await;
    url.set_port(Some(proxy.address.port())).unwrap();
    let app = TestApp::spawn_with(&[("database_url", url.as_str())]).await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "outage").await;
    let alice = app.participant("alice@example.org").await;
    let id = app.approved_entry(&alice, &admin, &slug, 1).await;
    let gallery = format!("/c/{slug}/gallery");
    let photo = format!("/e/{id}");

    // Load: visitors keep reading the gallery and the photo's page throughout.
    let load = {
        let (client, urls) = (app.client(), [app.url(&gallery), app.url(&photo)]);
        tokio::spawn(async move {
            let mut statuses = Vec::new();
            for i in 0..400 {
                if let Ok(res) = client.get(&urls[i % 2]).send().await {
                    statuses.push(res.status());
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            statuses
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;

    proxy.cut();
    // Each waits for a connection until the pool gives up (10 s): asked together.
    let anonymous = app.client();
    let api_gallery = app.url(&format!("/api/v1/contests/{slug}/gallery"));
    let fields = entry_fields();
    let (a, b, c, d) = tokio::join!(
        anonymous.get(app.url(&gallery)).send(),
        anonymous.get(app.url(&photo)).send(),
        app.submit(&alice, &slug, jpeg(40, 30, 2), &fields),
        anonymous.get(&api_gallery).send(),
    );
    expect_unavailable("gallery page", a.unwrap()).await;
    expect_unavailable("photo page", b.unwrap()).await;
    expect_unavailable("upload", c).await;
    expect_unavailable("API gallery", d.unwrap()).await;

    proxy.restore().await;
    let mut back = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..100 {
        back = anonymous.get(app.url(&photo)).send().await.unwrap().status();
        if back == StatusCode::OK {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(back, StatusCode::OK, "the server recovers by itself");
    let res = app.submit(&alice, &slug, jpeg(40, 30, 3), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED, "uploads are taken again");
    let _: Value = res.json().await.unwrap();

    let statuses = load.await.unwrap();
    assert!(statuses.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::SERVICE_UNAVAILABLE), "{statuses:?}");
    assert!(statuses.contains(&StatusCode::SERVICE_UNAVAILABLE), "the load met the outage");
}
