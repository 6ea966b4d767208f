//! Accounts: argon2id passwords, sign-in e-mails (a single-use link and a 6-digit code, expiring), tokens.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use axum::http::StatusCode;
use base64::Engine;
use rand::RngCore;

use crate::clock;
use crate::db::{self, users::User};
use crate::domain::display_name::DisplayName;
use crate::domain::email::Email;
use crate::domain::login_code::{self, LoginCode};
use crate::domain::role::Role;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;

/// 256 random bits, URL-safe.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token: its blake3 hash, never the token.
pub fn hash_token(token: &str) -> String {
    blake3::hash(token.as_bytes()).to_hex().to_string()
}

/// A staff password: long enough to resist guessing.
pub(crate) fn check_password_strength(password: &str) -> AppResult<()> {
    if password.chars().count() < 12 {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "weak_password",
            "a password has at least 12 characters",
        ));
    }
    Ok(())
}

/// Hashes with argon2id on the CPU pool.
pub(crate) async fn hash_password(state: &AppState, password: String) -> AppResult<String> {
    state
        .interactive
        .run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
        })
        .await?
        .map_err(|e| AppError::internal(anyhow::anyhow!("argon2: {e}")))
}

/// Verifies a password; without a stored hash it spends the same time hashing, then says no,
/// so response times do not tell which accounts exist.
async fn verify_password(state: &AppState, password: String, hash: Option<String>) -> AppResult<bool> {
    Ok(state
        .interactive
        .run(move || match hash {
            Some(hash) => PasswordHash::new(&hash)
                .is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()),
            None => {
                let salt = SaltString::generate(&mut OsRng);
                let _ = Argon2::default().hash_password(password.as_bytes(), &salt);
                false
            }
        })
        .await?)
}

/// Creates or updates a staff account (CLI `user add`).
pub(crate) async fn add_staff(state: &AppState, email: &Email, role: Role, password: String) -> AppResult<i64> {
    if !role.uses_password() {
        return Err(AppError::bad_request("invalid_role", "participants log in by email link and have no password"));
    }
    check_password_strength(&password)?;
    let hash = hash_password(state, password).await?;
    Ok(db::users::upsert_staff(state.db.pool(), email, role, &hash, clock::now()).await?)
}

/// Checks an email and password; the same error whether the account or the password is wrong.
pub(crate) async fn login_password(state: &AppState, email: &str, password: String) -> AppResult<User> {
    let invalid = || AppError::new(StatusCode::UNAUTHORIZED, "invalid_credentials", "wrong email or password");
    let email = Email::parse(email).map_err(|_| invalid())?;
    let (user, hash) = match db::users::find_with_password(state.db.pool(), &email).await? {
        Some((u, h)) => (Some(u), h),
        None => (None, None),
    };
    let ok = verify_password(state, password, hash).await?;
    match user {
        Some(u) if ok => Ok(u),
        _ => Err(invalid()),
    }
}

/// Sends a single-use login link; says nothing about whether the account exists.
/// `next` (a same-site path, already checked by the caller) is where the link leads after login.
pub(crate) async fn send_magic_link(state: &AppState, email: &Email, lang: Lang, next: &str) -> AppResult<()> {
    if email.is_disposable(&state.settings.disposable_domains) {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "disposable_email",
            "addresses of throwaway mailboxes are not accepted; use your usual address",
        ));
    }
    let token = new_token();
    let code = LoginCode::random();
    let now = clock::now();
    let ttl = state.settings.magic_link_ttl.as_secs() as i64;
    let code_hash = state.keys.hash_login_code(email.as_str(), &code);
    let link = sign_in_link(state, &token, next)?;
    let subject = lang.t1("email-magic-subject", "code", code.spaced());
    let body = crate::mail::with_signature(
        lang,
        lang.tn(
            "email-magic-body",
            &[("minutes", (ttl / 60).to_string()), ("link", link.to_string()), ("code", code.spaced())],
        ),
    );
    // The link and its e-mail are kept together: the message leaves through the job queue.
    let mut tx = state.db.begin_write().await?;
    db::sessions::create_magic_link(&mut tx, &hash_token(&token), Some(&code_hash), email.as_str(), now, now + ttl)
        .await?;
    crate::jobs::mail::queue(&mut *tx, email, &subject, body, now).await?;
    tx.commit().await?;
    state.wake_workers();
    Ok(())
}

/// The emailed link that signs in with `token` and then goes to `next` (a same-site path).
pub(crate) fn sign_in_link(state: &AppState, token: &str, next: &str) -> AppResult<url::Url> {
    let mut link = state.settings.public_url.join("auth/verify").map_err(AppError::internal)?;
    link.query_pairs_mut().append_pair("token", token);
    if next != "/" {
        link.query_pairs_mut().append_pair("next", next);
    }
    Ok(link)
}

/// Consumes a magic link and returns its account (created as a participant on first use).
pub(crate) async fn verify_magic_link(state: &AppState, token: &str) -> AppResult<User> {
    let invalid =
        || AppError::bad_request("invalid_link", "this link has expired or was already used; ask for a new one");
    if token.is_empty() || token.len() > 100 {
        return Err(invalid());
    }
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    let email = db::sessions::consume_magic_link(&mut *tx, &hash_token(token), now).await?.ok_or_else(invalid)?;
    let email = Email::parse(&email).map_err(|_| invalid())?;
    let user = db::users::find_or_create_participant(&mut tx, &email, now).await?;
    tx.commit().await?;
    Ok(user)
}

