//! Users and their bearer tokens. A token is 32 random bytes, shown once when the user is
//! created; only its SHA-256 is stored.
//!
//! Why a plain SHA-256 and not a slow password hash: slow hashes (Argon2, bcrypt) protect
//! guessable secrets. A token has 256 bits of entropy, so no dictionary or brute force can
//! find it from its hash, and a fast hash lets every request be authenticated by one
//! indexed lookup.

use clientele_domain::settings::Role;
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::rows::{enum_from, enum_text};
use crate::db::Conn;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

/// The prefix of every token, so a leaked one is recognisable (secret scanners).
const TOKEN_PREFIX: &str = "clt_";

pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("{TOKEN_PREFIX}{}", hex(&bytes)))
}

pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates a user with a new token; returns the user and the token (the only time it is known).
pub async fn add(conn: &mut Conn, name: &str, role: Role) -> Result<(User, String), AddError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AddError::EmptyName);
    }
    let token = new_token().map_err(|e| AddError::Random(e.to_string()))?;
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE name = $1")
        .bind(name)
        .fetch_one(&mut *conn)
        .await?;
    if existing > 0 {
        return Err(AddError::NameTaken);
    }
    sqlx::query(
        "INSERT INTO users (name, role, token_hash, created_at_ms) VALUES ($1, $2, $3, $4)",
    )
    .bind(name)
    .bind(enum_text(&role))
    .bind(hash_token(&token))
    .bind(crate::now_ms())
    .execute(&mut *conn)
    .await?;
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE name = $1")
        .bind(name)
        .fetch_one(&mut *conn)
        .await?;
    Ok((
        User {
            id,
            name: name.to_string(),
            role,
        },
        token,
    ))
}

#[derive(Debug)]
pub enum AddError {
    EmptyName,
    NameTaken,
    Random(String),
    Db(sqlx::Error),
}

impl From<sqlx::Error> for AddError {
    fn from(e: sqlx::Error) -> Self {
        Self::Db(e)
    }
}

impl std::fmt::Display for AddError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::EmptyName => f.write_str("Enter the user's name."),
            Self::NameTaken => f.write_str("A user with that name already exists."),
            Self::Random(why) => write!(f, "No random numbers for a token: {why}"),
            Self::Db(e) => write!(f, "Database error: {e}"),
        }
    }
}

fn user_row(row: &sqlx::any::AnyRow) -> Result<User, sqlx::Error> {
    Ok(User {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: enum_from(&row.try_get::<String, _>("role")?, "role")?,
    })
}

/// The user a token belongs to.
pub async fn by_token(conn: &mut Conn, token: &str) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query("SELECT id, name, role FROM users WHERE token_hash = $1")
        .bind(hash_token(token))
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(user_row).transpose()
}

pub async fn list(conn: &mut Conn) -> Result<Vec<User>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, name, role FROM users ORDER BY name")
        .fetch_all(conn)
        .await?;
    rows.iter().map(user_row).collect()
}

/// A user by ID.
pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query("SELECT id, name, role FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(user_row).transpose()
}

/// A user by name.
pub async fn by_name(conn: &mut Conn, name: &str) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query("SELECT id, name, role FROM users WHERE name = $1")
        .bind(name.trim())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(user_row).transpose()
}

/// Removes a user: their token stops working at once. Their name stays in the activity log.
pub async fn remove(conn: &mut Conn, id: i64) -> Result<bool, sqlx::Error> {
    for table in ["idempotency_keys", "saved_views"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    let done = sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A role from the command line: its serde name ("SalesAgent") or words in any case
/// ("sales-agent", "Sales agent").
pub fn parse_role(text: &str) -> Option<Role> {
    let squash = |t: &str| {
        t.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase()
    };
    Role::ALL
        .into_iter()
        .find(|r| squash(&enum_text(r)) == squash(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_prefixed_and_hashed_to_hex() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_ne!(a, b);
        assert!(a.starts_with("clt_") && a.len() == 4 + 64);
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn roles_are_read_in_any_spelling() {
        for (text, role) in [
            ("global-admin", Role::GlobalAdmin),
            ("AdminAgent", Role::AdminAgent),
            ("Sales agent", Role::SalesAgent),
            ("HELPDESK_AGENT", Role::HelpdeskAgent),
            ("user-management-admin", Role::UserManagementAdmin),
        ] {
            assert_eq!(parse_role(text), Some(role), "{text}");
        }
        assert_eq!(parse_role("admin"), None);
        assert_eq!(parse_role(""), None);
    }
}
