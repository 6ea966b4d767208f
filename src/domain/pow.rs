//! A proof of work asked before a vote, in the ALTCHA format (self-hosted, no third party): the
//! server hands out a signed SHA-256 puzzle; the browser searches the number; the server checks
//! the answer, its signature and its expiry, and spends it once.

use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::Invalid;

pub(crate) const ALGORITHM: &str = "SHA-256";

/// A puzzle: find `number` in `0..=maxnumber` with `SHA-256(salt + number) == challenge`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Challenge {
    pub algorithm: String,
    /// Hex SHA-256 of `salt` followed by the secret number in decimal.
    pub challenge: String,
    pub maxnumber: u64,
    /// Random, with its expiry: `<hex>?expires=<unix seconds>`.
    pub salt: String,
    /// The server's keyed hash of `challenge` (only the server checks it).
    pub signature: String,
}

/// A checked answer: the challenge it spends (once: the vote it opens keeps [`Spent::key`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spent {
    pub challenge: String,
}

impl Spent {
    /// What the vote log keeps of the challenge, unique: the first half of its hex SHA-256 (128
    /// bits; no two challenges share it).
    pub fn key(&self) -> &str {
        self.challenge.get(..32).unwrap_or(&self.challenge)
    }
}

/// An answer as the browser sends it (base64 of this JSON, as ALTCHA's widget does).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Solution {
    pub algorithm: String,
    pub challenge: String,
    pub number: u64,
    pub salt: String,
    pub signature: String,
}

fn sha256_hex(salt: &str, number: u64) -> String {
    let digest = Sha256::new().chain_update(salt.as_bytes()).chain_update(number.to_string().as_bytes()).finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn sign(key: &[u8; 32], challenge: &str) -> String {
    blake3::keyed_hash(key, format!("pow:{challenge}").as_bytes()).to_hex().to_string()
}

impl Challenge {
    /// A new puzzle signed with `key`, valid until `expires_at`.
    pub fn issue(key: &[u8; 32], max_number: u64, expires_at: i64) -> Challenge {
        let random: [u8; 12] = rand::random();
        let salt = format!("{}?expires={expires_at}", random.iter().map(|b| format!("{b:02x}")).collect::<String>());
        let number = rand::random_range(0..=max_number);
        let challenge = sha256_hex(&salt, number);
        Challenge {
            algorithm: ALGORITHM.to_string(),
            signature: sign(key, &challenge),
            challenge,
            maxnumber: max_number,
            salt,
        }
    }

    /// Searches the number (what a browser does), as the encoded answer a vote carries.
    pub fn solve(&self) -> Option<String> {
        let number = (0..=self.maxnumber).find(|n| sha256_hex(&self.salt, *n) == self.challenge)?;
        Some(
            Solution {
                algorithm: self.algorithm.clone(),
                challenge: self.challenge.clone(),
                number,
                salt: self.salt.clone(),
                signature: self.signature.clone(),
            }
            .encode(),
        )
    }
}

fn invalid() -> Invalid {
    Invalid::new("pow_invalid", "the anti-robot check failed: please try again")
}

impl Solution {
    /// Reads an answer: base64 (standard or URL-safe) of its JSON, or the JSON itself.
    pub fn parse(raw: &str) -> Result<Solution, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Invalid::new("pow_required", "an anti-robot check is needed before voting"));
        }
        if raw.len() > 2048 {
            return Err(invalid());
        }
        let json = if raw.starts_with('{') {
            raw.as_bytes().to_vec()
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(raw)
                .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(raw.trim_end_matches('=')))
                .map_err(|_| invalid())?
        };
        serde_json::from_slice(&json).map_err(|_| invalid())
    }

    pub fn encode(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(serde_json::to_vec(self).expect("plain JSON"))
    }

    /// Checks the answer was issued with `key`, solves its puzzle and has not expired at `now`.
    /// Whether it was already spent is the database's to say.
    pub fn verify(&self, key: &[u8; 32], now: i64) -> Result<Spent, Invalid> {
        if self.algorithm != ALGORITHM
            || self.signature.len() != 64
            || !constant_time_eq(sign(key, &self.challenge).as_bytes(), self.signature.as_bytes())
        {
            return Err(invalid());
        }
        let expires_at = self
            .salt
            .split_once("?expires=")
            .and_then(|(_, t)| t.split('&').next())
            .and_then(|t| t.parse::<i64>().ok())
            .ok_or_else(invalid)?;
        if sha256_hex(&self.salt, self.number) != self.challenge {
            return Err(invalid());
        }
        if now > expires_at {
            return Err(Invalid::new("pow_expired", "the anti-robot check has expired: please try again"));
        }
        Ok(Spent { challenge: self.challenge.clone() })
    }
}

/// Seconds a visitor without JavaScript waits between the confirmation page and their vote: the
/// time a browser spends on the puzzle, asked as time instead of work.
pub(crate) const PAUSE_SECS: i64 = 3;
/// How long a confirmation page's ticket may be answered.
pub(crate) const PAUSE_VALID_SECS: i64 = 600;

/// The proof a visitor without JavaScript gives instead of the puzzle: a ticket the server signs
/// on a confirmation page for one voter and one photo, answered no sooner than [`PAUSE_SECS`]
/// later and no later than [`PAUSE_VALID_SECS`], and spent once like a puzzle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PauseTicket {
    nonce: String,
    entry_id: i64,
    voter_id: i64,
    issued_at: i64,
}

impl PauseTicket {
    fn payload(&self) -> String {
        format!("{}.{}.{}.{}", self.nonce, self.entry_id, self.voter_id, self.issued_at)
    }

