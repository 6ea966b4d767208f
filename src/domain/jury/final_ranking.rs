//! Final ranking mixing jury and public votes with weights and explicit tie-breaks, explaining each position.

use std::cmp::Ordering;

/// Tolerance under which two totals (or scaled jury scores) count as equal.
const EPSILON: f64 = 1e-9;

/// One entry competing in the final ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Candidate {
    /// Entry id.
    pub entry: i64,
    /// Jury score (any scale), if the jury scored the entry; non-finite values count as missing.
    pub jury: Option<f64>,
    /// Public votes received; negative counts are treated as 0.
    pub votes: i64,
    /// Upload time (e.g. a Unix timestamp); smaller is earlier.
    pub uploaded_at: i64,
}

/// Relative weights of the jury and the public; always non-negative and summing to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Weights {
    /// Weight of the scaled jury score.
    pub jury: f64,
    /// Weight of the scaled public votes.
    pub public: f64,
}

impl Weights {
    /// Builds weights from any non-negative pair with a positive sum, normalised so they sum to 1
    /// (7 / 3 becomes 0.7 / 0.3).
    pub(crate) fn new(jury: f64, public: f64) -> Result<Weights, String> {
        if !jury.is_finite() || !public.is_finite() {
            return Err(format!("weights must be finite numbers (jury {jury}, public {public})"));
        }
        if jury < 0.0 || public < 0.0 {
            return Err(format!("weights must not be negative (jury {jury}, public {public})"));
        }
        let largest = jury.max(public);
        if largest <= 0.0 {
            return Err("weights must not both be zero".to_string());
        }
        // Scaled by the larger first: two huge weights must not add up to infinity (which would
        // make both 0).
        let (jury, public) = (jury / largest, public / largest);
        let sum = jury + public;
        Ok(Weights { jury: jury / sum, public: public / sum })
    }
}

/// A rule separating entries whose totals are equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TieBreak {
    /// Higher scaled jury score first.
    Jury,
    /// More public votes first.
    PublicVotes,
    /// Earlier upload first.
    EarlierUpload,
}

impl TieBreak {
    /// Parses `"jury"`, `"public_votes"` or `"earlier_upload"`.
    pub(crate) fn parse(s: &str) -> Option<TieBreak> {
        match s {
            "jury" => Some(TieBreak::Jury),
            "public_votes" => Some(TieBreak::PublicVotes),
            "earlier_upload" => Some(TieBreak::EarlierUpload),
            _ => None,
        }
    }

    /// The name accepted by [`TieBreak::parse`].
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TieBreak::Jury => "jury",
            TieBreak::PublicVotes => "public_votes",
            TieBreak::EarlierUpload => "earlier_upload",
        }
    }
}

/// One entry's place in the final ranking, with the numbers that explain it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    /// Entry id.
    pub entry: i64,
    /// 1-based; entries still tied after every tie-break share a position (competition ranking 1, 2, 2, 4).
    pub position: usize,
    /// Jury score scaled to 0..=1 among the candidates (min-max; all equal → 1.0; no jury score → 0.0).
    pub jury_scaled: f64,
    /// Votes divided by the most votes among the candidates (0 when that maximum is 0).
    pub public_scaled: f64,
    /// `weights.jury * jury_scaled + weights.public * public_scaled`.
    pub total: f64,
    /// The tie-break that separated this entry from the one just below it with an equal total
    /// (`None` if the totals differ, the two remain tied, or this entry is last).
    pub decided_by: Option<TieBreak>,
}

/// Ranks candidates by weighted total, then by `tie_breaks` in the given order.
///
/// Totals are equal when within 1e-9 of each other. Entries equal on everything share a position and are
/// listed by entry id ascending.
pub(crate) fn final_ranking(candidates: &[Candidate], weights: Weights, tie_breaks: &[TieBreak]) -> Vec<Placed> {
    let scored = score_all(candidates, weights);
    let criteria: Vec<Criterion> =
        std::iter::once(Criterion::Total).chain(tie_breaks.iter().map(|t| Criterion::Break(*t))).collect();
    let ordered = order(scored, &criteria);
    place(ordered)
}

/// A candidate with its scaled scores and total.
#[derive(Debug, Clone, Copy)]
struct Scored {
    candidate: Candidate,
    jury_scaled: f64,
    public_scaled: f64,
    total: f64,
}

