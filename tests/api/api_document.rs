//! The API document says what the server does: every route the router declares is documented and
//! every documented operation is routed; the entry form's documented fields are exactly those the
//! server reads.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::helpers::*;

/// (method, path) of every API route declared in `src/web/api/*.rs` (OPTIONS, the tus capability
/// answer, aside): read from the source, so a route added without its document fails here.
fn routed() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/web/api");
    for file in std::fs::read_dir(dir).unwrap().flatten() {
        let src = std::fs::read_to_string(file.path()).unwrap();
        for chunk in src.split(".route(").skip(1) {
            // The route's arguments: up to the parenthesis closing `.route(`.
            let (mut depth, mut end) = (1, chunk.len());
            for (i, c) in chunk.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let args = &chunk[..end];
            let path = args.split('"').nth(1).expect("a route's path").to_string();
            let path = if path.starts_with("/api/v1") { path } else { format!("/api/v1{path}") };
            if path == "/api/v1/openapi.json" {
                continue;
            }
            let methods = args.split(['(', ')', '.', ':', ' ', '\n', ',']);
            for m in methods.filter(|m| ["get", "post", "put", "patch", "delete", "head"].contains(m)) {
                out.insert((m.to_string(), path.clone()));
            }
        }
    }
    out
}

#[tokio::test]
async fn every_route_is_documented_and_every_documented_operation_is_routed() {
    let app = TestApp::spawn().await;
    let doc: Value = app.client().get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().unwrap().keys().filter(|m| *m != "parameters").map(|m| (m.clone(), path.clone()))
        })
        .collect();
    let routed = routed();
    assert!(routed.len() > 80, "{} routes read from the source", routed.len());
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    assert!(undocumented.is_empty(), "routed but not documented: {undocumented:?}");
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(unrouted.is_empty(), "documented but not routed: {unrouted:?}");
}

#[tokio::test]
async fn the_entry_form_documents_exactly_the_fields_the_server_reads() {
    let app = TestApp::spawn().await;
    let doc: Value = app.client().get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    let schema = &doc["components"]["schemas"]["EntryUpload"];
    let documented: BTreeSet<String> = schema["properties"].as_object().unwrap().keys().cloned().collect();
    let mut read: BTreeSet<String> = declic::testing::ENTRY_FORM_FIELDS.iter().map(|s| s.to_string()).collect();
    read.insert("photo".into());
    assert_eq!(documented, read, "{schema}");
    // Each documented name is one the form reader takes (no other is).
    let mut fields = declic::testing::EntryFields::default();
    for name in declic::testing::ENTRY_FORM_FIELDS {
        assert!(fields.set_field(name, "x").is_ok_and(|known| known) || fields.set_field(name, "1").is_ok(), "{name}");
    }
    assert!(!fields.set_field("consent", "on").unwrap(), "the old single box is no field any more");
    let required: BTreeSet<String> =
        schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    for name in ["photo", "title", "people", "minor"] {
        assert!(required.contains(name), "{name} is documented as required: {schema}");
    }
    // The description falls back to the title; `agree` stands for the three declarations.
    for name in ["description", "took_photo", "accept_rules", "agree"] {
        assert!(!required.contains(name), "{name} is documented as optional: {schema}");
    }
}

#[tokio::test]
async fn each_operation_documents_the_refusals_its_callers_can_meet() {
    use declic::testing::{Who, who};
    let app = TestApp::spawn().await;
    let doc: Value = app.client().get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap().iter().filter(|(m, _)| *m != "parameters") {
            let answers = op["responses"].as_object().unwrap();
            let who = who(method, path).unwrap_or_else(|| panic!("{method} {path} has no entry in the access table"));
            assert!(who == Who::Anyone || answers.contains_key("401"), "{method} {path}: 401");
            let staff = matches!(who, Who::Admin | Who::Moderator | Who::Juror);
            assert!(!staff || answers.contains_key("403"), "{method} {path}: 403");
            assert!(answers.contains_key("503"), "{method} {path}: 503");
        }
    }
}
