//! A round's count: each juror's progress, which marks count (recusals, the rule for late
//! jurors), each entry's result by the round's method, its position, and the quorum check.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::normalise::{RawScore, normalise};
use super::round::{Method, MissingRule};
use super::schulze::{Ballot, SchulzeDetail, schulze_ballots};

/// Two results closer than this are equal.
const EPSILON: f64 = 1e-9;

/// One stored mark: criterion 0 for yes/no (1 yes, 0 no) and ranking (value = position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mark {
    pub juror: i64,
    pub entry: i64,
    pub criterion: i64,
    pub value: i64,
}

/// Everything a round's count needs.
#[derive(Debug, Clone)]
pub(crate) struct RoundInput<'a> {
    pub method: Method,
    /// The round's shortlist.
    pub entries: &'a [i64],
    pub jurors: &'a [i64],
    /// Criterion id and weight (criteria method).
    pub criteria: &'a [(i64, f64)],
    pub marks: &'a [Mark],
    /// (entry, juror): the juror declared a conflict of interest on the entry.
    pub recusals: &'a [(i64, i64)],
    /// The rule for late jurors; an open round is counted as if closed on `AverageScored`.
    pub rule: MissingRule,
    pub quorum: u32,
}

/// How far one juror is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Progress {
    pub juror: i64,
    /// Entries fully marked (ranking: places filled).
    pub done: usize,
    /// Entries to mark, recusals left out (ranking: places to fill).
    pub total: usize,
    pub recused: usize,
}

impl Progress {
    pub(crate) fn complete(&self) -> bool {
        self.done >= self.total
    }
}

/// One entry's result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub entry: i64,
    /// 1-based; equal results share a position.
    pub position: usize,
    /// Jurors whose marks count on this entry.
    pub jurors: usize,
    /// Criteria: mean weighted score (1–10). Yes/no: share of yes (0–1).
    pub raw_mean: Option<f64>,
    /// Criteria: mean of the jurors' z-scores.
    pub normalised: Option<f64>,
    pub yes: usize,
    pub no: usize,
    /// Ranking: Schulze tier, 1 best.
    pub tier: Option<usize>,
    /// The value the position comes from, higher better (z-score, share of yes, or the tier scaled
    /// to 1 for the first and 0 for the last); absent when no mark counts.
    pub key: Option<f64>,
}

/// A round's count.
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    /// Best first.
    pub lines: Vec<Line>,
    pub progress: Vec<Progress>,
    /// Jurors whose marks count under the rule.
    pub counted_jurors: Vec<i64>,
    /// Entries on which fewer jurors than the quorum count.
    pub below_quorum: Vec<i64>,
    /// Ranking rounds: the pairwise matrices.
    pub schulze: Option<SchulzeDetail>,
}

impl Tally {
    /// The next round's shortlist: the first `n` positions, every entry tied at the cut included;
    /// `n = 0` takes them all.
    pub(crate) fn top(&self, n: u32) -> Vec<i64> {
        self.lines.iter().filter(|l| n == 0 || l.position <= n as usize).map(|l| l.entry).collect()
    }
}

/// Whether a juror's marks on one entry are complete: every criterion scored (criteria rounds),
/// else the one mark (criterion 0) given. `marked(c)` says whether criterion `c` has a mark.
pub(crate) fn complete(method: Method, criteria: &[i64], marked: impl Fn(i64) -> bool) -> bool {
    match method {
        Method::Criteria => criteria.iter().all(|c| marked(*c)),
        _ => marked(0),
    }
}