/// A key the ranking compares on: the total, then each tie-break.
#[derive(Debug, Clone, Copy)]
enum Criterion {
    Total,
    Break(TieBreak),
}

/// How an entry is separated from the next one in the final order.
#[derive(Debug, Clone, Copy)]
enum Split {
    /// By the given criterion.
    By(Criterion),
    /// Not at all: the two share a position (also used after the last entry).
    Tied,
}

impl Criterion {
    /// Orders `a` before `b` when `a` is better on this criterion (a total order).
    fn compare(self, a: &Scored, b: &Scored) -> Ordering {
        match self {
            Criterion::Total => b.total.total_cmp(&a.total),
            Criterion::Break(TieBreak::Jury) => b.jury_scaled.total_cmp(&a.jury_scaled),
            Criterion::Break(TieBreak::PublicVotes) => b.candidate.votes.cmp(&a.candidate.votes),
            Criterion::Break(TieBreak::EarlierUpload) => a.candidate.uploaded_at.cmp(&b.candidate.uploaded_at),
        }
    }

    /// Whether `a` and `b` are equal on this criterion (floats within [`EPSILON`]).
    fn equal(self, a: &Scored, b: &Scored) -> bool {
        match self {
            Criterion::Total => (a.total - b.total).abs() <= EPSILON,
            Criterion::Break(TieBreak::Jury) => (a.jury_scaled - b.jury_scaled).abs() <= EPSILON,
            Criterion::Break(_) => self.compare(a, b) == Ordering::Equal,
        }
    }
}

/// The usable jury score of a candidate, if any.
fn jury_score(c: &Candidate) -> Option<f64> {
    c.jury.filter(|j| j.is_finite())
}

/// Scales a jury score to 0..=1 by min-max over `range`; 1.0 when all scores are equal, 0.0 when missing.
fn scale_jury(jury: Option<f64>, range: Option<(f64, f64)>) -> f64 {
    match (jury, range) {
        (Some(j), Some((min, max))) if max > min => (j - min) / (max - min),
        (Some(_), Some(_)) => 1.0,
        _ => 0.0,
    }
}

/// Scales votes by the maximum; 0 when the maximum is 0.
fn scale_votes(votes: i64, max_votes: i64) -> f64 {
    if max_votes <= 0 { 0.0 } else { votes.max(0) as f64 / max_votes as f64 }
}

/// Computes scaled scores and totals for every candidate.
fn score_all(candidates: &[Candidate], weights: Weights) -> Vec<Scored> {
    let range = candidates.iter().filter_map(jury_score).fold(None, |acc: Option<(f64, f64)>, j| match acc {
        None => Some((j, j)),
        Some((min, max)) => Some((min.min(j), max.max(j))),
    });
    let max_votes = candidates.iter().map(|c| c.votes.max(0)).max().unwrap_or(0);
    candidates
        .iter()
        .map(|&candidate| {
            let jury_scaled = scale_jury(jury_score(&candidate), range);
            let public_scaled = scale_votes(candidate.votes, max_votes);
            let total = weights.jury * jury_scaled + weights.public * public_scaled;
            Scored { candidate, jury_scaled, public_scaled, total }
        })
        .collect()
}

/// Splits an ordered list into runs of consecutive items equal on `criterion`.
fn runs(items: Vec<Scored>, criterion: Criterion) -> Vec<Vec<Scored>> {
    let mut result: Vec<Vec<Scored>> = Vec::new();
    for item in items {
        match result.last_mut() {
            Some(run) if criterion.equal(run.last().expect("runs are never empty"), &item) => run.push(item),
            _ => result.push(vec![item]),
        }
    }
    result
}

/// Orders `group` by the first criterion, breaking equalities with the remaining ones, then by entry id.
///
/// Each item comes with how it is separated from the next one.
fn order(mut group: Vec<Scored>, criteria: &[Criterion]) -> Vec<(Scored, Split)> {
    let Some((&first, rest)) = criteria.split_first() else {
        group.sort_by_key(|s| s.candidate.entry);
        return group.into_iter().map(|s| (s, Split::Tied)).collect();
    };
    group.sort_by(|a, b| first.compare(a, b).then(a.candidate.entry.cmp(&b.candidate.entry)));
    let mut result: Vec<(Scored, Split)> = Vec::new();
    for run in runs(group, first) {
        if let Some(last) = result.last_mut() {
            last.1 = Split::By(first);
        }
        result.extend(order(run, rest));
    }
    result
}