    fn signature(&self, key: &[u8; 32]) -> String {
        blake3::keyed_hash(key, format!("pause:{}", self.payload()).as_bytes()).to_hex().to_string()
    }

    /// A new ticket for `voter_id` to vote for `entry_id`, issued at `now`, signed with `key`.
    pub(crate) fn issue(key: &[u8; 32], entry_id: i64, voter_id: i64, now: i64) -> String {
        let random: [u8; 16] = rand::random();
        let ticket = PauseTicket {
            nonce: random.iter().map(|b| format!("{b:02x}")).collect(),
            entry_id,
            voter_id,
            issued_at: now,
        };
        format!("{}.{}", ticket.payload(), ticket.signature(key))
    }

    /// Checks a ticket sent back: signed with `key`, for this voter and photo, old enough and not
    /// too old at `now`. Whether it was already spent is the database's to say.
    pub(crate) fn verify(raw: &str, key: &[u8; 32], entry_id: i64, voter_id: i64, now: i64) -> Result<Spent, Invalid> {
        let parts: Vec<&str> = raw.trim().split('.').collect();
        let [nonce, entry, voter, issued, signature] = parts[..] else { return Err(invalid()) };
        let ticket = PauseTicket {
            nonce: nonce.to_string(),
            entry_id: entry.parse().map_err(|_| invalid())?,
            voter_id: voter.parse().map_err(|_| invalid())?,
            issued_at: issued.parse().map_err(|_| invalid())?,
        };
        if nonce.len() != 32
            || !constant_time_eq(ticket.signature(key).as_bytes(), signature.as_bytes())
            || ticket.entry_id != entry_id
            || ticket.voter_id != voter_id
        {
            return Err(invalid());
        }
        if now < ticket.issued_at + PAUSE_SECS {
            return Err(Invalid::new("pow_too_soon", "wait a few seconds before confirming your vote"));
        }
        if now > ticket.issued_at + PAUSE_VALID_SECS {
            return Err(Invalid::new("pow_expired", "the anti-robot check has expired: please try again"));
        }
        // Spent like a puzzle: a 64-hex key no puzzle's challenge can share.
        let challenge = blake3::keyed_hash(key, format!("pause-spent:{nonce}").as_bytes()).to_hex().to_string();
        Ok(Spent { challenge })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [7; 32];

    #[test]
    fn a_solved_challenge_verifies_until_it_expires() {
        let c = Challenge::issue(&KEY, 500, 1_000);
        let answer = Solution::parse(&c.solve().unwrap()).unwrap();
        let spent = answer.verify(&KEY, 999).unwrap();
        assert_eq!(spent, Spent { challenge: c.challenge.clone() });
        assert_eq!(spent.key(), &c.challenge[..32]);
        assert_eq!(answer.verify(&KEY, 1_001).unwrap_err().code, "pow_expired");
    }

    #[test]
    fn a_pause_ticket_opens_one_vote_after_its_pause() {
        let raw = PauseTicket::issue(&KEY, 5, 9, 1_000);
        assert_eq!(PauseTicket::verify(&raw, &KEY, 5, 9, 1_001).unwrap_err().code, "pow_too_soon");
        let spent = PauseTicket::verify(&raw, &KEY, 5, 9, 1_000 + PAUSE_SECS).unwrap();
        assert_eq!(spent.challenge.len(), 64);
        assert_eq!(PauseTicket::verify(&raw, &KEY, 5, 9, 1_000 + PAUSE_SECS + 10).unwrap(), spent, "one spent key");
        assert_eq!(
            PauseTicket::verify(&raw, &KEY, 5, 9, 1_000 + PAUSE_VALID_SECS + 1).unwrap_err().code,
            "pow_expired"
        );
        for (key, entry, voter) in [([8; 32], 5, 9), (KEY, 6, 9), (KEY, 5, 10)] {
            assert_eq!(PauseTicket::verify(&raw, &key, entry, voter, 1_100).unwrap_err().code, "pow_invalid");
        }
        let earlier = raw.replace(".1000.", ".900.");
        assert_eq!(PauseTicket::verify(&earlier, &KEY, 5, 9, 1_000).unwrap_err().code, "pow_invalid", "signed");
        assert_eq!(PauseTicket::verify("junk", &KEY, 5, 9, 1_100).unwrap_err().code, "pow_invalid");
    }

    #[test]
    fn forged_or_wrong_answers_are_refused() {
        let c = Challenge::issue(&KEY, 500, 1_000);
        let good = Solution::parse(&c.solve().unwrap()).unwrap();
        assert_eq!(good.verify(&[8; 32], 0).unwrap_err().code, "pow_invalid", "another key");
        let wrong = Solution { number: (good.number + 1) % 501, ..good.clone() };
        assert_eq!(wrong.verify(&KEY, 0).unwrap_err().code, "pow_invalid");
        // A puzzle made up by the client, with a later expiry, lacks the server's signature.
        let salt = "00?expires=9999999999".to_string();
        let made_up = Solution { challenge: sha256_hex(&salt, 3), number: 3, salt, ..good };
        assert_eq!(made_up.verify(&KEY, 0).unwrap_err().code, "pow_invalid");
        assert_eq!(Solution::parse("").unwrap_err().code, "pow_required");
        assert_eq!(Solution::parse("bm90IGpzb24=").unwrap_err().code, "pow_invalid");
    }

    #[test]
    fn the_hash_is_altcha_s() {
        // ALTCHA: challenge = hex(SHA-256(salt + number)).
        assert_eq!(sha256_hex("", 123), "a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3");
    }
}
