//! Accounts: participants, moderators, jurors and admins.

use sqlx::AnyExecutor;

use crate::domain::device::DeviceClass;
use crate::domain::email::Email;
use crate::domain::role::Role;
use crate::domain::source::Source;
use crate::i18n::Lang;

/// An account as the application sees it (never carries the password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: Option<String>,
    pub role: Role,
    /// The language they read Déclic in (emails follow it).
    pub lang: Lang,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    display_name: Option<String>,
    role: String,
    lang: String,
}

impl UserRow {
    fn into_user(self) -> Result<User, sqlx::Error> {
        let role = Role::parse(&self.role).map_err(|e| sqlx::Error::Decode(e.message.into()))?;
        let lang = Lang::from_code(&self.lang).unwrap_or_default();
        Ok(User { id: self.id, email: self.email, display_name: self.display_name, role, lang })
    }
}

impl User {
    /// Whether the account was erased (or stands for an anonymised voter): its address is one
    /// that cannot receive mail.
    pub fn is_erased(&self) -> bool {
        self.email.ends_with("@deleted.invalid")
    }

    /// The name they chose to be credited with; `None` until they give one (a credit is never
    /// made from the email address: shown publicly as a neutral « Anonyme »).
    pub fn credit_name(&self) -> Option<String> {
        self.display_name.clone().filter(|n| !n.trim().is_empty())
    }

    /// How staff pages name a staff member: their chosen name, else their address.
    pub fn staff_label(&self) -> String {
        self.credit_name().unwrap_or_else(|| self.email.clone())
    }
}

/// Sets or clears (`None`) the name a user is credited with.
pub(crate) async fn set_display_name(ex: impl AnyExecutor<'_>, id: i64, name: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2").bind(name).bind(id).execute(ex).await?;
    Ok(())
}

/// Records the language a user reads Déclic in.
pub(crate) async fn set_lang(ex: impl AnyExecutor<'_>, id: i64, lang: Lang) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET lang = $1 WHERE id = $2").bind(lang.code()).bind(id).execute(ex).await?;
    Ok(())
}

pub async fn find(ex: impl AnyExecutor<'_>, id: i64) -> Result<Option<User>, sqlx::Error> {
    let row: Option<UserRow> = sqlx::query_as("SELECT id, email, display_name, role, lang FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await?;
    row.map(UserRow::into_user).transpose()
}

/// The users of these live sessions, by session hash (sessions not found are left out), in one
/// query per chunk: each session joined with its account.
pub(crate) async fn find_by_sessions(
    conn: &mut sqlx::AnyConnection,
    id_hashes: &[&str],
    now: i64,
) -> Result<Vec<(String, User)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id_hash: String,
        #[sqlx(flatten)]
        user: UserRow,
    }
    let mut out = Vec::with_capacity(id_hashes.len());
    for chunk in id_hashes.chunks(super::MAX_IDS_PER_STATEMENT) {
        let sql = format!(
            "SELECT s.id_hash, u.id, u.email, u.display_name, u.role, u.lang FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.expires_at > $1 AND s.id_hash IN ({})",
            super::placeholders_from(2, super::padded_len(chunk.len()))
        );
        let mut q = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)).bind(now);
        for h in super::padded(chunk) {
            q = q.bind(*h);
        }
        for row in q.fetch_all(&mut *conn).await? {
            out.push((row.id_hash, row.user.into_user()?));
        }
    }
    Ok(out)
}

/// Several accounts at once (in statements of at most [`super::MAX_IDS_PER_STATEMENT`] ids).
pub(crate) async fn find_many(pool: &sqlx::AnyPool, ids: &[i64]) -> Result<Vec<User>, sqlx::Error> {
    let mut users = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(super::MAX_IDS_PER_STATEMENT) {
        let sql = format!(
            "SELECT id, email, display_name, role, lang FROM users WHERE id IN ({})",
            super::placeholders(chunk.len())
        );
        let mut q = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(*id);
        }
        for row in q.fetch_all(pool).await? {
            users.push(row.into_user()?);
        }
    }
    Ok(users)
}

