//! The audit log as a hash chain: each line's blake3 hash covers a canonical, length-prefixed
//! encoding of its fields and of the previous line's hash, and a head (last seq and hash) is kept
//! apart, so a changed, removed (even the last), inserted or reordered line shows. Checking a
//! chain is a walk in `seq` order through [`ChainCheck`], which holds one line at a time.
//!
//! Encoding of a line (every integer big-endian; every text a u64 byte length then its UTF-8):
//! `"declic-audit-v1"` (text), `seq` (i64), `prev_hash` (text: 64 hex digits), `actor_id`
//! (one byte 0 = none, or 1 then the i64), `action` (text), `subject` (text), `contest_id`
//! (optional i64, as `actor_id`), `detail` (text, as stored), `created_at` (i64). The line's
//! hash is the blake3 of those bytes, in lowercase hex. The first line's `prev_hash` is
//! [`GENESIS`].

use serde::Serialize;
use utoipa::ToSchema;

/// The `prev_hash` of the first line: 64 zeros.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Domain separation (and a version, should the encoding ever change).
const TAG: &str = "declic-audit-v1";

/// A line as it is hashed (and stored, with its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub seq: i64,
    pub prev_hash: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject: String,
    /// The contest the subject belongs to, when it belongs to one (for the results archive).
    pub contest_id: Option<i64>,
    pub detail: String,
    pub created_at: i64,
}

fn text(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u64).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn optional(out: &mut Vec<u8>, v: Option<i64>) {
    match v {
        None => out.push(0),
        Some(v) => {
            out.push(1);
            out.extend_from_slice(&v.to_be_bytes());
        }
    }
}

impl Line {
    /// The canonical bytes the hash covers (see the module documentation).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(128 + self.detail.len());
        text(&mut out, TAG);
        out.extend_from_slice(&self.seq.to_be_bytes());
        text(&mut out, &self.prev_hash);
        optional(&mut out, self.actor_id);
        text(&mut out, &self.action);
        text(&mut out, &self.subject);
        optional(&mut out, self.contest_id);
        text(&mut out, &self.detail);
        out.extend_from_slice(&self.created_at.to_be_bytes());
        out
    }

    /// The line's hash, lowercase hex.
    pub fn hash(&self) -> String {
        blake3::hash(&self.encode()).to_hex().to_string()
    }
}

/// What is wrong at the first broken place of a chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// The line's fields do not give its stored hash: it was changed.
    HashMismatch,
    /// The line does not follow the one before it (a line was changed and rehashed, or lines
    /// were reordered).
    PrevHashMismatch,
    /// The line with this number is missing.
    MissingLine,
    /// The chain does not end where its head says (lines removed at the end, or added after it).
    HeadMismatch,
    /// A line was written outside the chain (no number, no hash).
    Unsealed,
}

impl Problem {
    pub fn as_str(self) -> &'static str {
        match self {
            Problem::HashMismatch => "hash_mismatch",
            Problem::PrevHashMismatch => "prev_hash_mismatch",
            Problem::MissingLine => "missing_line",
            Problem::HeadMismatch => "head_mismatch",
            Problem::Unsealed => "unsealed",
        }
    }
}

/// The first broken place of a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Broken {
    /// The line's number (for `unsealed`: the database id of the first such line).
    pub seq: i64,
    pub problem: Problem,
    /// The problem in words.
    pub message: String,
}

/// The result of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ChainReport {
    /// Lines walked.
    pub lines: u64,
    pub intact: bool,
    /// The head's hash (the last line's hash when intact).
    pub head: String,
    pub first_broken: Option<Broken>,
}

impl ChainReport {
    /// One line for people: `audit log: N lines, chain intact (head …)` or the first break.
    pub fn summary(&self) -> String {
        match &self.first_broken {
            None => format!("audit log: {} lines, chain intact (head {})", self.lines, self.head),
            Some(b) => format!(
                "audit log: {} lines, chain BROKEN at line {}: {} ({})",
                self.lines,
                b.seq,
                b.problem.as_str(),
                b.message
            ),
        }
    }
}

/// Checks lines given in `seq` order, one at a time.
#[derive(Debug, Clone)]
pub(crate) struct ChainCheck {
    next_seq: i64,
    prev_hash: String,
    lines: u64,
    broken: Option<Broken>,
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck { next_seq: 1, prev_hash: GENESIS.to_string(), lines: 0, broken: None }
    }
}

impl ChainCheck {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Whether a break was found (later lines need not be read).
    pub(crate) fn is_broken(&self) -> bool {
        self.broken.is_some()
    }