/// Counts a round.
pub(crate) fn tally(input: &RoundInput<'_>) -> Tally {
    let shortlist: BTreeSet<i64> = input.entries.iter().copied().collect();
    let recused: HashSet<(i64, i64)> = input.recusals.iter().copied().collect();
    let criteria: Vec<i64> = input.criteria.iter().map(|(id, _)| *id).collect();
    // Marks that stand: on the shortlist, by a juror of the round, not recused.
    let jurors: BTreeSet<i64> = input.jurors.iter().copied().collect();
    let mut by_pair: BTreeMap<(i64, i64), BTreeMap<i64, i64>> = BTreeMap::new();
    for m in input.marks {
        if shortlist.contains(&m.entry) && jurors.contains(&m.juror) && !recused.contains(&(m.entry, m.juror)) {
            by_pair.entry((m.juror, m.entry)).or_default().insert(m.criterion, m.value);
        }
    }
    let full = |marks: &BTreeMap<i64, i64>| complete(input.method, &criteria, |c| marks.contains_key(&c));
    let progress: Vec<Progress> = jurors
        .iter()
        .map(|&j| {
            let recused_n = shortlist.iter().filter(|e| recused.contains(&(**e, j))).count();
            let eligible = shortlist.len() - recused_n;
            let done = shortlist.iter().filter(|e| by_pair.get(&(j, **e)).is_some_and(full)).count();
            let total = match input.method {
                Method::Ranking { top_n } => eligible.min(top_n as usize),
                _ => eligible,
            };
            Progress { juror: j, done: done.min(total), total, recused: recused_n }
        })
        .collect();
    let counted: BTreeSet<i64> =
        progress.iter().filter(|p| input.rule == MissingRule::AverageScored || p.complete()).map(|p| p.juror).collect();
    let counts = |j: &i64, e: &i64| counted.contains(j) && by_pair.get(&(*j, *e)).is_some_and(full);

    let mut lines: Vec<Line> = Vec::with_capacity(shortlist.len());
    let mut schulze = None;
    match input.method {
        Method::Criteria => {
            let total_weight: f64 = input.criteria.iter().map(|(_, w)| w).sum();
            let mut raw = Vec::new();
            for ((j, e), marks) in &by_pair {
                if counts(j, e) {
                    let sum: f64 = input.criteria.iter().map(|(c, w)| w * marks[c] as f64).sum();
                    raw.push(RawScore { juror: *j, entry: *e, value: sum / total_weight });
                }
            }
            let normalised: BTreeMap<i64, _> = normalise(&raw).into_iter().map(|n| (n.entry, n)).collect();
            for &e in &shortlist {
                let n = normalised.get(&e);
                lines.push(Line {
                    jurors: n.map_or(0, |n| n.jurors),
                    raw_mean: n.map(|n| n.raw_mean),
                    normalised: n.map(|n| n.z_mean),
                    key: n.map(|n| n.z_mean),
                    ..Line::empty(e)
                });
            }
        }
        Method::YesNo => {
            for &e in &shortlist {
                let given: Vec<i64> = counted.iter().filter(|j| counts(j, &e)).map(|j| by_pair[&(*j, e)][&0]).collect();
                let yes = given.iter().filter(|v| **v > 0).count();
                let share = (!given.is_empty()).then(|| yes as f64 / given.len() as f64);
                lines.push(Line {
                    jurors: given.len(),
                    yes,
                    no: given.len() - yes,
                    raw_mean: share,
                    key: share,
                    ..Line::empty(e)
                });
            }
        }
        Method::Ranking { .. } => {
            let candidates: Vec<i64> = shortlist.iter().copied().collect();
            let mut ballots = Vec::new();
            for &j in &counted {
                let mut ranked: Vec<(i64, i64)> = shortlist
                    .iter()
                    .filter_map(|e| by_pair.get(&(j, *e)).and_then(|m| m.get(&0)).map(|p| (*p, *e)))
                    .collect();
                if ranked.is_empty() {
                    continue;
                }
                ranked.sort_unstable();
                let abstains = shortlist.iter().copied().filter(|e| recused.contains(&(*e, j))).collect();
                ballots.push((j, Ballot { ranked: ranked.into_iter().map(|(_, e)| e).collect(), abstains }));
            }
            let only: Vec<Ballot> = ballots.iter().map(|(_, b)| b.clone()).collect();
            let (tiers, detail) = schulze_ballots(&candidates, &only);
            let last = tiers.len().saturating_sub(1).max(1) as f64;
            for (t, tier) in tiers.iter().enumerate() {
                for &e in tier {
                    let jurors = ballots.iter().filter(|(_, b)| !b.abstains.contains(&e)).count();
                    lines.push(Line {
                        jurors,
                        tier: Some(t + 1),
                        key: (jurors > 0).then(|| 1.0 - t as f64 / last),
                        ..Line::empty(e)
                    });
                }
            }
            schulze = Some(detail);
        }
    }
    place(&mut lines);
    let below_quorum = lines.iter().filter(|l| l.jurors < input.quorum as usize).map(|l| l.entry).collect();
    Tally { lines, progress, counted_jurors: counted.into_iter().collect(), below_quorum, schulze }
}

