//! Who may call each API operation: the one table the document's 401 and 403 answers are
//! written from, and which a test checks against the server, role by role.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Public.
    Anyone,
    /// Any signed-in person (each use case then says what they may do with what).
    SignedIn,
    Admin,
    /// Moderators and administrators.
    Moderator,
    /// Jurors, moderators and administrators (who sit on pre-selection rounds); each round then
    /// checks its members.
    Juror,
}

/// Who may call each operation (method in lowercase, path as the document writes it). A new
/// operation must be added here: the authorization test walks them all.
pub const OPERATIONS: &[(&str, &str, Who)] = {
    use Who::*;
    &[
        ("delete", "/api/v1/admin/staff/{id}/role", Admin),
        ("get", "/api/v1/admin/staff", Admin),
        ("get", "/api/v1/admin/users", Admin),
        ("post", "/api/v1/admin/invitations", Admin),
        ("post", "/api/v1/admin/users/{id}/erase", Admin),
        ("get", "/api/v1/audit/verify", Admin),
        ("delete", "/api/v1/me", SignedIn),
        ("get", "/api/v1/me", SignedIn),
        ("patch", "/api/v1/me", SignedIn),
        ("get", "/api/v1/me/data.zip", SignedIn),
        ("get", "/api/v1/me/entries", SignedIn),
        ("post", "/api/v1/auth/login", Anyone),
        ("post", "/api/v1/auth/code", Anyone),
        ("post", "/api/v1/auth/logout", Anyone),
        ("post", "/api/v1/auth/magic-link", Anyone),
        ("get", "/api/v1/contests", Anyone),
        ("post", "/api/v1/contests", Admin),
        ("get", "/api/v1/contests/{slug}", Anyone),
        ("patch", "/api/v1/contests/{slug}", Admin),
        ("get", "/api/v1/contests/{slug}/rules/{version}", Anyone),
        ("put", "/api/v1/contests/{slug}/rules", Admin),
        ("put", "/api/v1/contests/{slug}/logo", Admin),
        ("delete", "/api/v1/contests/{slug}/logo", Admin),
        ("put", "/api/v1/contests/{slug}/retention", Admin),
        ("put", "/api/v1/contests/{slug}/theme", Admin),
        ("post", "/api/v1/contests/{slug}/covers", Admin),
        ("post", "/api/v1/contests/{slug}/covers/notify", Admin),
        ("put", "/api/v1/contests/{slug}/covers/rules", Admin),
        ("get", "/api/v1/contests/{slug}/covers/sheet", Admin),
        ("get", "/api/v1/contests/{slug}/covers/contact-sheet.pdf", Admin),
        ("put", "/api/v1/contests/{slug}/covers/{slot}", Admin),
        ("delete", "/api/v1/contests/{slug}/covers/{slot}", Admin),
        ("get", "/api/v1/contests/{slug}/covers/{slot}/crop", Admin),
        ("put", "/api/v1/contests/{slug}/covers/{slot}/mockup", Admin),
        ("delete", "/api/v1/contests/{slug}/covers/{slot}/mockup", Admin),
        ("get", "/api/v1/contests/{slug}/covers/{slot}/mockup.png", Admin),
        ("get", "/api/v1/contests/{slug}/covers/{slot}/preview.jpg", Admin),
        ("put", "/api/v1/contests/{slug}/covers/{slot}/reserves", Admin),
        ("put", "/api/v1/contests/{slug}/covers/{slot}/winner", Admin),
        ("post", "/api/v1/contests/{slug}/covers/{slot}/withdraw", Admin),
        ("get", "/api/v1/contests/{slug}/export.zip", Admin),
        ("get", "/api/v1/contests/{slug}/gallery", Anyone),
        ("post", "/api/v1/contests/{slug}/entries", SignedIn),
        ("post", "/api/v1/contests/{slug}/uploads", SignedIn),
        ("post", "/api/v1/previews", SignedIn),
        ("patch", "/api/v1/uploads/{id}", SignedIn),
        ("head", "/api/v1/uploads/{id}", SignedIn),
        ("delete", "/api/v1/uploads/{id}", SignedIn),
        ("get", "/api/v1/entries/{id}", Anyone),
        ("patch", "/api/v1/entries/{id}", SignedIn),
        ("delete", "/api/v1/entries/{id}", SignedIn),
        ("post", "/api/v1/entries/{id}/reports", Anyone),
        ("post", "/api/v1/entries/{id}/vote", SignedIn),
        ("get", "/api/v1/pow", Anyone),
        ("post", "/api/v1/entries/{id}/moderation", Moderator),
        ("post", "/api/v1/entries/{id}/moderation/undo", Moderator),
        ("post", "/api/v1/entries/{id}/reprocess", Moderator),
        ("put", "/api/v1/entries/{id}/hidden", Moderator),
        ("get", "/api/v1/moderation/queue", Moderator),
        ("get", "/api/v1/moderation/reports", Moderator),
        ("get", "/api/v1/moderation/reasons", Moderator),
        ("post", "/api/v1/moderation/reasons", Moderator),
        ("delete", "/api/v1/moderation/reasons/{id}", Moderator),
        ("post", "/api/v1/moderation/approve", Moderator),
        ("get", "/api/v1/moderation/alerts", Moderator),
        ("put", "/api/v1/moderation/alerts", Moderator),
        ("post", "/api/v1/reports/{id}/dismiss", Moderator),
        ("get", "/api/v1/contests/{slug}/vote-flags", Moderator),
        ("post", "/api/v1/vote-flags/{id}/review", Moderator),
        ("put", "/api/v1/contests/{slug}/voting", Admin),
        ("post", "/api/v1/contests/{slug}/copy", Admin),
        ("get", "/api/v1/contests/{slug}/archive", Admin),
        ("get", "/api/v1/contests/{slug}/originals.zip", Admin),
        ("get", "/api/v1/contests/{slug}/ranking", Admin),
        ("get", "/api/v1/contests/{slug}/results.csv", Admin),
        ("put", "/api/v1/contests/{slug}/results-settings", Admin),
        ("get", "/api/v1/contests/{slug}/criteria", Admin),
        ("put", "/api/v1/contests/{slug}/criteria", Admin),
        ("get", "/api/v1/contests/{slug}/rounds", Admin),
        ("post", "/api/v1/contests/{slug}/rounds", Admin),
        ("put", "/api/v1/rounds/{id}", Admin),
        ("delete", "/api/v1/rounds/{id}", Admin),
        ("post", "/api/v1/rounds/{id}/open", Admin),
        ("post", "/api/v1/rounds/{id}/close", Admin),
        ("post", "/api/v1/rounds/{id}/reminders", Admin),
        ("get", "/api/v1/rounds/{id}/progress", Admin),
        ("get", "/api/v1/rounds/{id}/result", Admin),
        ("get", "/api/v1/jury/rounds", Juror),
        ("get", "/api/v1/rounds/{id}/sheet", Juror),
        ("put", "/api/v1/rounds/{id}/entries/{entry}/mark", Juror),
        ("post", "/api/v1/rounds/{id}/entries/{entry}/recusal", Juror),
    ]
};

/// Who may call `method` `path` (as the document writes them), when the table says.
pub fn who(method: &str, path: &str) -> Option<Who> {
    OPERATIONS.iter().find(|(m, p, _)| *m == method && *p == path).map(|o| o.2)
}