    /// The number of the last line checked (0 before any).
    pub(crate) fn last_seq(&self) -> i64 {
        self.next_seq - 1
    }

    fn fail(&mut self, seq: i64, problem: Problem, message: String) {
        if self.broken.is_none() {
            self.broken = Some(Broken { seq, problem, message });
        }
    }

    /// Checks the next line and its stored hash.
    pub(crate) fn push(&mut self, line: &Line, stored_hash: &str) {
        if self.is_broken() {
            return;
        }
        self.lines += 1;
        if line.seq != self.next_seq {
            let message = if line.seq > self.next_seq {
                format!("lines {} to {} are missing", self.next_seq, line.seq - 1)
            } else {
                format!("line {} comes again after line {}", line.seq, self.next_seq - 1)
            };
            return self.fail(self.next_seq, Problem::MissingLine, message);
        }
        if line.prev_hash != self.prev_hash {
            return self.fail(
                line.seq,
                Problem::PrevHashMismatch,
                format!("it names {} as the previous line's hash, which is {}", line.prev_hash, self.prev_hash),
            );
        }
        let hash = line.hash();
        if hash != stored_hash {
            return self.fail(
                line.seq,
                Problem::HashMismatch,
                format!("its fields hash to {hash}, the line says {stored_hash}"),
            );
        }
        self.next_seq += 1;
        self.prev_hash = hash;
    }

    /// Ends the walk: the chain must end at the head (`head_seq`, `head_hash`), and no line may be
    /// outside it (`first_unsealed`: the id of a line without a number).
    pub(crate) fn finish(mut self, head_seq: i64, head_hash: &str, first_unsealed: Option<i64>) -> ChainReport {
        if !self.is_broken() {
            let last = self.last_seq();
            if head_seq > last {
                let message = format!("the head says the log ends at line {head_seq}, the last line is {last}");
                self.fail(last + 1, Problem::HeadMismatch, message);
            } else if head_seq < last {
                let message =
                    format!("lines after the head's line {head_seq} (up to {last}) were added outside the chain");
                self.fail(head_seq + 1, Problem::HeadMismatch, message);
            } else if head_hash != self.prev_hash {
                let message = format!("the head's hash is {head_hash}, the last line's is {}", self.prev_hash);
                self.fail(last, Problem::HeadMismatch, message);
            }
        }
        if let Some(id) = first_unsealed {
            self.fail(id, Problem::Unsealed, format!("the line with id {id} has no number in the chain"));
        }
        ChainReport {
            lines: self.lines,
            intact: self.broken.is_none(),
            head: head_hash.to_string(),
            first_broken: self.broken,
        }
    }
}