pub async fn find_by_email(ex: impl AnyExecutor<'_>, email: &Email) -> Result<Option<User>, sqlx::Error> {
    let row: Option<UserRow> = sqlx::query_as("SELECT id, email, display_name, role, lang FROM users WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(ex)
        .await?;
    row.map(UserRow::into_user).transpose()
}

#[derive(sqlx::FromRow)]
struct UserWithHash {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: Option<String>,
}

/// The user and their password hash, for password login.
pub(crate) async fn find_with_password(
    ex: impl AnyExecutor<'_>,
    email: &Email,
) -> Result<Option<(User, Option<String>)>, sqlx::Error> {
    let row: Option<UserWithHash> =
        sqlx::query_as("SELECT id, email, display_name, role, lang, password_hash FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(ex)
            .await?;
    row.map(|r| Ok((r.user.into_user()?, r.password_hash))).transpose()
}

/// Creates an account, or updates role and password of an existing one; returns its id.
pub(crate) async fn upsert_staff(
    ex: impl AnyExecutor<'_>,
    email: &Email,
    role: Role,
    password_hash: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (email, role, password_hash, created_at, canonical_email) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (email) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash \
         RETURNING id",
    )
    .bind(email.as_str())
    .bind(role.as_str())
    .bind(password_hash)
    .bind(now)
    .bind(email.as_str())
    .fetch_one(ex)
    .await
}

/// The account of this mailbox (any alias of it: see `Email::canonical`), created as a
/// participant if it does not exist.
pub async fn find_or_create_participant(
    ex: &mut sqlx::AnyConnection,
    email: &Email,
    now: i64,
) -> Result<User, sqlx::Error> {
    let canonical = email.canonical();
    if let Some(user) = find_by_mailbox(&mut *ex, email, &canonical).await? {
        return Ok(user);
    }
    sqlx::query(
        "INSERT INTO users (email, role, created_at, canonical_email) VALUES ($1, 'participant', $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(email.as_str())
    .bind(now)
    .bind(&canonical)
    .execute(&mut *ex)
    .await?;
    // Created now, or by a concurrent sign-in of the same mailbox.
    find_by_mailbox(&mut *ex, email, &canonical).await?.ok_or(sqlx::Error::RowNotFound)
}

/// The account of this address or of any alias of its mailbox.
async fn find_by_mailbox(
    ex: impl AnyExecutor<'_>,
    email: &Email,
    canonical: &str,
) -> Result<Option<User>, sqlx::Error> {
    let row: Option<UserRow> = sqlx::query_as(
        "SELECT id, email, display_name, role, lang FROM users WHERE canonical_email = $1 OR email = $2",
    )
    .bind(canonical)
    .bind(email.as_str())
    .fetch_optional(ex)
    .await?;
    row.map(UserRow::into_user).transpose()
}

pub(crate) async fn count_with_role(ex: impl AnyExecutor<'_>, role: Role) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = $1").bind(role.as_str()).fetch_one(ex).await
}

/// What an erasure keeps besides the emptied row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Keep {
    /// The name credited on a printed cover (a winner's name stays printed).
    pub credit: bool,
    /// The account's votes on the emptied row (a contest whose retention period ended: its votes
    /// were anonymised already). Otherwise they move to a new anonymous account without their
    /// address and browser hashes: counted as they were, linked to no one.
    pub votes: bool,
}

/// Erases an account's personal data for good, in one transaction: its sessions, pending sign-in
/// links and vote budgets go, its votes are made anonymous (see [`Keep`]); the row stays (audit entries, marks and
/// printed covers refer to it) under an address that cannot receive mail, without password, and
/// without a credit name unless kept.
///
/// Returns false (and changes nothing) when the account was already erased: erasing is
/// idempotent, and of two concurrent erasures (two instances) one waits and does nothing.
pub(crate) async fn erase(
    tx: &mut sqlx::AnyConnection,
    user: &User,
    keep: Keep,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query("UPDATE users SET erased_at = $2 WHERE id = $1 AND erased_at IS NULL")
        .bind(user.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if claimed.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM magic_links WHERE email = $1").bind(&user.email).execute(&mut *tx).await?;
    let voted: Option<i64> = sqlx::query_scalar("SELECT id FROM votes WHERE voter_id = $1 LIMIT 1")
        .bind(user.id)
        .fetch_optional(&mut *tx)
        .await?;
    if !keep.votes && voted.is_some() {
        // Each vote stays, counted as it was (published totals and recounts do not move), on a
        // new anonymous account, without the keyed hashes of the voter's address and browser.
        let anonymous = insert_anonymous(&mut *tx, now).await?;
        sqlx::query(
            "UPDATE votes SET voter_id = $1, ip_hash = NULL, net_hash = NULL, ua_hash = NULL WHERE voter_id = $2",
        )
        .bind(anonymous)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM vote_budgets WHERE voter_id = $1").bind(user.id).execute(&mut *tx).await?;
    let credit = if keep.credit { user.credit_name() } else { None };
    sqlx::query(
        "UPDATE users SET email = $1, canonical_email = $1, display_name = $2, password_hash = NULL, device = NULL, source = NULL WHERE id = $3",
    )
    .bind(format!("deleted-{}@deleted.invalid", user.id))
    .bind(credit)
    .bind(user.id)
    .execute(&mut *tx)
    .await?;
    Ok(true)
}

/// A new empty, erased account that stands for one voter of one contest once its vote log is
/// anonymised (nothing links it to the person); returns its id.
pub(crate) async fn insert_anonymous(ex: impl AnyExecutor<'_>, now: i64) -> Result<i64, sqlx::Error> {
    let email = format!("anonymous-{}@deleted.invalid", uuid::Uuid::new_v4().simple());
    sqlx::query_scalar(
        "INSERT INTO users (email, canonical_email, role, created_at, erased_at) VALUES ($1, $1, 'participant', $2, $2) \
         RETURNING id",
    )
    .bind(email)
    .bind(now)
    .fetch_one(ex)
    .await
}

/// Which of these accounts still have something live: a staff role, an entry or a vote in a
/// contest not in `ended` (the contests whose retention period is over), an upload in progress,
/// or a session that has not expired.
pub(crate) async fn still_live(
    pool: &sqlx::AnyPool,
    ids: &[i64],
    ended: &[i64],
    now: i64,
) -> Result<std::collections::HashSet<i64>, sqlx::Error> {
    let mut live = std::collections::HashSet::new();
    // Ended contests are few; ids go in chunks.
    let per_chunk = super::MAX_IDS_PER_STATEMENT.saturating_sub(ended.len() + 1).max(1);
    for chunk in ids.chunks(per_chunk) {
        let ended_list = super::placeholders_from(2, ended.len().max(1));
        let id_list = super::placeholders_from(2 + ended.len().max(1), chunk.len());
        let sql = format!(
            "SELECT u.id FROM users u WHERE u.id IN ({id_list}) AND (u.role <> 'participant' \
             OR EXISTS (SELECT 1 FROM entries e WHERE e.participant_id = u.id AND e.contest_id NOT IN ({ended_list})) \
             OR EXISTS (SELECT 1 FROM votes v JOIN entries e ON e.id = v.entry_id \
                        WHERE v.voter_id = u.id AND e.contest_id NOT IN ({ended_list})) \
             OR EXISTS (SELECT 1 FROM uploads up WHERE up.user_id = u.id) \
             OR EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.expires_at > $1))"
        );
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).bind(now);
        // No contest has ended: an id no contest has stands in for the empty list.
        if ended.is_empty() {
            q = q.bind(-1_i64);
        }
        for c in ended {
            q = q.bind(*c);
        }
        for id in chunk {
            q = q.bind(*id);
        }
        live.extend(q.fetch_all(pool).await?);
    }
    Ok(live)
}

/// Records the kind of device a person signed in from (the dashboard's device split of voters).
pub(crate) async fn set_device(ex: impl AnyExecutor<'_>, id: i64, device: DeviceClass) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET device = $2 WHERE id = $1 AND (device IS NULL OR device <> $2)")
        .bind(id)
        .bind(device.as_str())
        .execute(ex)
        .await?;
    Ok(())
}

/// Records where an account came from, once (the first source known stays).
pub(crate) async fn set_source(ex: impl AnyExecutor<'_>, id: i64, source: &Source) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET source = $2 WHERE id = $1 AND source IS NULL")
        .bind(id)
        .bind(source.code())
        .execute(ex)
        .await?;
    Ok(())
}

/// Gives an account a role.
pub(crate) async fn set_role(ex: impl AnyExecutor<'_>, id: i64, role: Role) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET role = $2 WHERE id = $1").bind(id).bind(role.as_str()).execute(ex).await?;
    Ok(())
}

/// Forgets an account's password (a participant signs in by email link only).
pub(crate) async fn clear_password(ex: impl AnyExecutor<'_>, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = NULL WHERE id = $1").bind(id).execute(ex).await?;
    Ok(())
}

/// Every account with a team role (moderator, jury, admin), by role then address.
pub(crate) async fn staff(ex: impl AnyExecutor<'_>) -> Result<Vec<User>, sqlx::Error> {
    let rows: Vec<UserRow> = sqlx::query_as(
        "SELECT id, email, display_name, role, lang FROM users WHERE role <> 'participant' AND erased_at IS NULL \
         ORDER BY role, email",
    )
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(UserRow::into_user).collect()
}

/// An account in the administrators' list of people.
#[derive(Debug, Clone)]
pub(crate) struct PersonLine {
    pub user: User,
    /// Entries they sent, in every contest and status.
    pub entries: i64,
}

/// Accounts not erased whose address or display name contains `needle` (any case; empty: all),
/// after account `after`, in id order, at most `limit`.
pub(crate) async fn search(
    ex: impl AnyExecutor<'_>,
    needle: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<PersonLine>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: UserRow,
        entries: i64,
    }
    let escaped: String = needle
        .trim()
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.role, u.lang, u.created_at, \
         (SELECT COUNT(*) FROM entries e WHERE e.participant_id = u.id) AS entries \
         FROM users u WHERE u.erased_at IS NULL AND u.id > $1 \
         AND (LOWER(u.email) LIKE $2 ESCAPE '\\' OR LOWER(COALESCE(u.display_name, '')) LIKE $2 ESCAPE '\\') \
         ORDER BY u.id LIMIT $3",
    )
    .bind(after)
    .bind(format!("%{escaped}%"))
    .bind(limit)
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(|r| Ok(PersonLine { user: r.user.into_user()?, entries: r.entries })).collect()
}