impl Line {
    fn empty(entry: i64) -> Line {
        Line { entry, position: 0, jurors: 0, raw_mean: None, normalised: None, yes: 0, no: 0, tier: None, key: None }
    }
}

/// Sorts best first (no result last, then by entry id) and numbers the positions, ties sharing one.
fn place(lines: &mut [Line]) {
    let cmp = |a: &Option<f64>, b: &Option<f64>| match (a, b) {
        (Some(x), Some(y)) if (x - y).abs() < EPSILON => Ordering::Equal,
        (Some(x), Some(y)) => y.total_cmp(x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    lines.sort_by(|a, b| cmp(&a.key, &b.key).then(a.entry.cmp(&b.entry)));
    for i in 0..lines.len() {
        lines[i].position = if i > 0 && cmp(&lines[i - 1].key, &lines[i].key) == Ordering::Equal {
            lines[i - 1].position
        } else {
            i + 1
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(juror: i64, entry: i64, criterion: i64, value: i64) -> Mark {
        Mark { juror, entry, criterion, value }
    }

    fn input<'a>(
        method: Method,
        entries: &'a [i64],
        jurors: &'a [i64],
        criteria: &'a [(i64, f64)],
        marks: &'a [Mark],
        recusals: &'a [(i64, i64)],
    ) -> RoundInput<'a> {
        RoundInput { method, entries, jurors, criteria, marks, recusals, rule: MissingRule::AverageScored, quorum: 1 }
    }

    #[test]
    fn criteria_are_mixed_by_their_weights_then_normalised_per_juror() {
        // Criterion 1 weighs 3, criterion 2 weighs 1. Juror 7 gives entry 1: (8, 4) → (24 + 4) / 4 = 7;
        // entry 2: (6, 10) → (18 + 10) / 4 = 7; entry 3: (2, 2) → 2. Mean 16/3, σ = sqrt(50/9) = 2.357.
        let marks = [m(7, 1, 1, 8), m(7, 1, 2, 4), m(7, 2, 1, 6), m(7, 2, 2, 10), m(7, 3, 1, 2), m(7, 3, 2, 2)];
        let t = tally(&input(Method::Criteria, &[1, 2, 3], &[7], &[(1, 3.0), (2, 1.0)], &marks, &[]));
        let l1 = t.lines.iter().find(|l| l.entry == 1).unwrap();
        assert!((l1.raw_mean.unwrap() - 7.0).abs() < 1e-9);
        assert!((l1.normalised.unwrap() - (7.0 - 16.0 / 3.0) / (50.0f64 / 9.0).sqrt()).abs() < 1e-9);
        // Entries 1 and 2 are equal: they share position 1; entry 3 is third.
        assert_eq!(t.lines.iter().map(|l| (l.entry, l.position)).collect::<Vec<_>>(), vec![(1, 1), (2, 1), (3, 3)]);
        assert_eq!(t.progress, vec![Progress { juror: 7, done: 3, total: 3, recused: 0 }]);
    }

    #[test]
    fn a_partly_scored_entry_does_not_count_and_is_not_done() {
        let marks = [m(7, 1, 1, 8), m(7, 2, 1, 6), m(7, 2, 2, 10)];
        let t = tally(&input(Method::Criteria, &[1, 2], &[7], &[(1, 1.0), (2, 1.0)], &marks, &[]));
        assert_eq!(t.progress[0].done, 1);
        assert_eq!(t.lines.iter().find(|l| l.entry == 1).unwrap().jurors, 0);
    }

    #[test]
    fn late_jurors_are_ignored_or_averaged_as_staff_chose() {
        // Jurors 1 and 2 score both entries; juror 3 scored only entry 10, very low.
        let marks = [m(1, 10, 1, 8), m(1, 20, 1, 6), m(2, 10, 1, 7), m(2, 20, 1, 5), m(3, 10, 1, 1)];
        let mut i = input(Method::Criteria, &[10, 20], &[1, 2, 3], &[(1, 1.0)], &marks, &[]);
        i.rule = MissingRule::IgnoreLate;
        let ignore = tally(&i);
        assert_eq!(ignore.counted_jurors, vec![1, 2]);
        let l10 = ignore.lines.iter().find(|l| l.entry == 10).unwrap();
        assert_eq!((l10.jurors, l10.raw_mean), (2, Some(7.5)));
        i.rule = MissingRule::AverageScored;
        let average = tally(&i);
        assert_eq!(average.counted_jurors, vec![1, 2, 3]);
        let l10 = average.lines.iter().find(|l| l.entry == 10).unwrap();
        // (8 + 7 + 1) / 3; juror 3's single score has no spread, so its z-score is 0.
        assert_eq!(l10.jurors, 3);
        assert!((l10.raw_mean.unwrap() - 16.0 / 3.0).abs() < 1e-9);
        assert!((l10.normalised.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        // Quorum 3: entry 20 has only two jurors.
        i.quorum = 3;
        assert_eq!(tally(&i).below_quorum, vec![20]);
    }

    #[test]
    fn a_recusal_neither_counts_nor_penalises() {
        // Juror 2 knows the author of entry 1: their “no” does not count; entry 1 stands on juror 1's “yes”.
        let marks = [m(1, 1, 0, 1), m(1, 2, 0, 0), m(2, 1, 0, 0), m(2, 2, 0, 0)];
        let t = tally(&input(Method::YesNo, &[1, 2], &[1, 2], &[], &marks, &[(1, 2)]));
        let l1 = t.lines.iter().find(|l| l.entry == 1).unwrap();
        assert_eq!((l1.yes, l1.no, l1.raw_mean, l1.position), (1, 0, Some(1.0), 1));
        let l2 = t.lines.iter().find(|l| l.entry == 2).unwrap();
        assert_eq!((l2.yes, l2.no, l2.raw_mean, l2.position), (0, 2, Some(0.0), 2));
        assert_eq!(t.progress[1], Progress { juror: 2, done: 1, total: 1, recused: 1 });
    }

    #[test]
    fn ranking_rounds_count_by_schulze_and_a_recused_juror_abstains() {
        // Three jurors rank a top 2 of entries 1, 2, 3.
        // J1: 1 > 2 (> 3). J2: 2 > 1 (> 3). J3 is recused from 1: 2 > 3, silent on 1.
        // d[1][2] = 1, d[2][1] = 1 → no link; d[1][3] = 2, d[2][3] = 3. Winners 1 and 2 tie, then 3.
        let marks = [m(1, 1, 0, 1), m(1, 2, 0, 2), m(2, 2, 0, 1), m(2, 1, 0, 2), m(3, 2, 0, 1), m(3, 3, 0, 2)];
        let t = tally(&input(Method::Ranking { top_n: 2 }, &[1, 2, 3], &[1, 2, 3], &[], &marks, &[(1, 3)]));
        let d = t.schulze.as_ref().unwrap();
        assert_eq!(d.preferences[0][1], 1);
        assert_eq!(d.preferences[1][0], 1, "the recused juror expresses nothing about entry 1");
        assert_eq!(d.preferences[1][2], 3);
        assert_eq!(
            t.lines.iter().map(|l| (l.entry, l.tier, l.position)).collect::<Vec<_>>(),
            vec![(1, Some(1), 1), (2, Some(1), 1), (3, Some(2), 3)]
        );
        assert_eq!(t.lines[0].jurors, 2);
        assert_eq!(t.top(1), vec![1, 2], "entries tied at the cut both go through");
        assert_eq!(t.progress[2], Progress { juror: 3, done: 2, total: 2, recused: 1 });
    }

    #[test]
    fn marks_off_the_shortlist_or_by_outsiders_are_ignored() {
        let marks = [m(1, 1, 0, 1), m(9, 1, 0, 0), m(1, 5, 0, 0)];
        let t = tally(&input(Method::YesNo, &[1], &[1], &[], &marks, &[]));
        assert_eq!(t.lines.len(), 1);
        assert_eq!((t.lines[0].yes, t.lines[0].no), (1, 0));
    }
}
