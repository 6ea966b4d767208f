//! Where a participant or voter came from: the campaign's own tag (`?utm_source=` on the links
//! the operator posts or prints as QR codes) or else the site that linked to Déclic. Known
//! channels get one code each; a tag of the operator's own is kept as they wrote it.

/// Channels the dashboard names, by code.
pub(crate) const KNOWN: [&str; 10] =
    ["facebook", "instagram", "qr", "x", "mastodon", "linkedin", "email", "search", "web", "direct"];

/// A source, by its code: one of [`KNOWN`] or an operator's tag (1 to 40 of `a-z 0-9 . _ -`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Source(String);

impl Source {
    /// Nobody said where they came from.
    pub(crate) fn direct() -> Self {
        Source("direct".into())
    }

    /// A stored or remembered code, checked again (a cookie is typed by anyone).
    pub(crate) fn parse(raw: &str) -> Option<Self> {
        let ok = (1..=40).contains(&raw.len())
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        ok.then(|| Source(raw.to_string()))
    }

    /// The source of a visit: its `utm_source` when it has one, else the host of the page that
    /// linked here (`None` for a link from the site itself, or no information at all).
    pub(crate) fn of_visit(utm_source: Option<&str>, referrer_host: Option<&str>, own_host: &str) -> Option<Self> {
        if let Some(tag) = utm_source.map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
            return Some(Self::of_tag(&tag));
        }
        let host = referrer_host?.trim_end_matches('.').to_lowercase();
        if host.is_empty() || host == own_host.to_lowercase() {
            return None;
        }
        Some(Source(Self::of_host(&host).to_string()))
    }

    fn of_tag(tag: &str) -> Self {
        let known = match tag {
            "fb" | "facebook" | "facebook.com" | "meta" => "facebook",
            "ig" | "insta" | "instagram" | "instagram.com" => "instagram",
            "qr" | "qrcode" | "qr-code" | "qr_code" => "qr",
            "x" | "twitter" | "x.com" | "twitter.com" => "x",
            "mastodon" | "fediverse" | "pixelfed" => "mastodon",
            "linkedin" => "linkedin",
            "email" | "e-mail" | "mail" | "newsletter" => "email",
            _ if tag.starts_with("qr") => "qr",
            _ => {
                let cleaned: String = tag
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '-' })
                    .take(40)
                    .collect();
                return Source::parse(&cleaned).unwrap_or_else(|| Source("web".into()));
            }
        };
        Source(known.into())
    }

    fn of_host(host: &str) -> &'static str {
        let is = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
        if is("facebook.com") || is("fb.com") || is("fb.me") || is("messenger.com") {
            "facebook"
        } else if is("instagram.com") {
            "instagram"
        } else if is("t.co") || is("twitter.com") || is("x.com") {
            "x"
        } else if is("linkedin.com") || is("lnkd.in") {
            "linkedin"
        } else if is("mail.google.com")
            || is("outlook.live.com")
            || is("mail.yahoo.com")
            || host.starts_with("webmail.")
        {
            "email"
        } else if host.split('.').any(|p| p == "google")
            || is("bing.com")
            || is("duckduckgo.com")
            || is("qwant.com")
            || is("ecosia.org")
            || is("search.yahoo.com")
        {
            "search"
        } else {
            "web"
        }
    }

    pub(crate) fn code(&self) -> &str {
        &self.0
    }

    /// Whether the dashboard names it in words (else it shows the operator's tag as written).
    pub(crate) fn is_known(&self) -> bool {
        KNOWN.contains(&self.0.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(utm: Option<&str>, host: Option<&str>) -> Option<String> {
        Source::of_visit(utm, host, "photos.example.org").map(|s| s.code().to_string())
    }

    #[test]
    fn the_campaigns_tags_come_first_then_the_linking_site() {
        assert_eq!(of(Some("FB"), Some("www.google.com")).as_deref(), Some("facebook"));
        assert_eq!(of(Some("qr-bus-ligne-4"), None).as_deref(), Some("qr"));
        assert_eq!(of(Some("Affiche Gare"), None).as_deref(), Some("affiche-gare"));
        assert_eq!(of(Some(""), Some("l.instagram.com")).as_deref(), Some("instagram"));
        assert_eq!(of(None, Some("lm.facebook.com")).as_deref(), Some("facebook"));
        assert_eq!(of(None, Some("t.co")).as_deref(), Some("x"));
        assert_eq!(of(None, Some("www.google.fr")).as_deref(), Some("search"));
        assert_eq!(of(None, Some("blog.example.net")).as_deref(), Some("web"));
        assert_eq!(of(None, Some("notfacebook.com")).as_deref(), Some("web"));
        assert_eq!(of(None, Some("photos.example.org")), None, "a link inside the site says nothing");
        assert_eq!(of(None, None), None);
    }

    #[test]
    fn only_clean_codes_are_read_back() {
        assert_eq!(Source::parse("facebook").unwrap().code(), "facebook");
        assert!(Source::parse("facebook").unwrap().is_known());
        assert!(!Source::parse("affiche-gare").unwrap().is_known());
        for bad in ["", "Facebook", "a b", "<script>", &"a".repeat(41)] {
            assert!(Source::parse(bad).is_none(), "{bad:?}");
        }
    }
}