/// Builds a chain of lines from their contents (tests, and lines sealed in one go).
#[cfg(test)]
pub(crate) fn chain(mut prev: String, first_seq: i64, contents: impl IntoIterator<Item = Line>) -> Vec<(Line, String)> {
    let mut out = Vec::new();
    for (i, mut line) in contents.into_iter().enumerate() {
        line.seq = first_seq + i as i64;
        line.prev_hash = prev;
        let hash = line.hash();
        prev = hash.clone();
        out.push((line, hash));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(action: &str, detail: &str) -> Line {
        Line {
            seq: 0,
            prev_hash: String::new(),
            actor_id: Some(7),
            action: action.into(),
            subject: "entry:3".into(),
            contest_id: Some(1),
            detail: detail.into(),
            created_at: 1_700_000_000,
        }
    }

    fn sample() -> Vec<(Line, String)> {
        chain(
            GENESIS.to_string(),
            1,
            [line("entry.moderate", "{}"), line("entry.hide", r#"{"a":1}"#), line("entry.show", "{}")],
        )
    }

    fn check(lines: &[(Line, String)]) -> ChainCheck {
        let mut c = ChainCheck::new();
        for (l, h) in lines {
            c.push(l, h);
        }
        c
    }

    #[test]
    fn fields_are_length_prefixed_so_moving_bytes_between_them_changes_the_hash() {
        let mut a = line("ab", "c");
        let mut b = line("a", "bc");
        a.subject = "x".into();
        b.subject = "x".into();
        assert_ne!(a.encode(), b.encode());
        assert_ne!(a.hash(), b.hash());
        // Subject "1" + no contest vs subject "" + … : distinct encodings too.
        let (mut c, mut d) = (line("a", ""), line("a", ""));
        c.contest_id = None;
        d.actor_id = None;
        assert_ne!(c.hash(), d.hash());
        let mut e = line("a", "");
        e.actor_id = Some(0);
        let mut f = line("a", "");
        f.actor_id = None;
        assert_ne!(e.hash(), f.hash(), "no actor is not actor 0");
    }

    #[test]
    fn the_encoding_is_stable() {
        let l = Line {
            seq: 1,
            prev_hash: GENESIS.into(),
            actor_id: None,
            action: "a".into(),
            subject: "s".into(),
            contest_id: None,
            detail: "{}".into(),
            created_at: 2,
        };
        let mut expected = Vec::new();
        expected.extend_from_slice(&15u64.to_be_bytes());
        expected.extend_from_slice(b"declic-audit-v1");
        expected.extend_from_slice(&1i64.to_be_bytes());
        expected.extend_from_slice(&64u64.to_be_bytes());
        expected.extend_from_slice(GENESIS.as_bytes());
        expected.push(0);
        expected.extend_from_slice(&1u64.to_be_bytes());
        expected.extend_from_slice(b"a");
        expected.extend_from_slice(&1u64.to_be_bytes());
        expected.extend_from_slice(b"s");
        expected.push(0);
        expected.extend_from_slice(&2u64.to_be_bytes());
        expected.extend_from_slice(b"{}");
        expected.extend_from_slice(&2i64.to_be_bytes());
        assert_eq!(l.encode(), expected);
        assert_eq!(l.hash(), blake3::hash(&expected).to_hex().to_string());
        assert_eq!(l.hash().len(), 64);
    }

    #[test]
    fn an_intact_chain_ends_at_its_head() {
        let lines = sample();
        let head = lines.last().unwrap().1.clone();
        let report = check(&lines).finish(3, &head, None);
        assert!(report.intact, "{report:?}");
        assert_eq!(report.lines, 3);
        assert_eq!(report.head, head);
        assert!(report.summary().starts_with("audit log: 3 lines, chain intact (head "));
        let empty = ChainCheck::new().finish(0, GENESIS, None);
        assert!(empty.intact && empty.lines == 0);
    }

    #[test]
    fn a_changed_line_is_found() {
        let mut lines = sample();
        lines[1].0.detail = r#"{"a":2}"#.into();
        let head = lines[2].1.clone();
        let b = check(&lines).finish(3, &head, None).first_broken.unwrap();
        assert_eq!((b.seq, b.problem), (2, Problem::HashMismatch));
    }

    #[test]
    fn a_changed_and_rehashed_line_breaks_the_next_link() {
        let mut lines = sample();
        lines[1].0.detail = r#"{"a":2}"#.into();
        lines[1].1 = lines[1].0.hash();
        let head = lines[2].1.clone();
        let b = check(&lines).finish(3, &head, None).first_broken.unwrap();
        assert_eq!((b.seq, b.problem), (3, Problem::PrevHashMismatch));
    }

    #[test]
    fn missing_lines_are_found_in_the_middle_and_at_the_end() {
        let lines = sample();
        let head = lines[2].1.clone();
        let middle = [lines[0].clone(), lines[2].clone()];
        let b = check(&middle).finish(3, &head, None).first_broken.unwrap();
        assert_eq!((b.seq, b.problem), (2, Problem::MissingLine));
        let b = check(&lines[..2]).finish(3, &head, None).first_broken.unwrap();
        assert_eq!((b.seq, b.problem), (3, Problem::HeadMismatch));
        let b = check(&lines).finish(2, &lines[1].1, None).first_broken.unwrap();
        assert_eq!((b.seq, b.problem), (3, Problem::HeadMismatch), "a line past the head");
        let b = check(&lines).finish(3, GENESIS, None).first_broken.unwrap();
        assert_eq!((b.seq, b.problem), (3, Problem::HeadMismatch));
    }

    #[test]
    fn reordered_lines_are_found() {
        let lines = sample();
        let mut swapped = lines.clone();
        // The contents of lines 2 and 3 swapped, numbers kept in order.
        swapped[1].0.seq = 3;
        swapped[2].0.seq = 2;
        swapped.swap(1, 2);
        let b = check(&swapped).finish(3, &lines[2].1, None).first_broken.unwrap();
        assert_eq!((b.seq, b.problem), (2, Problem::PrevHashMismatch));
    }

    #[test]
    fn unsealed_lines_are_reported() {
        let lines = sample();
        let r = check(&lines).finish(3, &lines[2].1, Some(42));
        assert!(!r.intact);
        assert_eq!(r.first_broken.unwrap().problem, Problem::Unsealed);
    }
}
