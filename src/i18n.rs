//! Languages: French by default, English available. Every text people read (pages, errors on
//! pages, emails) comes from the Fluent files `locales/fr.ftl` and `locales/en.ftl`, embedded.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

/// Each language's files: the public and participant pages, then the team's pages.
const FR_FTL: [&str; 2] = [include_str!("../locales/fr.ftl"), include_str!("../locales/fr-staff.ftl")];
const EN_FTL: [&str; 2] = [include_str!("../locales/en.ftl"), include_str!("../locales/en-staff.ftl")];

struct Bundles {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(lang: unic_langid::LanguageIdentifier, files: [&str; 2]) -> FluentBundle<FluentResource> {
    let mut b = FluentBundle::new_concurrent(vec![lang.clone()]);
    // Pages are left-to-right only: no bidi isolation marks around values.
    b.set_use_isolating(false);
    b.add_function("ELISION", |args, _named| match args.first() {
        Some(FluentValue::String(s)) if elides(s) => "yes".into(),
        _ => "no".into(),
    })
    .expect("one ELISION function");
    for ftl in files {
        let resource = FluentResource::try_new(ftl.to_string()).unwrap_or_else(|(_, errors)| {
            panic!("the embedded {lang} translations do not parse: {errors:?}");
        });
        b.add_resource(resource).expect("no duplicate message in the translations");
    }
    b
}

/// Whether French elides the word before `name` (« Photo d’Anne », « d’Hugo », but
/// « Photo de Marie »): it starts with a vowel or a mute h (most names; « de Hollande » is rare).
fn elides(name: &str) -> bool {
    name.trim_start()
        .chars()
        .next()
        .and_then(|c| c.to_lowercase().next())
        .is_some_and(|c| "aàâäeéèêëiîïoôöuùûüyÿhœæ".contains(c))
}

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| Bundles {
    fr: bundle(unic_langid::langid!("fr"), FR_FTL),
    en: bundle(unic_langid::langid!("en"), EN_FTL),
});

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn from_code(raw: &str) -> Option<Lang> {
        match raw.trim() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
        }
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        match self {
            Lang::Fr => &BUNDLES.fr,
            Lang::En => &BUNDLES.en,
        }
    }

    /// Whether the message `id` exists in this language.
    pub fn has(self, id: &str) -> bool {
        self.bundle().has_message(id)
    }

    fn format(self, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(id, lang = self.code(), "missing translation");
            return id.to_string();
        };
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            tracing::warn!(id, lang = self.code(), ?errors, "translation formatted with errors");
        }
        out
    }

    /// The text of message `id`.
    pub fn t(self, id: &str) -> String {
        self.format(id, None)
    }

    /// The text of message `id` with `$name` = `value` (whole numbers select plural forms).
    pub fn t1(self, id: &str, name: &str, value: impl ToString) -> String {
        self.tn(id, &[(name, value.to_string())])
    }

    /// The text of message `id` with two arguments.
    pub fn t2(self, id: &str, n1: &str, v1: impl ToString, n2: &str, v2: impl ToString) -> String {
        self.tn(id, &[(n1, v1.to_string()), (n2, v2.to_string())])
    }

    /// The text of message `id` with any number of arguments.
    pub fn tn(self, id: &str, pairs: &[(&str, String)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in pairs {
            match value.parse::<i64>() {
                Ok(n) => args.set(*name, FluentValue::from(n)),
                Err(_) => args.set(*name, FluentValue::from(value.clone())),
            }
        }
        self.format(id, Some(&args))
    }

    /// Every message whose id starts with `prefix`, keyed by the rest of the id with `_` for `-`
    /// (`error-quota-reached` → `quota_reached`): the API's error codes, for scripts.
    pub fn messages_with_prefix(self, prefix: &str) -> std::collections::BTreeMap<String, String> {
        let ftl = match self {
            Lang::Fr => FR_FTL,
            Lang::En => EN_FTL,
        };
        ftl.iter()
            .flat_map(|f| message_ids(f))
            .filter_map(|id| id.strip_prefix(prefix).map(|code| (code.replace('-', "_"), self.t(id))))
            .collect()
    }

    /// A user-facing error message: the translation of `error-<code>` if there is one, else `fallback`.
    pub fn error(self, code: &str, fallback: &str) -> String {
        let id = format!("error-{}", code.replace('_', "-"));
        if self.has(&id) { self.t(&id) } else { fallback.to_string() }
    }
}

