//! Keys every instance of a site shares, generated once and kept in the database.

/// The shared key `name`, created with `fresh` by the first instance that asks.
pub(crate) async fn server_key(pool: &sqlx::AnyPool, name: &str, fresh: &str, now: i64) -> Result<String, sqlx::Error> {
    sqlx::query("INSERT INTO server_keys (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(fresh)
        .bind(now)
        .execute(pool)
        .await?;
    sqlx::query_scalar("SELECT value FROM server_keys WHERE name = $1").bind(name).fetch_one(pool).await
}
