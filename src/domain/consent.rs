//! Rights and consent: the uses a contest's rules ask rights for (each named with its scope,
//! territory and duration, as French CPI art. L131-3 requires) and what a participant declares
//! for each entry (authorship, rights granted, people shown, a guardian's consent for a minor).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Invalid, bounded_text};

/// A use of the photo the contest asks the right for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Use {
    /// Reproduction on printed covers and documents.
    Print,
    /// Publication on the organiser's websites.
    Web,
    /// Publication on the organiser's social network accounts.
    Social,
    /// Exhibition (posters, displays).
    Exhibition,
    /// Press and promotion of the contest.
    Press,
}

impl Use {
    pub(crate) const ALL: [Use; 5] = [Use::Print, Use::Web, Use::Social, Use::Exhibition, Use::Press];

    pub(crate) fn code(self) -> &'static str {
        match self {
            Use::Print => "print",
            Use::Web => "web",
            Use::Social => "social",
            Use::Exhibition => "exhibition",
            Use::Press => "press",
        }
    }

    pub(crate) fn parse(raw: &str) -> Option<Use> {
        Use::ALL.into_iter().find(|u| u.code() == raw.trim())
    }
}

/// One right the rules ask for: a use, what it covers, where and for how long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub(crate) struct RightSpec {
    #[serde(rename = "use")]
    pub use_: Use,
    /// What exactly is allowed (e.g. "reproduction on the covers of the 2027 timetable guides").
    #[serde(default)]
    #[schema(max_length = 500)]
    #[schema(pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub scope: String,
    /// Where (e.g. "France", "worldwide").
    #[schema(min_length = 1, max_length = 120)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub territory: String,
    /// How long, in months (1 to 1200).
    #[schema(minimum = 1, maximum = 1200)]
    pub duration_months: i64,
}

/// The rights of a contest's rules: at least one, each use once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct Rights(Vec<RightSpec>);

impl Rights {
    /// Print covers, web and social networks, in France, for 3 years.
    pub(crate) fn standard() -> Rights {
        let spec =
            |use_| RightSpec { use_, scope: String::new(), territory: "France".to_string(), duration_months: 36 };
        Rights(vec![spec(Use::Print), spec(Use::Web), spec(Use::Social)])
    }

    pub(crate) fn parse(specs: &[RightSpec]) -> Result<Rights, Invalid> {
        if specs.is_empty() {
            return Err(Invalid::new("invalid_rights", "the rules must name at least one right"));
        }
        let mut out: Vec<RightSpec> = Vec::with_capacity(specs.len());
        for s in specs {
            if out.iter().any(|o| o.use_ == s.use_) {
                return Err(Invalid::new("invalid_rights", format!("the use `{}` is named twice", s.use_.code())));
            }
            let scope = bounded_text(&s.scope, 0, 500, "invalid_rights", "a right's scope")?;
            let territory = bounded_text(&s.territory, 1, 120, "invalid_rights", "a right's territory")?;
            if !(1..=1200).contains(&s.duration_months) {
                return Err(Invalid::new("invalid_rights", "a right lasts from 1 to 1200 months"));
            }
            out.push(RightSpec { use_: s.use_, scope, territory, duration_months: s.duration_months });
        }
        Ok(Rights(out))
    }

    /// Reads rights stored by [`Rights::to_json`].
    pub(crate) fn from_json(raw: &str) -> Result<Rights, serde_json::Error> {
        serde_json::from_str(raw).map(Rights)
    }

    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "[]".into())
    }

    pub(crate) fn specs(&self) -> &[RightSpec] {
        &self.0
    }
}

/// Whether identifiable people appear in the photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum People {
    /// Nobody can be recognised.
    None,
    /// People can be recognised and agreed to the photo's uses.
    Agreed,
}

impl People {
    pub(crate) fn code(self) -> &'static str {
        match self {
            People::None => "none",
            People::Agreed => "agreed",
        }
    }

    pub(crate) fn from_code(raw: &str) -> Option<People> {
        match raw {
            "none" => Some(People::None),
            "agreed" => Some(People::Agreed),
            _ => None,
        }
    }
}