/// The ids of the messages of an FTL text (lines `id = …` at the start of a line).
fn message_ids(ftl: &str) -> impl Iterator<Item = &str> {
    ftl.lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn ids(files: [&str; 2]) -> BTreeSet<String> {
        files.iter().flat_map(|f| message_ids(f)).map(str::to_string).collect()
    }

    #[test]
    fn french_elides_de_before_a_vowel_or_mute_h() {
        let by = |who: &str| Lang::Fr.t1("entry-photo-by", "author", who);
        assert_eq!(by("Anonyme"), "Photo d’Anonyme.");
        assert_eq!(by("Élodie"), "Photo d’Élodie.");
        assert_eq!(by("Hugo"), "Photo d’Hugo.");
        assert_eq!(by("Marie"), "Photo de Marie.");
        assert_eq!(by("Zoé"), "Photo de Zoé.");
        assert_eq!(Lang::En.t1("entry-photo-by", "author", "Anonymous"), "Photo by Anonymous.");
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let (fr, en) = (ids(FR_FTL), ids(EN_FTL));
        let only_fr: Vec<_> = fr.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&fr).collect();
        assert!(only_fr.is_empty() && only_en.is_empty(), "French only: {only_fr:?}; English only: {only_en:?}");
    }

    #[test]
    fn every_message_used_in_templates_and_code_exists() {
        let mut missing = Vec::new();
        let mut sources = Vec::new();
        for dir in ["templates", "src"] {
            let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir)];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap() {
                    let p = e.unwrap().path();
                    if p.is_dir() {
                        stack.push(p);
                    } else {
                        sources.push(p);
                    }
                }
            }
        }
        for p in sources {
            let text = std::fs::read_to_string(&p).unwrap();
            for call in [".t(\"", ".t1(\"", ".t2(\"", ".tn(\""] {
                for part in text.split(call).skip(1) {
                    let id = part.split('"').next().unwrap();
                    if !id.is_empty() && !Lang::Fr.has(id) {
                        missing.push(format!("{}: {id}", p.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "messages used but not translated: {missing:#?}");
    }

    #[test]
    fn phases_statuses_and_uses_are_named() {
        use crate::domain::{consent::Use, entry::EntryStatus, schedule::Phase};
        let ids = Phase::ALL
            .iter()
            .map(|p| p.message_id().to_string())
            .chain(EntryStatus::ALL.iter().map(|s| s.message_id().to_string()))
            .chain(Use::ALL.iter().map(|u| format!("use-{}", u.code())));
        for id in ids {
            assert!(Lang::Fr.has(&id) && Lang::En.has(&id), "{id} is not translated");
        }
    }

    #[test]
    fn arguments_and_plurals() {
        assert_eq!(
            Lang::En.t1("quota-hint", "count", 1),
            "Up to 1 photo per participant; a rejected or withdrawn photo frees its place."
        );
        assert!(Lang::Fr.t1("quota-hint", "count", 3).starts_with("Jusqu'à 3 photos"));
        let unknown = "no-such-message";
        assert_eq!(Lang::Fr.t(unknown), unknown);
        assert_eq!(Lang::En.error("quota_reached", "x"), Lang::En.t("error-quota-reached"));
        assert_eq!(Lang::En.error("no_such_code", "fallback"), "fallback");
    }
}
