//! URL slugs for contests and cover slots: lowercase ASCII letters, digits and inner hyphens.

use std::fmt;

use super::Invalid;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Slug(String);

impl Slug {
    pub(crate) fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim();
        let ok = (2..=60).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Slug(s.to_string()))
        } else {
            Err(Invalid::new(
                "invalid_slug",
                "a slug is 2 to 60 lowercase letters, digits and single hyphens (e.g. guides-2027)",
            ))
        }
    }

    /// Makes a slug from a title (`Été 2027 !` → `ete-2027`), for forms that leave it empty.
    pub(crate) fn from_title(title: &str) -> Result<Self, Invalid> {
        let mut out = String::new();
        for c in title.chars().flat_map(fold_accent) {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        let out: String = out.trim_end_matches('-').chars().take(60).collect();
        // A title with fewer than two letters or digits still gives an address.
        let out = match out.trim_end_matches('-') {
            "" => "sans-titre".to_string(),
            one if one.len() < 2 => format!("{one}-1"),
            enough => enough.to_string(),
        };
        Self::parse(&out)
    }

    /// The slug given in a form, or one made from the title when the field was left empty.
    pub(crate) fn given_or_from_title(given: Option<&str>, title: &str) -> Result<Self, Invalid> {
        match given.filter(|s| !s.trim().is_empty()) {
            Some(s) => Self::parse(s),
            None => Self::from_title(title),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

fn fold_accent(c: char) -> Vec<char> {
    match c {
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' => vec!['a'],
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => vec!['e'],
        'î' | 'ï' | 'Î' | 'Ï' => vec!['i'],
        'ô' | 'ö' | 'Ô' | 'Ö' => vec!['o'],
        'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => vec!['u'],
        'ç' | 'Ç' => vec!['c'],
        'œ' | 'Œ' => vec!['o', 'e'],
        'æ' | 'Æ' => vec!['a', 'e'],
        other => vec![other],
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_simple_slugs() {
        assert!(Slug::parse("guides-2027").is_ok());
    }

    #[test]
    fn refuses_paths_and_odd_characters() {
        for bad in ["", "a", "../etc", "Guides", "a--b", "-ab", "ab-", "a b", "été"] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn short_titles_still_give_an_address() {
        assert_eq!(Slug::from_title("A").unwrap().as_str(), "a-1");
        assert_eq!(Slug::from_title("✨ !").unwrap().as_str(), "sans-titre");
    }

    #[test]
    fn derives_from_titles() {
        assert_eq!(
            Slug::from_title("Été 2027 : nos humeurs voyageuses !").unwrap().as_str(),
            "ete-2027-nos-humeurs-voyageuses"
        );
    }
}