/// The consent fields as a form or an upload's metadata sends them (unchecked).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentAnswers {
    pub took_photo: bool,
    pub accept_rules: bool,
    /// Use codes the participant ticked.
    pub grants: Vec<String>,
    /// `none`, `agreed`, or `not_agreed` (people appear and did not agree).
    pub people: Option<String>,
    /// `yes` when the participant is under the contest's age threshold, `no` otherwise.
    pub minor: Option<String>,
    pub guardian_name: Option<String>,
    pub guardian_consent: bool,
    /// One tick for three: took the photo, accepts the rules, grants every right they ask for
    /// (the record still lists each right, from the rules' own wording).
    #[serde(default)]
    pub agree_all: bool,
}

/// True for the ways a form says "checked".
pub(crate) fn is_checked(raw: &str) -> bool {
    matches!(raw.trim(), "on" | "true" | "yes" | "1")
}

impl ConsentAnswers {
    /// Adds the value of one form field, when it is a consent field; false otherwise.
    pub fn set_field(&mut self, name: &str, value: &str) -> bool {
        let value = value.trim();
        match name {
            "took_photo" => self.took_photo = is_checked(value),
            "accept_rules" => self.accept_rules = is_checked(value),
            "grant" | "grants" => {
                self.grants.extend(value.split(',').map(str::trim).filter(|g| !g.is_empty()).map(str::to_string))
            }
            "people" => self.people = Some(value.to_string()).filter(|v| !v.is_empty()),
            "minor" => self.minor = Some(value.to_string()).filter(|v| !v.is_empty()),
            "guardian_name" => self.guardian_name = Some(value.to_string()).filter(|v| !v.is_empty()),
            "guardian_consent" => self.guardian_consent = is_checked(value),
            "agree" => self.agree_all = is_checked(value),
            _ => return false,
        }
        true
    }
}

/// A complete, valid consent for one entry under one version of the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Consent {
    rights: Rights,
    people: People,
    guardian: Option<String>,
}

fn refused(code: &'static str, message: impl Into<String>) -> Invalid {
    Invalid::new(code, message)
}

impl Consent {
    /// Checks the answers against the rules' rights and the contest's age threshold.
    pub(crate) fn parse(a: &ConsentAnswers, rights: &Rights, age_threshold: i64) -> Result<Consent, Invalid> {
        let all;
        let a = if a.agree_all {
            let grants = rights.specs().iter().map(|s| s.use_.code().to_string()).collect();
            all = ConsentAnswers { took_photo: true, accept_rules: true, grants, ..a.clone() };
            &all
        } else {
            a
        };
        if !a.took_photo {
            return Err(refused("authorship_required", "confirm that you took this photo yourself"));
        }
        if !a.accept_rules {
            return Err(refused("rules_required", "read and accept the contest rules"));
        }
        for g in &a.grants {
            if Use::parse(g).is_none_or(|u| !rights.specs().iter().any(|s| s.use_ == u)) {
                return Err(refused("unknown_right", format!("the rules do not ask for the right `{g}`")));
            }
        }
        let missing: Vec<&str> = rights
            .specs()
            .iter()
            .filter(|s| !a.grants.iter().any(|g| Use::parse(g) == Some(s.use_)))
            .map(|s| s.use_.code())
            .collect();
        if !missing.is_empty() {
            return Err(refused(
                "rights_required",
                format!("grant each right the rules ask for; missing: {}", missing.join(", ")),
            ));
        }
        let people = match a.people.as_deref() {
            Some("not_agreed") => {
                return Err(refused(
                    "people_consent_required",
                    "people who can be recognised in the photo must agree to its publication",
                ));
            }
            Some(p) => People::from_code(p)
                .ok_or_else(|| refused("people_answer_required", "say whether people can be recognised"))?,
            None => return Err(refused("people_answer_required", "say whether people can be recognised in the photo")),
        };
        let guardian = match a.minor.as_deref() {
            Some("no") => None,
            Some("yes") => {
                let name = a.guardian_name.as_deref().unwrap_or("");
                let name = bounded_text(name, 2, 120, "guardian_required", "the parent's or guardian's name").map_err(
                    |_| {
                        refused(
                            "guardian_required",
                            format!("under {age_threshold}, a parent or guardian must consent: give their full name"),
                        )
                    },
                )?;
                if !a.guardian_consent {
                    return Err(refused(
                        "guardian_required",
                        format!("under {age_threshold}, a parent or guardian must tick their consent"),
                    ));
                }
                Some(name)
            }
            _ => {
                return Err(refused("age_answer_required", format!("say whether you are under {age_threshold}")));
            }
        };
        Ok(Consent { rights: rights.clone(), people, guardian })
    }

