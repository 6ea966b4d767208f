//! Admin page: the audit log's hash chain checked, in words.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::domain::audit::ChainReport;
use crate::domain::role::Capability;
use crate::error::AppResult;
use crate::services::audit;
use crate::state::AppState;
use crate::web::i18n::Lang;
use crate::web::pages::{Nav, render};
use crate::web::session::AuthUser;

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    nav: Nav,
    report: ChainReport,
    /// The first break in words, in the page's language.
    problem: Option<String>,
}

pub(crate) async fn page(State(state): State<AppState>, lang: Lang, user: AuthUser) -> AppResult<Response> {
    let admin = user.require(Capability::Administer)?;
    let report = audit::verify_as(&state, admin).await?;
    let problem = report
        .first_broken
        .as_ref()
        .map(|b| lang.t1(&format!("audit-problem-{}", b.problem.as_str().replace('_', "-")), "seq", b.seq));
    render(&AuditPage { nav: Nav::new(Some(user.0), lang), report, problem })
}
