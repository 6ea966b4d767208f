//! Schema parity: the SQLite and the PostgreSQL migrations make the same tables, columns (with
//! whether they may be null), unique constraints and indexes. The differences that are meant are
//! listed in [`MEANT`], each with its reason; any other difference fails. Runs when the suite runs
//! on PostgreSQL (`DECLIC_TEST_DATABASE_URL`), against a fresh database of each dialect.

use std::collections::BTreeSet;

use declic::testing::Db;

use crate::helpers::fresh_postgres_database;

/// What one dialect's schema is made of, as comparable lines.
type Schema = BTreeSet<String>;

/// Differences meant, each with why: (the start of the lines, the dialect that alone has them, why).
const MEANT: &[(&str, &str, &str)] = &[(
    "index votes.votes_voter",
    "sqlite",
    "migration 0024: on PostgreSQL the votes' key starts with the voter, which serves a voter's \
     votes; SQLite keeps its key (entry, voter, day) and this index beside it",
)];

#[tokio::test]
async fn both_dialects_make_the_same_schema() {
    let Ok(base) = std::env::var("DECLIC_TEST_DATABASE_URL") else {
        eprintln!("schema parity: runs with the PostgreSQL suite (DECLIC_TEST_DATABASE_URL unset)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Db::connect(&format!("sqlite://{}", dir.path().join("parity.db").display())).await.unwrap();
    sqlite.migrate().await.unwrap();
    let postgres = Db::connect(&fresh_postgres_database(&base).await).await.unwrap();
    postgres.migrate().await.unwrap();
    let (s, p) = (sqlite_schema(&sqlite).await, postgres_schema(&postgres).await);
    assert!(s.iter().any(|l| l.starts_with("column votes.voter_id")), "the schema was read: {s:?}");
    let meant = |line: &String, dialect: &str| MEANT.iter().any(|(l, d, _)| line.starts_with(l) && *d == dialect);
    let only_sqlite: Vec<_> = s.difference(&p).filter(|l| !meant(l, "sqlite")).collect();
    let only_postgres: Vec<_> = p.difference(&s).filter(|l| !meant(l, "postgres")).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the migrations differ (make them agree, or list the difference in MEANT with its reason)\n\
         only on SQLite: {only_sqlite:#?}\nonly on PostgreSQL: {only_postgres:#?}"
    );
    let stale: Vec<_> = MEANT
        .iter()
        .filter(|(l, d, _)| {
            let (own, other) = if *d == "sqlite" { (&s, &p) } else { (&p, &s) };
            !own.difference(other).any(|line| line.starts_with(l))
        })
        .collect();
    assert!(stale.is_empty(), "listed as meant but no longer a difference: {stale:?}");
}

async fn sqlite_schema(db: &Db) -> Schema {
    let pool = db.pool();
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for (table,) in tables {
        schema.insert(format!("table {table}"));
        let columns: Vec<(String, i64, i64)> =
            sqlx::query_as("SELECT name, \"notnull\", pk FROM pragma_table_info($1)")
                .bind(&table)
                .fetch_all(pool)
                .await
                .unwrap();
        for (column, not_null, pk) in columns {
            // A primary key column is never null, whether or not SQLite's table says so.
            let null = if not_null != 0 || pk != 0 { "not null" } else { "null" };
            schema.insert(format!("column {table}.{column} {null}"));
        }
        let indexes: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT name, \"unique\", origin FROM pragma_index_list($1)")
                .bind(&table)
                .fetch_all(pool)
                .await
                .unwrap();
        for (index, unique, origin) in indexes {
            let columns: Vec<(String,)> =
                sqlx::query_as("SELECT COALESCE(name, '(expression)') FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&index)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            let mut columns: Vec<String> = columns.into_iter().map(|(c,)| c).collect();
            match origin.as_str() {
                "c" => {
                    let unique = if unique != 0 { "unique " } else { "" };
                    schema.insert(format!("index {table}.{index}"));
                    schema.insert(format!("{unique}index {table}.{index} on ({})", columns.join(", ")));
                }
                "u" => {
                    columns.sort();
                    schema.insert(format!("unique {table}({})", columns.join(", ")));
                }
                _ => {} // the primary key
            }
        }
    }
    schema
}

async fn postgres_schema(db: &Db) -> Schema {
    let pool = db.pool();
    let mut schema = Schema::new();
    let columns: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text, c.is_nullable::text FROM information_schema.columns c \
         JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, column, nullable) in columns {
        schema.insert(format!("table {table}"));
        let null = if nullable == "YES" { "null" } else { "not null" };
        schema.insert(format!("column {table}.{column} {null}"));
    }
    // Indexes made by CREATE INDEX (not those behind a constraint), with their columns in order.
    let indexes: Vec<(String, String, bool, String)> = sqlx::query_as(
        "SELECT t.relname::text, i.relname::text, ix.indisunique, \
         COALESCE((SELECT string_agg(COALESCE(a.attname::text, '(expression)'), ', ' ORDER BY k.ord) \
           FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
           LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum <> 0), '') \
         FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND t.relname NOT LIKE '\\_sqlx%' \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, index, unique, columns) in indexes {
        let unique = if unique { "unique " } else { "" };
        schema.insert(format!("index {table}.{index}"));
        schema.insert(format!("{unique}index {table}.{index} on ({columns})"));
    }
    let uniques: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.relname::text, (SELECT string_agg(a.attname::text, ', ' ORDER BY a.attname COLLATE \"C\") FROM pg_attribute a \
           WHERE a.attrelid = t.oid AND a.attnum = ANY(c.conkey)) \
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND c.contype = 'u'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, columns) in uniques {
        schema.insert(format!("unique {table}({columns})"));
    }
    schema
}
