//! The demo contest's gallery: eleven real photographs (`demo/photos/`, LGPL-3.0, authors in its
//! `CREDITS.md`) sent through the real pipeline on first start — staged, received with their
//! consent, rendered, approved by the demo admin — and a few votes through the vote writer, so
//! the first command shows a living campaign.

use anyhow::Context;
use bytes::Bytes;

use crate::clock;
use crate::db::{self, contests::ContestRow, users::User};
use crate::domain::consent::ConsentAnswers;
use crate::domain::display_name::DisplayName;
use crate::domain::email::Email;
use crate::domain::entry::Decision;
use crate::domain::pow::Spent;
use crate::error::AppError;
use crate::jobs::JobError;
use crate::jobs::job::RenderEntry;
use crate::services::submissions::EntryFields;
use crate::services::voting::writer::VoteRequest;
use crate::services::{accounts, contests, moderation, staging, submissions};
use crate::state::AppState;

/// A photo of the demo: its file, what its author says of it, its category, its author's credit.
struct DemoPhoto {
    file: &'static [u8],
    title: &'static str,
    description: &'static str,
    category: &'static str,
    author: &'static str,
}

const PHOTOS: [DemoPhoto; 11] = [
    DemoPhoto {
        file: include_bytes!("../../demo/photos/01-path.jpg"),
        title: "Le chemin de l'école",
        description: "Un sentier de terre s'enfonce entre les troncs d'une forêt de pins, sous une lumière verte.",
        category: "Trajets",
        author: "Risto Saukonpää",
    },
    DemoPhoto {
        file: include_bytes!("../../demo/photos/02-bythewater.jpg"),
        title: "Au bout du ponton",
        description: "Les planches d'un ponton en bois au premier plan, un lac calme et des arbres au loin.",
        category: "Paysages",
        author: "Maciej Wiklo",
    },
    DemoPhoto {
        file: include_bytes!("../../demo/photos/03-eveningglow.jpg"),
        title: "Barques au couchant",
        description: "Des barques en bois alignées sur une plage de galets, sous un ciel de coucher de soleil.",
        category: "Paysages",
        author: "Ian Hex",
    },
    DemoPhoto {
        file: include_bytes!("../../demo/photos/04-coldripple.jpg"),
        title: "Matin de brume",
        description: "Une jetée en bois s'avance dans un lac noyé de brouillard, en noir et blanc.",
        category: "Paysages",
        author: "Risto Saukonpää",
    },
    DemoPhoto {
        file: include_bytes!("../../demo/photos/05-kite.jpg"),
        title: "Un cerf-volant en correspondance",
        description: "Un petit cerf-volant multicolore dans un grand ciel bleu traversé de nuages blancs.",
        category: "Détails",
        author: "Risto Saukonpää",
    },
    DemoPhoto {
        file: include_bytes!("../../demo/photos/06-fallenleaf.jpg"),
        title: "Feuille d'automne sur le quai",
        description: "Une feuille d'érable dorée posée sur un tapis de feuilles mortes, le fond flou.",
        category: "Détails",
        author: "Martin Klapetek",
    },
    DemoPhoto {
        file: include_bytes!("../../demo/photos/07-onestandsout.jpg"),
        title: "Celle qui dépasse",
        description: "Un tapis de jeunes pousses de mousse vues de dessus, une seule rougit au milieu.",
        category: "Détails",
        author: "Risto Saukonpää",
    },
    DemoPhoto {
        file: include_bytes!("../../demo/photos/08-summer-1am.jpg"),
        title: "Une heure du matin, en été",
        description: "Un lac immobile sous un ciel rose et mauve, des roseaux au bord, la rive lointaine.",
        category: "Paysages",
        author: "Risto Saukonpää",
    },
    DemoPhoto {
        file: include_bytes!("../../demo/photos/09-darkesthour.jpg"),
        title: "L'heure bleue",
        description: "Un lac dans la pénombre bleue, des îlots boisés se reflètent dans l'eau.",
        category: "Paysages",
        author: "Risto Saukonpää",
    },
    DemoPhoto {
        file: include_bytes!("../../demo/photos/10-colorfulcups.jpg"),
        title: "Gobelets en rang",
        description: "Des dizaines de gobelets en plastique rouges et bleus vus de dessus, serrés en rangs.",
        category: "Détails",
        author: "Dmitri Popov",
    },
    DemoPhoto {
        file: include_bytes!("../../demo/photos/11-grey.jpg"),
        title: "Vagues de béton",
        description: "Une façade faite de bandes courbes qui se croisent, en noir et blanc.",
        category: "Trajets",
        author: "Sigi Sagi",
    },
];

