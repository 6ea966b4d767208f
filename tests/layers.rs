//! Layers point one way: `domain` ← `db`/`storage`/`media` ← `services`/`jobs`/`export` ← `web` ←
//! `app`. A file may name (`crate::…`) its own layer or a lower one, never a higher one. The
//! imports that break this today are listed below as debt (issue 24: `AppState` still lives in
//! `app.rs`, and holds web parts); a new one fails this test, and so does a listed one that is
//! gone, so the list only shrinks. Modules outside the layers (config, clock, error, i18n, mail…)
//! are not checked. Test code (`#[cfg(test)]` and below) is not checked.

use std::collections::BTreeSet;
use std::path::Path;

fn rank(module: &str) -> Option<u8> {
    Some(match module {
        "domain" => 0,
        "db" | "storage" | "media" => 1,
        "services" | "jobs" | "export" => 2,
        "web" => 3,
        "app" => 4,
        _ => return None,
    })
}

/// Upward imports that exist today: (file under `src/`, the higher layer it names).
const DEBT: &[(&str, &str)] = &[
    ("export/archive.rs", "app"),
    ("export/mod.rs", "app"),
    ("export/my_data.rs", "app"),
    ("export/winners.rs", "app"),
    ("jobs/mod.rs", "app"),
    ("jobs/render.rs", "app"),
    ("services/accounts.rs", "app"),
    ("services/audit.rs", "app"),
    ("services/contest_setup.rs", "app"),
    ("services/contests.rs", "app"),
    ("services/cover_mockups.rs", "app"),
    ("services/cover_reserves.rs", "app"),
    ("services/cover_slots.rs", "app"),
    ("services/covers.rs", "app"),
    ("services/dashboard.rs", "app"),
    ("services/gallery.rs", "app"),
    ("services/judging.rs", "app"),
    ("services/judging.rs", "web"),
    ("services/mod.rs", "app"),
    ("services/moderation.rs", "app"),
    ("services/people.rs", "app"),
    ("services/publication.rs", "app"),
    ("services/reports.rs", "app"),
    ("services/reprocess.rs", "app"),
    ("services/results.rs", "app"),
    ("services/resumable.rs", "app"),
    ("services/retention.rs", "app"),
    ("services/rounds.rs", "app"),
    ("services/staff.rs", "app"),
    ("services/submissions.rs", "app"),
    ("services/sweep.rs", "app"),
    ("services/theme.rs", "app"),
    ("services/vote_flags.rs", "app"),
    ("services/voting.rs", "app"),
    ("web/api/audit.rs", "app"),
    ("web/api/auth.rs", "app"),
    ("web/api/contests.rs", "app"),
    ("web/api/covers.rs", "app"),
    ("web/api/entries.rs", "app"),
    ("web/api/jury.rs", "app"),
    ("web/api/look.rs", "app"),
    ("web/api/mod.rs", "app"),
    ("web/api/moderation.rs", "app"),
    ("web/api/reports.rs", "app"),
    ("web/api/results.rs", "app"),
    ("web/api/retention.rs", "app"),
    ("web/api/staff.rs", "app"),
    ("web/api/tus.rs", "app"),
    ("web/api/votes.rs", "app"),
    ("web/assets.rs", "app"),
    ("web/feed.rs", "app"),
    ("web/i18n.rs", "app"),
    ("web/media.rs", "app"),
    ("web/mod.rs", "app"),
    ("web/ops.rs", "app"),
    ("web/pages/admin.rs", "app"),
    ("web/pages/admin_audit.rs", "app"),
    ("web/pages/admin_cover_sheet.rs", "app"),
    ("web/pages/admin_covers.rs", "app"),
    ("web/pages/admin_dashboard.rs", "app"),
    ("web/pages/admin_jury.rs", "app"),
    ("web/pages/admin_people.rs", "app"),
    ("web/pages/admin_theme.rs", "app"),
    ("web/pages/admin_votes.rs", "app"),
    ("web/pages/auth.rs", "app"),
    ("web/pages/contest.rs", "app"),
    ("web/pages/embed.rs", "app"),
    ("web/pages/gallery.rs", "app"),
    ("web/pages/jury.rs", "app"),
    ("web/pages/mod.rs", "app"),
    ("web/pages/moderation.rs", "app"),
    ("web/pages/participant.rs", "app"),
    ("web/pages/results.rs", "app"),
    ("web/pages/rules.rs", "app"),
    ("web/ratelimit.rs", "app"),
    ("web/refusals.rs", "app"),
    ("web/security.rs", "app"),
    ("web/session.rs", "app"),
    ("web/upload.rs", "app"),
    ("web/upload_pace.rs", "app"),
    ("web/views.rs", "app"),
];

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
    let debt: BTreeSet<(String, String)> = DEBT.iter().map(|(f, m)| (f.to_string(), m.to_string())).collect();
    let new: Vec<_> = found.difference(&debt).collect();
    assert!(new.is_empty(), "files naming a higher layer (move the code down, or the type it needs): {new:?}");
    let paid: Vec<_> = debt.difference(&found).collect();
    assert!(paid.is_empty(), "no longer upward, take them off DEBT: {paid:?}");
}
