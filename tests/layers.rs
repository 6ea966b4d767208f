//! Layers point one way: `domain` ← `db`/`storage`/`media` ← `services`/`jobs`/`export` ← `web` ←
//! `app`. A file may name (`crate::…`) its own layer or a lower one, never a higher one. The state
//! every use case receives (`state`) sits with the use cases; the web adds its own parts to it
//! (`web::state`). The shared kernel (config, clock, error, i18n, mail, secret, server, telemetry) is not checked,
//! nor is test code (`#[cfg(test)]` and below).

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
        "app" | "cli" | "demo" | "bench" | "bench_winners" | "render_cli" => 4,
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