/// Votes the demo's voters cast: (voter, photo index). The first photos get the most.
const VOTES: &[(usize, usize)] =
    &[(0, 0), (1, 0), (2, 0), (3, 0), (0, 2), (1, 2), (2, 2), (0, 1), (1, 1), (3, 4), (2, 5), (3, 9)];
const VOTERS: usize = 4;

fn app_error(e: AppError) -> anyhow::Error {
    anyhow::anyhow!("{}: {}", e.code, e.message)
}

/// A demo account (no password, no session) with the credit `credit` when given.
async fn account(state: &AppState, email: &str, credit: Option<&str>) -> anyhow::Result<User> {
    let email = Email::parse(email)?;
    let mut tx = state.db.begin_write().await?;
    let user = db::users::find_or_create_participant(&mut tx, &email, clock::now()).await?;
    tx.commit().await?;
    match credit {
        Some(name) => accounts::set_display_name(state, &user, DisplayName::parse(name)?).await.map_err(app_error),
        None => Ok(user),
    }
}

/// Sends the demo photos to `contest` as their authors, has them rendered and approved by
/// `moderator`, and records the demo votes.
pub(crate) async fn add(state: &AppState, contest: &ContestRow, moderator: &User) -> anyhow::Result<()> {
    let tmp_dir = state.settings.data_dir.join("tmp");
    std::fs::create_dir_all(&tmp_dir).context("creating the temporary folder")?;
    let grants: Vec<String> = contests::current_rights(state, contest)
        .await
        .map_err(app_error)?
        .specs()
        .iter()
        .map(|r| r.use_.code().to_string())
        .collect();
    let mut entries = Vec::with_capacity(PHOTOS.len());
    for photo in &PHOTOS {
        // One account per author: numbered by the author's first photo.
        let first = PHOTOS.iter().position(|p| p.author == photo.author).unwrap_or_default();
        let email = format!("photographer{}@demo.declic.localhost", first + 1);
        let author = account(state, &email, Some(photo.author)).await?;
        let bytes = futures::stream::once(async { Ok::<_, AppError>(Bytes::from_static(photo.file)) });
        let staged = staging::stage(bytes, &tmp_dir, state.settings.media.max_upload_bytes).await.map_err(app_error)?;
        let fields = EntryFields {
            title: photo.title.into(),
            description: photo.description.into(),
            category: Some(photo.category.into()),
            consent: ConsentAnswers {
                took_photo: true,
                accept_rules: true,
                grants: grants.clone(),
                people: Some("none".into()),
                minor: Some("no".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let sent = submissions::submit(state, &author, contest, &fields, Some(staged)).await.map_err(app_error)?;
        // The render job is queued too; run now, it leaves nothing for the worker but a no-op.
        crate::jobs::render::run(state, &RenderEntry { entry_id: sent.id, repair: false }).await.map_err(
            |e| match e {
                JobError::Retry(e) => e,
                JobError::Permanent(why) => anyhow::anyhow!("{why}"),
            },
        )?;
        moderation::decide(state, moderator, sent.id, Decision::Approve).await.map_err(app_error)?;
        entries.push(sent.id);
    }
    vote(state, contest, &entries).await?;
    tracing::info!(photos = entries.len(), votes = VOTES.len(), "demo photos added");
    Ok(())
}

/// The demo votes, through the vote writer (counted, logged and tallied as any vote).
async fn vote(state: &AppState, contest: &ContestRow, entries: &[i64]) -> anyhow::Result<()> {
    let mut voters = Vec::with_capacity(VOTERS);
    for i in 0..VOTERS {
        voters.push(account(state, &format!("voter{}@demo.declic.localhost", i + 1), None).await?);
    }
    let rule = contest.vote_rule();
    for (n, (voter, photo)) in VOTES.iter().enumerate() {
        let now = clock::now();
        let ip = std::net::IpAddr::from([198, 51, 100 + *voter as u8, 7]);
        let request = VoteRequest {
            contest_id: contest.id,
            entry_id: entries[*photo],
            voter_id: voters[*voter].id,
            ip_hash: state.keys.hash_client(ip),
            net_hash: state.keys.hash_network(ip),
            ua_hash: state.keys.hash_agent(&format!("demo voter {voter}")),
            day: rule.day(now, state.settings.timezone),
            now,
            budget: rule.budget(),
            suspicion: contest.suspicion(),
            pow: Spent { challenge: format!("demo-vote-{n}") },
        };
        if let Err(refusal) = state.votes.write(request).await.map_err(app_error)? {
            anyhow::bail!("a demo vote was refused: {refusal:?}");
        }
    }
    Ok(())
}
