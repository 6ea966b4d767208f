//! Email addresses, normalised (trimmed, lower-cased) and checked once.

use std::fmt;

use super::Invalid;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let e = raw.trim().to_lowercase();
        let bad = || Invalid::new("invalid_email", "this is not a valid email address");
        if e.len() > 254 || e.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let (local, domain) = e.split_once('@').ok_or_else(bad)?;
        if local.is_empty()
            || local.len() > 64
            || domain.contains('@')
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
            || e.contains(['<', '>', ',', ';', '"', '(', ')', '[', ']', '\\'])
        {
            return Err(bad());
        }
        // An address the mailer could not send to (a domain label over 63 characters, say) is
        // refused here, as the person typed it, not later as a failed email.
        if e.parse::<lettre::Address>().is_err() {
            return Err(bad());
        }
        Ok(Email(e))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }

    /// The mailbox behind the address, so one person's aliases make one account: at Gmail dots
    /// and `+tags` do not matter (`a.lice+vote@gmail.com` is `alice@gmail.com`); at providers
    /// with plus addressing, `+tags` do not.
    pub fn canonical(&self) -> String {
        let (local, domain) = self.0.rsplit_once('@').unwrap_or((&self.0, ""));
        let base = local.split('+').next().unwrap_or(local);
        match domain {
            "gmail.com" | "googlemail.com" => format!("{}@gmail.com", base.replace('.', "")),
            d if PLUS_ADDRESSING.contains(&d) => format!("{base}@{d}"),
            _ => self.0.clone(),
        }
    }

    /// Whether the address is at a throwaway-mailbox domain (or a subdomain of one) of `blocklist`.
    pub fn is_disposable(&self, blocklist: &[String]) -> bool {
        let domain = self.domain();
        blocklist.iter().any(|d| domain == d || domain.strip_suffix(d.as_str()).is_some_and(|rest| rest.ends_with('.')))
    }
}

/// Providers where `name+tag@` reaches `name@`.
const PLUS_ADDRESSING: [&str; 12] = [
    "outlook.com",
    "outlook.fr",
    "hotmail.com",
    "hotmail.fr",
    "live.com",
    "live.fr",
    "icloud.com",
    "me.com",
    "mac.com",
    "protonmail.com",
    "proton.me",
    "fastmail.com",
];

/// Throwaway-mailbox domains refused at sign-in unless the site says otherwise.
pub(crate) const DISPOSABLE_DOMAINS: [&str; 16] = [
    "mailinator.com",
    "yopmail.com",
    "yopmail.fr",
    "guerrillamail.com",
    "sharklasers.com",
    "10minutemail.com",
    "temp-mail.org",
    "tempmail.com",
    "trashmail.com",
    "throwawaymail.com",
    "getnada.com",
    "maildrop.cc",
    "dispostable.com",
    "jetable.org",
    "mailnesia.com",
    "fakeinbox.com",
];

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_of_one_mailbox_are_one_address() {
        let c = |e: &str| Email::parse(e).unwrap().canonical();
        assert_eq!(c("A.Lice+Vote@Gmail.com"), "alice@gmail.com");
        assert_eq!(c("alice@googlemail.com"), "alice@gmail.com");
        assert_eq!(c("bob+x@outlook.fr"), "bob@outlook.fr");
        assert_eq!(c("b.ob@outlook.fr"), "b.ob@outlook.fr", "dots matter outside Gmail");
        assert_eq!(c("chloe+tag@example.org"), "chloe+tag@example.org", "unknown providers keep their tags");
    }

    #[test]
    fn an_address_no_mail_can_reach_is_refused() {
        assert!(Email::parse(&format!("0@{}.fr", "0".repeat(64))).is_err(), "a domain label of 64 characters");
        assert!(Email::parse("léa@exemple.fr").is_ok());
        assert!(Email::parse("a@b.c").is_ok());
    }

    #[test]
    fn disposable_domains_and_their_subdomains() {
        let list: Vec<String> = DISPOSABLE_DOMAINS.iter().map(|d| d.to_string()).collect();
        assert!(Email::parse("x@yopmail.com").unwrap().is_disposable(&list));
        assert!(Email::parse("x@eu.mailinator.com").unwrap().is_disposable(&list));
        assert!(!Email::parse("x@notmailinator.com").unwrap().is_disposable(&list));
        assert!(!Email::parse("x@example.org").unwrap().is_disposable(&list));
    }

    #[test]
    fn normalises_case_and_spaces() {
        assert_eq!(Email::parse("  Alice@Example.ORG ").unwrap().as_str(), "alice@example.org");
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "",
            "alice",
            "alice@",
            "@example.org",
            "a@b",
            "a b@example.org",
            "a@@example.org",
            "a@example..org",
            "a@example.org>",
            "x@.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
