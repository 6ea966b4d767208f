//! The team: administrators invite moderators, jurors and other administrators by email, and take
//! a role back. An invitation creates the account if needed (the same accounts as participants,
//! addresses normalised the same way), gives it the role and emails a sign-in link valid for
//! [`INVITATION_DAYS`] days that leads to the role's pages. Invited staff sign in by email link;
//! `declic user add` can still give a password. Every change is audited (ids and roles only).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clock;
use crate::db::{self, users::User};
use crate::domain::Invalid;
use crate::domain::email::Email;
use crate::domain::role::{Capability, Role};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::services::accounts;
use crate::state::AppState;

/// How long an invitation's sign-in link stays valid (used once).
pub(crate) const INVITATION_DAYS: i64 = 7;

/// An invitation as an administrator sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(example = json!({"email": "moderatrice@example.org", "role": "moderator"}))]
pub(crate) struct InvitationInput {
    /// An address that can receive mail (`name@domain.tld`).
    #[schema(max_length = 254, format = Email)]
    pub email: String,
    /// `moderator`, `jury` or `admin`.
    #[schema(pattern = "^(moderator|jury|admin)$")]
    pub role: String,
}

/// A checked invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invitation {
    pub email: Email,
    pub role: Role,
}

impl InvitationInput {
    pub(crate) fn parse(&self) -> Result<Invitation, Invalid> {
        let email = Email::parse(&self.email)?;
        let role = Role::parse(&self.role)?;
        if role == Role::Participant {
            return Err(Invalid::new("invalid_role", "a person is invited as moderator, jury or admin"));
        }
        Ok(Invitation { email, role })
    }
}

/// A member of the team.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct StaffMember {
    pub id: i64,
    pub email: String,
    pub display_name: Option<String>,
    pub role: Role,
}

impl From<&User> for StaffMember {
    fn from(u: &User) -> Self {
        StaffMember { id: u.id, email: u.email.clone(), display_name: u.display_name.clone(), role: u.role }
    }
}

/// Where a role's sign-in link leads.
fn home_of(role: Role) -> &'static str {
    match role {
        Role::Admin => "/admin",
        Role::Moderator => "/moderation",
        Role::Jury => "/jury",
        Role::Participant => "/",
    }
}

fn own_role() -> AppError {
    AppError::conflict("own_admin_role", "you cannot take away your own administrator role")
}

/// Invites a person (admins): their account (created if needed) gets the role, and an email with
/// a sign-in link, in their language when they have used the site (else `lang`, the inviting
/// administrator's), tells them. Inviting a member again changes their role and sends a new link.
pub(crate) async fn invite(state: &AppState, by: &User, inv: &Invitation, lang: Lang) -> AppResult<StaffMember> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let known = db::users::find_by_email(state.db.pool(), &inv.email).await?;
    let now = clock::now();
    let token = accounts::new_token();
    let mut tx = state.db.begin_write().await?;
    let user = db::users::find_or_create_participant(&mut tx, &inv.email, now).await?;
    if user.id == by.id && inv.role != Role::Admin {
        return Err(own_role());
    }
    db::users::set_role(&mut *tx, user.id, inv.role).await?;
    let expires = now + INVITATION_DAYS * 86_400;
    // The link is sent to the account's own address (an alias finds the same account).
    db::sessions::create_magic_link(&mut tx, &accounts::hash_token(&token), None, &user.email, now, expires).await?;
    let detail = serde_json::json!({ "role": inv.role, "before": user.role });
    db::audit::record(&mut tx, Some(by.id), "staff.invite", &format!("user:{}", user.id), &detail, now).await?;
    let lang = if known.is_some() { user.lang } else { lang };
    let link = accounts::sign_in_link(state, &token, home_of(inv.role))?;
    let role = lang.t(&format!("role-{}", inv.role.as_str()));
    let args = [("role", role.clone()), ("link", link.to_string()), ("days", INVITATION_DAYS.to_string())];
    let subject = lang.t1("email-invite-subject", "role", &role);
    let to = Email::parse(&user.email).map_err(AppError::internal)?;
    crate::jobs::mail::queue_signed(&mut *tx, &to, lang, &subject, lang.tn("email-invite-body", &args), now).await?;
    tx.commit().await?;
    state.wake_workers();
    state.lookups.forget_user(user.id);
    let user = db::users::find(state.db.pool(), user.id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("user vanished")))?;
    Ok(StaffMember::from(&user))
}

/// The team, by role then address (admins).
pub(crate) async fn list(state: &AppState, by: &User) -> AppResult<Vec<StaffMember>> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    Ok(db::users::staff(state.db.pool()).await?.iter().map(StaffMember::from).collect())
}

/// Takes a member's role back (admins): they become a participant again, without password, and
/// sign in by email link. Nobody takes away their own role.
pub(crate) async fn remove_role(state: &AppState, by: &User, user_id: i64) -> AppResult<StaffMember> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    if user_id == by.id {
        return Err(own_role());
    }
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    let user = db::users::find(&mut *tx, user_id)
        .await?
        .filter(|u| u.role != Role::Participant && !u.is_erased())
        .ok_or_else(|| AppError::not_found("staff_not_found", "this account has no team role"))?;
    db::users::set_role(&mut *tx, user.id, Role::Participant).await?;
    db::users::clear_password(&mut *tx, user.id).await?;
    let detail = serde_json::json!({ "before": user.role });
    db::audit::record(&mut tx, Some(by.id), "staff.remove_role", &format!("user:{}", user.id), &detail, now).await?;
    tx.commit().await?;
    state.lookups.forget_user(user.id);
    Ok(StaffMember { role: Role::Participant, ..StaffMember::from(&user) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitations_are_for_team_roles() {
        let inv = |email: &str, role: &str| InvitationInput { email: email.into(), role: role.into() }.parse();
        let ok = inv(" Jury@Example.org ", "jury").unwrap();
        assert_eq!((ok.email.as_str(), ok.role), ("jury@example.org", Role::Jury));
        assert_eq!(inv("a@example.org", "participant").unwrap_err().code, "invalid_role");
        assert_eq!(inv("a@example.org", "root").unwrap_err().code, "invalid_role");
        assert_eq!(inv("not an address", "admin").unwrap_err().code, "invalid_email");
    }

    #[test]
    fn every_role_is_named_in_both_languages() {
        for role in [Role::Participant, Role::Moderator, Role::Jury, Role::Admin] {
            for lang in Lang::ALL {
                assert!(lang.has(&format!("role-{role}")), "role-{role} in {lang}");
            }
        }
    }
}
