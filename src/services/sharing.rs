//! Sharing a photo: the plain links that open each network's own share page, and the photo's
//! public address; used by the photo's page, « Mes photos » and the approval e-mail.

use crate::state::AppState;

/// The photo's public address.
pub(crate) fn photo_url(state: &AppState, entry_id: i64) -> String {
    format!("{}/e/{entry_id}", state.settings.public_url.as_str().trim_end_matches('/'))
}

/// Plain links that open each network's own share page (no script of theirs on ours).
pub(crate) fn links(url: &str, title: &str) -> Vec<(&'static str, String)> {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let (u, t) = (enc(url), enc(title));
    vec![
        ("Facebook", format!("https://www.facebook.com/sharer/sharer.php?u={u}")),
        ("X", format!("https://twitter.com/intent/tweet?url={u}&text={t}")),
        ("WhatsApp", format!("https://api.whatsapp.com/send?text={t}%20{u}")),
        ("LinkedIn", format!("https://www.linkedin.com/sharing/share-offsite/?url={u}")),
        ("Email", format!("mailto:?subject={t}&body={u}")),
    ]
}
