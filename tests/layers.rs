//! Layers point one way: `domain` ← `db`/`storage`/`media` ← `services`/`jobs`/`export` ← `web` ←
//! `app`. A file may name (`crate::…`) its own layer or a lower one, never a higher one. The state
//! every use case receives (`state`) sits with the use cases; the web adds its own parts to it
//! (`web::state`). The shared kernel (config, clock, error, i18n, mail, secret, server, telemetry) is not checked,
//! nor is test code (`#[cfg(test)]` and below). The crate shows the binary and the tests only
//! `app`, `cli`, `config` and `testing`; the black-box tests reach inside through `testing` alone.

use std::collections::BTreeSet;
use std::path::Path;

fn rank(module: &str) -> Option<u8> {
    Some(match module {
        "domain" => 0,
        "db" | "storage" | "media" => 1,
        // The state every use case receives sits with them, below the web.
        "services" | "jobs" | "export" | "state" => 2,
        "web" => 3,
        // Startup and the command line, with what only they use (the demo seed, benchmarks).
        // `testing` is the tests' door: it may name anything.
        "app" | "cli" | "demo" | "bench" | "bench_winners" | "render_cli" | "testing" => 4,
        _ => return None,
    })
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_layer_names_a_higher_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut found = BTreeSet::new();
    for path in files {
        let rel = path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        let top = rel.split('/').next().unwrap().trim_end_matches(".rs");
        let Some(own) = rank(top) else { continue };
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if rank(&name).is_some_and(|r| r > own) {
                found.insert((rel.clone(), name));
            }
        }
    }
    assert!(found.is_empty(), "files naming a higher layer (move the code down, or the type it needs): {found:?}");
}

/// What the library shows outside itself: startup, the command line, settings, and the tests' door.
const PUBLIC: &[&str] = &["app", "cli", "config", "testing"];

#[test]
fn the_crate_shows_only_its_doors() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let public: Vec<&str> =
        lib.lines().filter_map(|l| l.strip_prefix("pub mod ")).map(|l| l.trim_end_matches(';')).collect();
    assert_eq!(public, PUBLIC, "every other module is `pub(crate)`");
}

#[test]
fn tests_and_benchmarks_reach_inside_only_through_testing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("tests"), &mut files);
    walk(&root.join("examples"), &mut files);
    let mut found = BTreeSet::new();
    for path in files.into_iter().filter(|p| !p.ends_with("layers.rs")) {
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, _) in text.match_indices("declic::") {
            let name: String = text[i + 8..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !PUBLIC.contains(&name.as_str()) || name == "cli" {
                found.insert((path.display().to_string(), name));
            }
        }
    }
    assert!(
        found.is_empty(),
        "tests naming the crate's insides (go through the API, the CLI or declic::testing): {found:?}"
    );
}
