//! Every zip Déclic writes unpacks, with the system's `unzip` and with Python's `zipfile`, as
//! regular files anyone may read (0644, folders 0755) dated when they were made.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;

use crate::covers::{photo, poster};
use crate::helpers::TestApp;

/// Unpacks `bytes` with `unzip` and checks every file's mode and date, then reads it with Python.
fn check_unpacks(what: &str, bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join(format!("{what}.zip"));
    std::fs::write(&zip, bytes).unwrap();
    let out = dir.path().join("out");
    // A strict umask: the modes must come from the archive, not from the person unpacking it.
    let res = Command::new("sh")
        .arg("-c")
        .arg("umask 077 && unzip -q \"$0\" -d \"$1\"")
        .arg(&zip)
        .arg(&out)
        .output()
        .expect("unzip installed");
    assert!(res.status.success(), "{what}: unzip: {}", String::from_utf8_lossy(&res.stderr));
    let mut files = 0;
    walk(&out, &mut |path, meta| {
        let mode = meta.permissions().mode() & 0o777;
        let age = SystemTime::now().duration_since(meta.modified().unwrap()).unwrap_or_default();
        if meta.is_dir() {
            assert_eq!(mode, 0o755, "{what}: folder {}", path.display());
        } else {
            files += 1;
            assert_eq!(mode, 0o644, "{what}: {}", path.display());
            assert!(std::fs::read(path).is_ok(), "{what}: {} is readable", path.display());
            // Zip keeps local time to the second without a zone: within a day of now.
            assert!(age < Duration::from_secs(86_400), "{what}: {} is dated {age:?} ago", path.display());
        }
    });
    assert!(files > 0, "{what} holds files");

    let script = r#"
import sys, zipfile, datetime, stat, tempfile
z = zipfile.ZipFile(sys.argv[1])
now = datetime.datetime.now()
files = 0
for i in z.infolist():
    mode = i.external_attr >> 16
    if i.is_dir():
        assert stat.S_ISDIR(mode) and stat.S_IMODE(mode) == 0o755, (i.filename, oct(mode))
    else:
        files += 1
        assert stat.S_ISREG(mode) and stat.S_IMODE(mode) == 0o644, (i.filename, oct(mode))
    made = datetime.datetime(*i.date_time)
    assert abs((now - made).total_seconds()) < 86400 * 2, (i.filename, i.date_time)
assert z.testzip() is None
z.extractall(tempfile.mkdtemp())
print(files)
"#;
    let res = Command::new("python3").arg("-c").arg(script).arg(&zip).output().unwrap();
    assert!(res.status.success(), "{what}: python zipfile: {}", String::from_utf8_lossy(&res.stderr));
    assert_eq!(String::from_utf8_lossy(&res.stdout).trim(), files.to_string(), "{what}: same files both ways");
}

fn walk(dir: &Path, f: &mut dyn FnMut(&Path, &std::fs::Metadata)) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        f(&entry.path(), &meta);
        if meta.is_dir() {
            walk(&entry.path(), f);
        }
    }
}

#[tokio::test]
async fn every_zip_unpacks_as_readable_files_dated_now() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "zips").await;
    assert_eq!(app.add_cover_slot(&admin, &slug, poster()).await.status(), StatusCode::CREATED);
    let alice = app.participant("alice@example.org").await;
    let (id, _) = photo(&app, &alice, &admin, &slug, 3).await;
    assert_eq!(app.assign_winner(&admin, &slug, "poster", id).await.status(), StatusCode::OK);

    let res = app.export(&admin, &slug).await;
    assert_eq!(res.status(), StatusCode::OK);
    check_unpacks("winners", &res.bytes().await.unwrap());
    let res = app.archive(&admin, &slug).await;
    assert_eq!(res.status(), StatusCode::OK);
    check_unpacks("archive", &res.bytes().await.unwrap());
    let res = admin.get(app.url(&format!("/api/v1/contests/{slug}/originals.zip"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    check_unpacks("originals", &res.bytes().await.unwrap());
    let res = alice.get(app.url("/api/v1/me/data.zip")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    check_unpacks("my-data", &res.bytes().await.unwrap());
}
