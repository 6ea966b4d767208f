//! Language choice (French by default, English available) and the translated error messages of pages.

use axum::http::HeaderMap;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// The `lang` cookie if set, else the first of French or English in `Accept-Language`, else French.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        let cookie_lang =
            headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
                match kv.trim() {
                    "lang=en" => Some(Lang::En),
                    "lang=fr" => Some(Lang::Fr),
                    _ => None,
                }
            });
        if let Some(l) = cookie_lang {
            return l;
        }
        let accept = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let mut best: Option<(f32, Lang)> = None;
        for part in accept.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = it.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let lang = if tag.starts_with("fr") {
                Lang::Fr
            } else if tag.starts_with("en") {
                Lang::En
            } else {
                continue;
            };
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// The French text of an error code shown on pages (the API keeps the English message).
pub fn error_fr(code: &str) -> Option<&'static str> {
    Some(match code {
        "unauthenticated" => "Vous devez d'abord vous connecter.",
        "forbidden" => "Votre rôle ne donne pas accès à cette page.",
        "cross_site_request" => "Cette demande venait d'un autre site : elle a été refusée.",
        "rate_limited" => "Trop de tentatives : patientez une minute puis réessayez.",
        "internal" => "Une erreur est survenue de notre côté ; rien n'a été modifié, merci de réessayer.",
        "storage_unavailable" => "La photo n'a pas pu être enregistrée ; rien n'a été conservé, merci de réessayer.",
        "email_unavailable" => "L'email n'a pas pu être envoyé ; merci de réessayer.",
        "contest_not_found" => "Ce concours n'existe pas.",
        "entry_not_found" => "Cette photo n'existe pas ou n'est pas publiée.",
        "not_found" => "Cette page n'existe pas.",
        "submissions_closed" => "Ce concours n'accepte pas de photos en ce moment.",
        "voting_closed" => "Le vote du public n'est pas ouvert en ce moment.",
        "jury_closed" => "La notation du jury n'est pas ouverte en ce moment.",
        "already_voted" => "Vous avez déjà voté pour cette photo.",
        "own_entry" => "Vous ne pouvez pas voter pour votre propre photo.",
        "already_entered" => "Vous avez déjà envoyé cette photo à ce concours.",
        "entry_is_winner" => {
            "Cette photo a été choisie pour une couverture imprimée et ne peut plus être retirée ; contactez les organisateurs."
        }
        "invalid_display_name" => "Le nom affiché tient sur une ligne de 60 caractères au plus.",
        "staff_account" => "Les comptes de l'équipe sont supprimés par un administrateur.",
        "confirmation_required" => "Cochez la case pour confirmer la suppression de votre compte.",
        "unknown_place" => "Choisissez le lieu dans la liste du concours.",
        "invalid_place" => "Le lieu tient en 120 caractères au plus.",
        "entry_locked" => "Cette photo a déjà été modérée : son titre et sa description ne peuvent plus changer.",
        "quota_reached" => {
            "Vous avez atteint le nombre de photos autorisé par participant dans ce concours ; une photo refusée ou retirée libère sa place."
        }
        "invalid_quota" => "Le nombre de photos par participant doit être compris entre 1 et 1000.",
        "consent_required" => "Vous devez accepter le règlement et confirmer être l'auteur de la photo.",
        "photo_required" => "Choisissez une photo à envoyer.",
        "category_required" => "Choisissez une catégorie pour votre photo.",
        "unknown_category" => "Cette catégorie n'existe pas dans ce concours.",
        "invalid_title" => "Le titre est obligatoire (120 caractères au plus).",
        "invalid_description" => {
            "La description est obligatoire (1000 caractères au plus) : elle sert de texte alternatif."
        }
        "file_too_large" => "La photo dépasse la taille autorisée.",
        "unsupported_format" => {
            "Ce fichier n'est pas une photo acceptée : envoyez un JPEG, un PNG, un WebP ou un HEIC."
        }
        "decode_limit" => "Cette photo est trop complexe à lire dans le temps et la mémoire autorisés.",
        "decoder_unavailable" => "Ce type de photo ne peut pas être lu pour le moment ; réessayez plus tard.",
        "too_many_pixels" | "image_too_large" => "La photo est trop grande (trop de pixels).",
        "corrupt_image" => "Le fichier est abîmé ou incomplet et ne peut pas être lu.",
        "invalid_email" => "Cette adresse email n'est pas valide.",
        "invalid_credentials" => "Email ou mot de passe incorrect.",
        "invalid_link" => "Ce lien a expiré ou a déjà servi ; demandez-en un nouveau.",
        "invalid_score" => "Une note est un nombre entier de 1 à 10.",
        "reason_required" => "Indiquez le motif du refus.",
        "entry_not_ready" => "Cette photo n'a pas fini d'être traitée.",
        "entry_not_eligible" => "Seule une photo publiée de ce concours peut aller sur une couverture.",
        "cover_slot_not_found" => "Cette couverture n'existe pas.",
        "slug_taken" => "Cette adresse de concours est déjà prise.",
        "invalid_date" => "Une date n'est pas valide.",
        "invalid_schedule" => {
            "Le calendrier n'est pas cohérent (chaque phase doit s'ouvrir avant de se fermer, les résultats venir en dernier)."
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn french_unless_english_is_preferred() {
        assert_eq!(Lang::from_headers(&headers(&[])), Lang::Fr);
        assert_eq!(Lang::from_headers(&headers(&[("accept-language", "en-GB,en;q=0.9,fr;q=0.5")])), Lang::En);
        assert_eq!(Lang::from_headers(&headers(&[("accept-language", "de-DE,fr;q=0.8,en;q=0.5")])), Lang::Fr);
        assert_eq!(Lang::from_headers(&headers(&[("accept-language", "en"), ("cookie", "a=b; lang=fr")])), Lang::Fr);
    }
}