    /// The rights granted (a snapshot of the rules' wording).
    pub(crate) fn rights(&self) -> &Rights {
        &self.rights
    }

    pub(crate) fn people(&self) -> People {
        self.people
    }

    /// The guardian who consented, for a minor.
    pub(crate) fn guardian(&self) -> Option<&str> {
        self.guardian.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers() -> ConsentAnswers {
        ConsentAnswers {
            took_photo: true,
            accept_rules: true,
            grants: vec!["print".into(), "web".into(), "social".into()],
            people: Some("none".into()),
            minor: Some("no".into()),
            guardian_name: None,
            guardian_consent: false,
            agree_all: false,
        }
    }

    fn code(a: &ConsentAnswers) -> &'static str {
        Consent::parse(a, &Rights::standard(), 15).unwrap_err().code
    }

    #[test]
    fn a_complete_answer_is_a_consent() {
        let c = Consent::parse(&answers(), &Rights::standard(), 15).unwrap();
        assert_eq!(c.rights().specs().len(), 3);
        assert_eq!(c.people(), People::None);
        assert_eq!(c.guardian(), None);
    }

    #[test]
    fn one_tick_agrees_to_the_three_declarations_and_every_right_of_the_rules() {
        let one_tick =
            ConsentAnswers { took_photo: false, accept_rules: false, grants: vec![], agree_all: true, ..answers() };
        let c = Consent::parse(&one_tick, &Rights::standard(), 15).unwrap();
        assert_eq!(c, Consent::parse(&answers(), &Rights::standard(), 15).unwrap());
        // The people and the age are still asked.
        assert_eq!(code(&ConsentAnswers { people: None, ..one_tick.clone() }), "people_answer_required");
        assert_eq!(code(&ConsentAnswers { minor: None, ..one_tick }), "age_answer_required");
    }

    #[test]
    fn every_declaration_is_required() {
        assert_eq!(code(&ConsentAnswers { took_photo: false, ..answers() }), "authorship_required");
        assert_eq!(code(&ConsentAnswers { accept_rules: false, ..answers() }), "rules_required");
        assert_eq!(
            code(&ConsentAnswers { grants: vec!["print".into(), "web".into()], ..answers() }),
            "rights_required"
        );
        assert_eq!(code(&ConsentAnswers { grants: vec!["tv".into()], ..answers() }), "unknown_right");
        assert_eq!(code(&ConsentAnswers { people: None, ..answers() }), "people_answer_required");
        assert_eq!(code(&ConsentAnswers { people: Some("not_agreed".into()), ..answers() }), "people_consent_required");
        assert_eq!(code(&ConsentAnswers { minor: None, ..answers() }), "age_answer_required");
    }

    #[test]
    fn a_minor_needs_a_named_guardian_who_consents() {
        let minor = ConsentAnswers { minor: Some("yes".into()), ..answers() };
        assert_eq!(code(&minor), "guardian_required");
        let named = ConsentAnswers { guardian_name: Some("Anne Martin".into()), ..minor.clone() };
        assert_eq!(code(&named), "guardian_required");
        let ok = ConsentAnswers { guardian_consent: true, ..named };
        assert_eq!(Consent::parse(&ok, &Rights::standard(), 15).unwrap().guardian(), Some("Anne Martin"));
    }

    #[test]
    fn rights_are_checked_and_round_trip() {
        let r = Rights::standard();
        assert_eq!(Rights::from_json(&r.to_json()).unwrap(), r);
        let twice = [r.specs()[0].clone(), r.specs()[0].clone()];
        assert_eq!(Rights::parse(&twice).unwrap_err().code, "invalid_rights");
        let forever = RightSpec { duration_months: 0, ..r.specs()[0].clone() };
        assert!(Rights::parse(&[forever]).is_err());
        assert!(Rights::parse(&[]).is_err());
    }

    #[test]
    fn form_fields_fill_the_answers() {
        let mut a = ConsentAnswers::default();
        assert!(a.set_field("grant", "print"));
        assert!(a.set_field("grants", "web, social"));
        assert!(a.set_field("took_photo", "on"));
        assert!(a.set_field("agree", "on") && a.agree_all);
        assert!(!a.set_field("title", "x"));
        assert_eq!(a.grants, ["print", "web", "social"]);
        assert!(a.took_photo);
    }
}
