//! The demo contest (and a demo admin) created on an empty database, so a newcomer sees a working
//! site at once: a contest open for 30 days whose gallery already holds real photos (`photos`).

mod photos;

use std::io::Write;

use anyhow::Context;

use crate::clock;
use crate::db;
use crate::domain::consent::{RightSpec, Rights, Use};
use crate::domain::cover::CoverSpec;
use crate::domain::email::Email;
use crate::domain::role::Role;
use crate::domain::schedule::{Schedule, Window};
use crate::domain::slug::Slug;
use crate::state::AppState;

const DAY: i64 = 86_400;
const RULES: &str = "Concours de démonstration.\n\nEnvoyez une photo prise dans les transports en commun : \
     les plus belles illustreront les couvertures des guides horaires.\n\n\
     En participant, vous cédez à l'organisateur, pour 3 ans et pour la France, les droits listés ci-dessous \
     sur votre photo, avec votre nom ou pseudonyme en crédit. Vous restez l'auteur de la photo.";

fn right(use_: Use, scope: &str, duration_months: i64) -> RightSpec {
    RightSpec { use_, scope: scope.to_string(), territory: "France".to_string(), duration_months }
}
pub(crate) const DEMO_ADMIN: &str = "admin@declic.localhost";

pub(crate) async fn seed(state: &AppState) -> anyhow::Result<()> {
    let pool = state.db.pool();
    if db::users::count_with_role(pool, Role::Admin).await? == 0 {
        let password = crate::services::accounts::new_token();
        crate::services::accounts::add_staff(state, &Email::parse(DEMO_ADMIN)?, Role::Admin, password.clone())
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.message))?;
        let path = state.settings.data_dir.join("demo-admin.txt");
        write_private(&path, &format!("email: {DEMO_ADMIN}\npassword: {password}\n"))
            .context("writing the demo admin's password")?;
        tracing::info!(file = %path.display(), "demo admin created; its password is in this file");
    }
    if db::contests::count(pool).await? == 0 {
        let now = clock::now();
        // Everything open at once for 30 days, so every step can be tried right away.
        let schedule = Schedule::new(
            Window::new(now - DAY, now + 30 * DAY, "submissions")?,
            Window::new(now - DAY, now + 30 * DAY, "vote")?,
            Window::new(now - DAY, now + 30 * DAY, "jury")?,
            now + 31 * DAY,
        )?;
        let mut tx = state.db.begin_write().await?;
        let row = db::contests::NewContestRow {
            slug: &Slug::parse("demo")?,
            title: "Partageons nos humeurs voyageuses",
            description: "Illustrez les couvertures de nos guides horaires : vos trajets, vos arrêts, vos humeurs voyageuses.",
            rules: RULES,
            schedule: &schedule,
            max_entries_per_participant: crate::services::contests::DEFAULT_ENTRY_QUOTA,
            age_threshold: crate::services::contests::DEFAULT_AGE_THRESHOLD,
            now,
        };
        let id = db::contests::insert(&mut *tx, &row).await?;
        let rights = Rights::parse(&[
            right(Use::Print, "reproduction sur les couvertures imprimées des guides horaires", 36),
            right(Use::Web, "publication sur le site du réseau et la galerie du concours", 36),
            right(Use::Social, "publication sur les comptes Facebook et Instagram du réseau", 36),
        ])?;
        db::contests::insert_rules(&mut *tx, id, 1, RULES, &rights.to_json(), now).await?;
        for (i, name) in ["Trajets", "Paysages", "Détails"].iter().enumerate() {
            db::contests::insert_category(&mut *tx, id, name, i as i64).await?;
        }
        for (slug, name) in [("guide-tram", "Guide horaires Tram"), ("guide-bus", "Guide horaires Bus")] {
            db::covers::insert(&mut *tx, id, &Slug::parse(slug)?, name, &CoverSpec::parse(148.0, 210.0, 3.0, 300)?)
                .await?;
        }
        let criteria = crate::domain::jury::round::parse_criteria(&[
            ("Respect du thème".to_string(), 2.0),
            ("Originalité".to_string(), 1.0),
            ("Qualité technique".to_string(), 1.0),
            ("Tient en couverture".to_string(), 2.0),
        ])?
        .into_iter()
        .zip([
            "La photo parle-t-elle de voyage sur le réseau ?",
            "Un regard qu'on n'a pas encore vu.",
            "Netteté, exposition, cadrage.",
            "Lisible en petit, avec de la place pour le titre du guide.",
        ])
        .map(|(c, d)| c.described(d))
        .collect::<Result<Vec<_>, _>>()?;
        db::criteria::replace(&mut tx, id, &criteria).await?;
        tx.commit().await?;
        tracing::info!("demo contest created at /c/demo");
        let contest = db::contests::find(pool, id).await?.context("the demo contest just created")?;
        let admin = db::users::staff(pool)
            .await?
            .into_iter()
            .find(|u| u.role == Role::Admin)
            .context("an administrator to approve the demo photos")?;
        photos::add(state, &contest, &admin).await.context("adding the demo photos")?;
    }
    Ok(())
}

fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)?.write_all(text.as_bytes())
}