/// Signs in with the code of the newest sign-in e-mail sent to `email` (created as a participant
/// on first use, as with the link). A wrong code counts against that e-mail's few tries.
pub(crate) async fn verify_login_code(state: &AppState, email: &Email, code: &LoginCode) -> AppResult<User> {
    let now = clock::now();
    let code_hash = state.keys.hash_login_code(email.as_str(), code);
    let mut tx = state.db.begin_write().await?;
    let wrong = db::sessions::wrong_codes_since(&mut *tx, email.as_str(), now - 3600).await?;
    if wrong >= login_code::MAX_WRONG_PER_HOUR {
        return Err(AppError::rate_limited());
    }
    let ok = db::sessions::consume_login_code(&mut tx, email.as_str(), &code_hash, login_code::MAX_TRIES, now).await?;
    if !ok {
        tx.commit().await?;
        return Err(AppError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_code",
            "this code is wrong, has expired or was already used; check it or ask for a new e-mail",
        ));
    }
    let user = db::users::find_or_create_participant(&mut tx, email, now).await?;
    tx.commit().await?;
    Ok(user)
}

/// Sets (or clears, with `None`) the name `user` is credited with in the gallery, the ranking and
/// the printer's manifest; returns the updated account.
pub(crate) async fn set_display_name(state: &AppState, user: &User, name: Option<DisplayName>) -> AppResult<User> {
    let name = name.as_ref().map(DisplayName::as_str);
    let mut tx = state.db.begin_write().await?;
    db::users::set_display_name(&mut *tx, user.id, name).await?;
    // Whether a name is set, not the name (the audit log keeps no personal data).
    let detail = serde_json::json!({ "display_name_set": name.is_some() });
    db::audit::record(&mut tx, Some(user.id), "user.display_name", &format!("user:{}", user.id), &detail, clock::now())
        .await?;
    tx.commit().await?;
    state.lookups.forget_user(user.id);
    db::users::find(state.db.pool(), user.id).await?.ok_or_else(AppError::unauthenticated)
}

/// Deletes a participant's account at their request: every entry is withdrawn (files deleted)
/// except photos chosen for a cover, whose rights are granted; then the account's personal data is
/// erased (see [`db::users::erase`]). Returns how many entries were kept as cover winners.
#[tracing::instrument(skip_all, fields(user = user.id))]
pub(crate) async fn delete_account(state: &AppState, user: &User) -> AppResult<usize> {
    if user.role != Role::Participant {
        return Err(staff_account());
    }
    let erased = erase_person(state, user, user.id, "user.delete").await?;
    tracing::info!(user = user.id, kept = erased.kept_cover_winners, "account deleted at its owner's request");
    Ok(erased.kept_cover_winners)
}

/// What erasing a person did.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct Erasure {
    pub user_id: i64,
    /// Entries withdrawn (files deleted).
    pub entries_withdrawn: usize,
    /// Photos chosen for a cover, kept with the author's credit (their rights are granted).
    pub kept_cover_winners: usize,
    /// The account had already been erased: nothing was left to do.
    pub already_erased: bool,
}

/// An administrator erases a participant at their request (a letter, a call): exactly what
/// deleting their own account does, audited under the administrator's id and without personal
/// data. Erasing an erased account again does nothing.
#[tracing::instrument(skip_all, fields(by = by.id, user = user_id))]
pub(crate) async fn erase_on_request(state: &AppState, by: &User, user_id: i64) -> AppResult<Erasure> {
    if !by.role.can(crate::domain::role::Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let user = db::users::find(state.db.pool(), user_id)
        .await?
        .ok_or_else(|| AppError::not_found("user_not_found", "there is no such account"))?;
    if user.role != Role::Participant {
        return Err(staff_account());
    }
    if user.is_erased() {
        return Ok(Erasure { user_id, entries_withdrawn: 0, kept_cover_winners: 0, already_erased: true });
    }
    let erased = erase_person(state, &user, by.id, "user.erase").await?;
    tracing::info!(user = user.id, by = by.id, "account erased by an administrator at its owner's request");
    Ok(erased)
}

fn staff_account() -> AppError {
    AppError::new(StatusCode::FORBIDDEN, "staff_account", "staff accounts are removed by an administrator")
}

/// Withdraws every entry of `user` but cover winners, cancels their uploads, then erases the
/// account (keeping the credit of a cover winner) with an audit line by `actor`.
async fn erase_person(state: &AppState, user: &User, actor: i64, action: &str) -> AppResult<Erasure> {
    let (mut kept, mut withdrawn) = (0, 0);
    for entry in db::entries::of_participant(state.db.pool(), user.id).await? {
        if db::covers::is_winner(state.db.pool(), entry.id).await? {
            kept += 1;
        } else {
            crate::services::submissions::withdraw_for(state, user, entry.id, actor).await?;
            withdrawn += 1;
        }
    }
    crate::services::resumable::forget_all_of(state, user).await?;
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    db::users::erase(&mut tx, user, db::users::Keep { credit: kept > 0, votes: false }, now).await?;
    let detail = serde_json::json!({ "kept_cover_winners": kept, "entries_withdrawn": withdrawn });
    db::audit::record(&mut tx, Some(actor), action, &format!("user:{}", user.id), &detail, now).await?;
    tx.commit().await?;
    state.db.scrub_after_erasure().await;
    state.lookups.forget_user(user.id);
    Ok(Erasure { user_id: user.id, entries_withdrawn: withdrawn, kept_cover_winners: kept, already_erased: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_password_strength("short").is_err());
        assert!(check_password_strength("correct horse battery").is_ok());
    }
}
