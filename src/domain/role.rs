//! Roles and what each may reach.

use std::fmt;

use super::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Participant,
    Moderator,
    Jury,
    Admin,
}

/// Something a role may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Upload entries and vote.
    Participate,
    /// Moderation queue and decisions.
    Moderate,
    /// Score entries as a juror.
    Judge,
    /// Sit on a jury round: jurors, and moderators and administrators on pre-selection rounds
    /// (each round names its members).
    SitOnRounds,
    /// Contest setup, ranking, covers, export, originals.
    Administer,
}

impl Role {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw.trim() {
            "participant" => Ok(Role::Participant),
            "moderator" => Ok(Role::Moderator),
            "jury" => Ok(Role::Jury),
            "admin" => Ok(Role::Admin),
            _ => Err(Invalid::new("invalid_role", "role must be participant, moderator, jury or admin")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::Moderator => "moderator",
            Role::Jury => "jury",
            Role::Admin => "admin",
        }
    }

    /// Each role reaches its own pages; admins also moderate. Nobody but jurors scores,
    /// so that staff cannot weigh on the jury's marks.
    pub fn can(self, cap: Capability) -> bool {
        matches!(
            (self, cap),
            (Role::Participant, Capability::Participate)
                | (Role::Moderator, Capability::Moderate)
                | (Role::Jury, Capability::Judge)
                | (Role::Admin, Capability::Administer)
                | (Role::Admin, Capability::Moderate)
                | (Role::Jury | Role::Moderator | Role::Admin, Capability::SitOnRounds)
        )
    }

    /// Staff roles log in with a password; participants only by magic link.
    pub fn uses_password(self) -> bool {
        self != Role::Participant
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participants_reach_only_participation() {
        assert!(Role::Participant.can(Capability::Participate));
        for cap in [Capability::Moderate, Capability::Judge, Capability::Administer] {
            assert!(!Role::Participant.can(cap));
        }
    }

    #[test]
    fn jury_only_judges_and_admin_does_not_judge() {
        assert!(Role::Jury.can(Capability::Judge));
        assert!(!Role::Jury.can(Capability::Moderate));
        assert!(!Role::Admin.can(Capability::Judge));
        assert!(Role::Admin.can(Capability::Moderate));
        assert!(!Role::Moderator.can(Capability::Administer));
    }

    #[test]
    fn parses_known_roles_only() {
        assert_eq!(Role::parse("jury").unwrap(), Role::Jury);
        assert!(Role::parse("root").is_err());
    }
}