/// Assigns competition-ranking positions and the deciding tie-break to an ordered list.
fn place(ordered: Vec<(Scored, Split)>) -> Vec<Placed> {
    let mut placed: Vec<Placed> = Vec::with_capacity(ordered.len());
    let mut previous_split = Split::By(Criterion::Total);
    for (index, (s, split)) in ordered.into_iter().enumerate() {
        let position = match (previous_split, placed.last()) {
            (Split::Tied, Some(above)) => above.position,
            _ => index + 1,
        };
        let decided_by = match split {
            Split::By(Criterion::Break(tie_break)) => Some(tie_break),
            _ => None,
        };
        placed.push(Placed {
            entry: s.candidate.entry,
            position,
            jury_scaled: s.jury_scaled,
            public_scaled: s.public_scaled,
            total: s.total,
            decided_by,
        });
        previous_split = split;
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(entry: i64, jury: Option<f64>, votes: i64, uploaded_at: i64) -> Candidate {
        Candidate { entry, jury, votes, uploaded_at }
    }

    fn weights(jury: f64, public: f64) -> Weights {
        Weights::new(jury, public).expect("valid weights")
    }

    fn assert_close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-12, "expected {expected}, got {actual}");
    }

    /// Checks entry, position, scaled scores, total and deciding tie-break of one row.
    fn assert_placed(p: &Placed, entry: i64, position: usize, scaled: (f64, f64), total: f64, by: Option<TieBreak>) {
        assert_eq!((p.entry, p.position, p.decided_by), (entry, position, by), "row {p:?}");
        assert_close(p.jury_scaled, scaled.0);
        assert_close(p.public_scaled, scaled.1);
        assert_close(p.total, total);
    }

    const ALL: [TieBreak; 3] = [TieBreak::Jury, TieBreak::PublicVotes, TieBreak::EarlierUpload];

    #[test]
    fn huge_weights_keep_their_ratio() {
        let w = Weights::new(f64::MAX, f64::MAX).unwrap();
        assert_eq!((w.jury, w.public), (0.5, 0.5));
        let w = Weights::new(f64::MIN_POSITIVE, 0.0).unwrap();
        assert_eq!((w.jury, w.public), (1.0, 0.0));
    }

    #[test]
    fn seventy_thirty_example() {
        // Jury range: min 4, max 8 -> scaled (j - 4) / 4.   Votes: max 100 -> scaled v / 100.
        // e1: jury 8 -> 1.0, votes 50 -> 0.5,  total 0.7*1.0 + 0.3*0.5  = 0.85
        // e2: jury 6 -> 0.5, votes 100 -> 1.0, total 0.7*0.5 + 0.3*1.0  = 0.65
        // e3: jury 4 -> 0.0, votes 0 -> 0.0,   total 0.0
        // e4: no jury -> 0.0, votes 25 -> 0.25, total 0.3*0.25 = 0.075
        let candidates = [
            candidate(3, Some(4.0), 0, 300),
            candidate(1, Some(8.0), 50, 100),
            candidate(4, None, 25, 400),
            candidate(2, Some(6.0), 100, 200),
        ];
        let ranking = final_ranking(&candidates, weights(0.7, 0.3), &ALL);
        assert_eq!(ranking.len(), 4);
        assert_placed(&ranking[0], 1, 1, (1.0, 0.5), 0.85, None);
        assert_placed(&ranking[1], 2, 2, (0.5, 1.0), 0.65, None);
        assert_placed(&ranking[2], 4, 3, (0.0, 0.25), 0.075, None);
        assert_placed(&ranking[3], 3, 4, (0.0, 0.0), 0.0, None);
    }

    /// e1 and e2 tie at 0.75 with 50/50 weights; e3 is last.
    /// Jury range 5..10: e1 10 -> 1.0, e2 7.5 -> 0.5, e3 5 -> 0.0. Votes max 100: e1 0.5, e2 1.0, e3 0.0.
    /// e1: 0.5*1.0 + 0.5*0.5 = 0.75;  e2: 0.5*0.5 + 0.5*1.0 = 0.75;  e3: 0.0.
    fn tied_pair() -> [Candidate; 3] {
        [candidate(1, Some(10.0), 50, 200), candidate(2, Some(7.5), 100, 100), candidate(3, Some(5.0), 0, 300)]
    }

    #[test]
    fn tie_on_total_broken_by_jury() {
        let ranking = final_ranking(&tied_pair(), weights(0.5, 0.5), &ALL);
        // Jury first: e1 (1.0) above e2 (0.5).
        assert_placed(&ranking[0], 1, 1, (1.0, 0.5), 0.75, Some(TieBreak::Jury));
        assert_placed(&ranking[1], 2, 2, (0.5, 1.0), 0.75, None);
        assert_placed(&ranking[2], 3, 3, (0.0, 0.0), 0.0, None);
    }

    #[test]
    fn same_tie_broken_by_public_votes_when_listed_first() {
        let tie_breaks = [TieBreak::PublicVotes, TieBreak::Jury];
        let ranking = final_ranking(&tied_pair(), weights(0.5, 0.5), &tie_breaks);
        // Votes first: e2 (100) above e1 (50).
        assert_placed(&ranking[0], 2, 1, (0.5, 1.0), 0.75, Some(TieBreak::PublicVotes));
        assert_placed(&ranking[1], 1, 2, (1.0, 0.5), 0.75, None);
        assert_placed(&ranking[2], 3, 3, (0.0, 0.0), 0.0, None);
    }

    #[test]
    fn equal_jury_falls_through_to_public_votes() {
        // Jury-only weights 1/0. Jury range 2..8: e1 8 -> 1.0, e2 8 -> 1.0, e3 2 -> 0.0. Votes max 30.
        // Totals 1.0, 1.0, 0.0; the Jury tie-break cannot separate e1/e2, PublicVotes does: e2 (30) > e1 (10).
        let candidates =
            [candidate(1, Some(8.0), 10, 100), candidate(2, Some(8.0), 30, 200), candidate(3, Some(2.0), 0, 50)];
        let ranking = final_ranking(&candidates, weights(1.0, 0.0), &ALL);
        assert_placed(&ranking[0], 2, 1, (1.0, 1.0), 1.0, Some(TieBreak::PublicVotes));
        assert_placed(&ranking[1], 1, 2, (1.0, 1.0 / 3.0), 1.0, None);
        assert_placed(&ranking[2], 3, 3, (0.0, 0.0), 0.0, None);
    }

    #[test]
    fn tie_within_epsilon_broken_by_earlier_upload() {
        // Jury-only. 0.1 + 0.2 = 0.30000000000000004, so the range is 0..0.30000000000000004:
        // e1: 0.3 / 0.30000000000000004 = 0.9999999999999998, e2: 1.0 -> differ by ~2e-16, equal within 1e-9
        // for both the total and the Jury tie-break; equal votes; e1 uploaded earlier (50 < 60).
        let candidates =
            [candidate(2, Some(0.1 + 0.2), 5, 60), candidate(1, Some(0.3), 5, 50), candidate(3, Some(0.0), 5, 10)];
        let ranking = final_ranking(&candidates, weights(1.0, 0.0), &ALL);
        assert_ne!(ranking[0].total, ranking[1].total);
        assert_placed(&ranking[0], 1, 1, (1.0, 1.0), 1.0, Some(TieBreak::EarlierUpload));
        assert_placed(&ranking[1], 2, 2, (1.0, 1.0), 1.0, None);
        assert_placed(&ranking[2], 3, 3, (0.0, 1.0), 0.0, None);
    }

    #[test]
    fn full_tie_shares_a_position() {
        // Jury-only. Jury range 1..9: e1 9 -> 1.0, e3 5 -> 0.5, e5 5 -> 0.5, e2 1 -> 0.0.
        // e3 and e5 are equal on every tie-break (0 votes, same upload): positions 1, 2, 2, 4, listed by id.
        let candidates = [
            candidate(5, Some(5.0), 0, 100),
            candidate(2, Some(1.0), 0, 100),
            candidate(3, Some(5.0), 0, 100),
            candidate(1, Some(9.0), 0, 100),
        ];
        let ranking = final_ranking(&candidates, weights(1.0, 0.0), &ALL);
        assert_placed(&ranking[0], 1, 1, (1.0, 0.0), 1.0, None);
        assert_placed(&ranking[1], 3, 2, (0.5, 0.0), 0.5, None);
        assert_placed(&ranking[2], 5, 2, (0.5, 0.0), 0.5, None);
        assert_placed(&ranking[3], 2, 4, (0.0, 0.0), 0.0, None);
    }

    #[test]
    fn without_tie_breaks_equal_totals_share_a_position() {
        // Same as tied_pair(): e1 and e2 both 0.75, no tie-breaks -> both position 1, then e3 at 3.
        let ranking = final_ranking(&tied_pair(), weights(0.5, 0.5), &[]);
        let rows: Vec<(i64, usize)> = ranking.iter().map(|p| (p.entry, p.position)).collect();
        assert_eq!(rows, vec![(1, 1), (2, 1), (3, 3)]);
        assert!(ranking.iter().all(|p| p.decided_by.is_none()));
    }

    #[test]
    fn weights_are_normalised() {
        let w = weights(7.0, 3.0);
        assert_close(w.jury, 0.7);
        assert_close(w.public, 0.3);
        let w = weights(0.0, 5.0);
        assert_eq!((w.jury, w.public), (0.0, 1.0));
        let w = weights(1.0, 1.0);
        assert_eq!((w.jury, w.public), (0.5, 0.5));
    }

    #[test]
    fn invalid_weights_are_refused() {
        assert!(Weights::new(-0.1, 1.0).is_err());
        assert!(Weights::new(1.0, -2.0).is_err());
        assert!(Weights::new(0.0, 0.0).is_err());
        assert!(Weights::new(f64::NAN, 1.0).is_err());
        assert!(Weights::new(1.0, f64::INFINITY).is_err());
    }

    #[test]
    fn no_jury_scores_at_all() {
        // Every jury_scaled is 0; votes max 80: e1 40 -> 0.5, e2 80 -> 1.0, e3 0 -> 0.0.
        // Totals: 0.3*0.5 = 0.15, 0.3*1.0 = 0.3, 0.0.
        let candidates = [candidate(1, None, 40, 1), candidate(2, None, 80, 2), candidate(3, None, 0, 3)];
        let ranking = final_ranking(&candidates, weights(0.7, 0.3), &ALL);
        assert_placed(&ranking[0], 2, 1, (0.0, 1.0), 0.3, None);
        assert_placed(&ranking[1], 1, 2, (0.0, 0.5), 0.15, None);
        assert_placed(&ranking[2], 3, 3, (0.0, 0.0), 0.0, None);
    }

    #[test]
    fn equal_jury_scores_scale_to_one_and_zero_votes_to_zero() {
        // Jury 6 and 6 -> both 1.0; e3 has none -> 0.0. All votes 0 -> public 0.0.
        // Totals 0.7, 0.7, 0.0; e1 and e2 equal on everything -> share position 1; e3 is third.
        let candidates = [candidate(2, Some(6.0), 0, 10), candidate(1, Some(6.0), 0, 10), candidate(3, None, 0, 5)];
        let ranking = final_ranking(&candidates, weights(0.7, 0.3), &ALL);
        assert_placed(&ranking[0], 1, 1, (1.0, 0.0), 0.7, None);
        assert_placed(&ranking[1], 2, 1, (1.0, 0.0), 0.7, None);
        assert_placed(&ranking[2], 3, 3, (0.0, 0.0), 0.0, None);
    }

    #[test]
    fn tie_break_names_round_trip() {
        assert_eq!(TieBreak::parse("jury"), Some(TieBreak::Jury));
        assert_eq!(TieBreak::parse("public_votes"), Some(TieBreak::PublicVotes));
        assert_eq!(TieBreak::parse("earlier_upload"), Some(TieBreak::EarlierUpload));
        assert_eq!(TieBreak::parse("random"), None);
        for t in ALL {
            assert_eq!(TieBreak::parse(t.as_str()), Some(t));
        }
    }

    #[test]
    fn no_candidates_gives_empty_ranking() {
        assert!(final_ranking(&[], weights(0.7, 0.3), &ALL).is_empty());
    }
}
