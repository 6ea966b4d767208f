//! Schulze (Condorcet) method for ranking rounds, with the matrices needed to explain the result.

use std::collections::{BTreeSet, HashMap};

/// The intermediate matrices of a Schulze count, for explaining a result.
///
/// Rows and columns follow the order of `candidates`: `preferences[i][j]` is the number of ballots ranking
/// `candidates[i]` strictly above `candidates[j]`, and `strongest[i][j]` the strength of the strongest path
/// from `candidates[i]` to `candidates[j]`. Diagonals are 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SchulzeDetail {
    /// Candidate ids, in the order given (duplicates removed).
    pub candidates: Vec<i64>,
    /// Pairwise preference counts d\[i\]\[j\].
    pub preferences: Vec<Vec<u32>>,
    /// Strongest-path strengths p\[i\]\[j\].
    pub strongest: Vec<Vec<u32>>,
}

/// Ranks `candidates` by the Schulze method.
///
/// `ballots`: each a juror's ranking, best first (entry ids). Candidates missing from a ballot rank below
/// all it lists, tied among themselves. Ids that are not candidates are ignored, as are repeated ids
/// (the first occurrence counts).
///
/// Returns tiers: the winners first; candidates in one tier are tied. Every candidate appears exactly once;
/// ids within a tier ascending.
#[cfg(test)]
pub(crate) fn schulze(candidates: &[i64], ballots: &[Vec<i64>]) -> Vec<Vec<i64>> {
    schulze_detail(candidates, ballots).0
}

/// Like [`schulze`], also returning the pairwise preference and strongest-path matrices.
#[cfg(test)]
pub(crate) fn schulze_detail(candidates: &[i64], ballots: &[Vec<i64>]) -> (Vec<Vec<i64>>, SchulzeDetail) {
    let ballots: Vec<Ballot> = ballots.iter().map(|b| Ballot { ranked: b.clone(), abstains: Vec::new() }).collect();
    schulze_ballots(candidates, &ballots)
}

/// A juror's ranking (best first) and the candidates the juror expresses nothing about (recused
/// from them): those are neither above nor below any other on this ballot.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Ballot {
    pub ranked: Vec<i64>,
    pub abstains: Vec<i64>,
}

/// Like [`schulze_detail`], with ballots that may abstain on some candidates.
pub(crate) fn schulze_ballots(candidates: &[i64], ballots: &[Ballot]) -> (Vec<Vec<i64>>, SchulzeDetail) {
    let candidates = dedup(candidates);
    let preferences = preference_matrix(&candidates, ballots);
    let strongest = strongest_paths(&preferences);
    let tiers = tiers(&candidates, &strongest);
    (tiers, SchulzeDetail { candidates, preferences, strongest })
}

/// Removes repeated ids, keeping the first occurrence of each.
fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut seen = BTreeSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

/// Converts a ballot to candidate indices, dropping unknown and repeated ids.
fn ballot_indices(ballot: &[i64], index: &HashMap<i64, usize>) -> Vec<usize> {
    let mut seen = BTreeSet::new();
    ballot.iter().filter_map(|id| index.get(id).copied()).filter(|i| seen.insert(*i)).collect()
}

/// Builds d\[i\]\[j\] = number of ballots ranking candidate i strictly above candidate j.
fn preference_matrix(candidates: &[i64], ballots: &[Ballot]) -> Vec<Vec<u32>> {
    let n = candidates.len();
    let index: HashMap<i64, usize> = candidates.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut d = vec![vec![0u32; n]; n];
    for ballot in ballots {
        let mut listed = vec![false; n];
        for i in ballot.abstains.iter().filter_map(|id| index.get(id)) {
            listed[*i] = true;
        }
        let ranked: Vec<usize> = ballot_indices(&ballot.ranked, &index).into_iter().filter(|&i| !listed[i]).collect();
        for (pos, &i) in ranked.iter().enumerate() {
            for &j in &ranked[pos + 1..] {
                d[i][j] += 1;
            }
            listed[i] = true;
        }
        for &i in &ranked {
            for j in (0..n).filter(|&j| !listed[j]) {
                d[i][j] += 1;
            }
        }
    }
    d
}

/// Computes strongest-path strengths with the widest-path Floyd–Warshall variant.
///
/// A direct link i→j exists only if d\[i\]\[j\] > d\[j\]\[i\], with strength d\[i\]\[j\].
fn strongest_paths(d: &[Vec<u32>]) -> Vec<Vec<u32>> {
    let n = d.len();
    let mut p = vec![vec![0u32; n]; n];
    for i in 0..n {
        for j in 0..n {
            if i != j && d[i][j] > d[j][i] {
                p[i][j] = d[i][j];
            }
        }
    }
    for k in 0..n {
        for i in (0..n).filter(|&i| i != k) {
            for j in (0..n).filter(|&j| j != k && j != i) {
                p[i][j] = p[i][j].max(p[i][k].min(p[k][j]));
            }
        }
    }
    p
}

/// Splits candidates into tiers: repeatedly, the remaining candidates beaten by no other remaining one.
fn tiers(candidates: &[i64], p: &[Vec<u32>]) -> Vec<Vec<i64>> {
    let mut remaining: Vec<usize> = (0..candidates.len()).collect();
    let mut result = Vec::new();
    while !remaining.is_empty() {
        let unbeaten = |&i: &usize| !remaining.iter().any(|&j| p[j][i] > p[i][j]);
        let (mut top, mut rest): (Vec<usize>, Vec<usize>) = remaining.iter().partition(|i| unbeaten(i));
        if top.is_empty() {
            // Cannot happen (the Schulze relation is transitive); guards against an endless loop.
            std::mem::swap(&mut top, &mut rest);
        }
        let mut tier: Vec<i64> = top.iter().map(|&i| candidates[i]).collect();
        tier.sort_unstable();
        result.push(tier);
        remaining = rest;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: i64 = 1;
    const B: i64 = 2;
    const C: i64 = 3;
    const D: i64 = 4;
    const E: i64 = 5;

    /// Repeats `ballot` `count` times.
    fn times(count: usize, ballot: &[i64]) -> Vec<Vec<i64>> {
        vec![ballot.to_vec(); count]
    }

    /// The 45-voter example of the Wikipedia article "Schulze method".
    fn wikipedia_ballots() -> Vec<Vec<i64>> {
        [
            times(5, &[A, C, B, E, D]),
            times(5, &[A, D, E, C, B]),
            times(8, &[B, E, D, A, C]),
            times(3, &[C, A, B, E, D]),
            times(7, &[C, A, E, B, D]),
            times(2, &[C, B, A, D, E]),
            times(7, &[D, C, E, B, A]),
            times(8, &[E, B, A, D, C]),
        ]
        .concat()
    }

    #[test]
    fn wikipedia_example_ranks_e_a_c_b_d() {
        let ballots = wikipedia_ballots();
        assert_eq!(ballots.len(), 45);
        let tiers = schulze(&[A, B, C, D, E], &ballots);
        assert_eq!(tiers, vec![vec![E], vec![A], vec![C], vec![B], vec![D]]);
    }

    #[test]
    fn wikipedia_example_matrices_match_the_article() {
        let (_, detail) = schulze_detail(&[A, B, C, D, E], &wikipedia_ballots());
        assert_eq!(detail.candidates, vec![A, B, C, D, E]);
        // d[A][B] = 20: ACBED 5 + ADECB 5 + CABED 3 + CAEBD 7.
        // d[B][A] = 25: BEDAC 8 + CBADE 2 + DCEBA 7 + EBADC 8.
        let d = vec![
            vec![0, 20, 26, 30, 22],
            vec![25, 0, 16, 33, 18],
            vec![19, 29, 0, 17, 24],
            vec![15, 12, 28, 0, 14],
            vec![23, 27, 21, 31, 0],
        ];
        assert_eq!(detail.preferences, d);
        // p[A][B] = 28 via A→D (30) → C (28) → B (29); p[B][A] = 25 (direct link).
        let p = vec![
            vec![0, 28, 28, 30, 24],
            vec![25, 0, 28, 33, 24],
            vec![25, 29, 0, 29, 24],
            vec![25, 28, 28, 0, 24],
            vec![25, 28, 28, 31, 0],
        ];
        assert_eq!(detail.strongest, p);
        assert_eq!(detail.strongest[0][1], 28);
        assert_eq!(detail.strongest[1][0], 25);
        // E beats A: p[E][A] = 25 > p[A][E] = 24.
        assert_eq!((detail.strongest[4][0], detail.strongest[0][4]), (25, 24));
    }

    #[test]
    fn condorcet_cycle_with_equal_strengths_is_one_tie_tier() {
        // ABC, BCA, CAB: A>B 2:1, B>C 2:1, C>A 2:1, so every strongest path has strength 2.
        let ballots = vec![vec![A, B, C], vec![B, C, A], vec![C, A, B]];
        let (tiers, detail) = schulze_detail(&[C, A, B], &ballots);
        assert_eq!(tiers, vec![vec![A, B, C]]);
        // Order C, A, B: d[C][A] = 2, d[A][C] = 1, d[A][B] = 2, d[B][A] = 1, d[B][C] = 2, d[C][B] = 1.
        assert_eq!(detail.preferences, vec![vec![0, 2, 1], vec![1, 0, 2], vec![2, 1, 0]]);
        assert_eq!(detail.strongest, vec![vec![0, 2, 2], vec![2, 0, 2], vec![2, 2, 0]]);
    }

    #[test]
    fn partial_ballots_unknown_ids_and_duplicates() {
        // Ballots over 10, 20, 30:
        //   [10]          -> 10>20, 10>30
        //   [20, 10]      -> 20>10, 20>30, 10>30
        //   [10, 99, 10]  -> 99 is no candidate, the second 10 is a duplicate: same as [10]
        //   [30]          -> 30>10, 30>20
        // d[10][20] = 2, d[20][10] = 1; d[10][30] = 3, d[30][10] = 1; d[20][30] = 1 = d[30][20].
        // Links 10→20 (2) and 10→30 (3); 20 and 30 have no link and no path between them: tied.
        let ballots = vec![vec![10], vec![20, 10], vec![10, 99, 10], vec![30]];
        let (tiers, detail) = schulze_detail(&[30, 20, 10], &ballots);
        assert_eq!(tiers, vec![vec![10], vec![20, 30]]);
        assert_eq!(detail.candidates, vec![30, 20, 10]);
        assert_eq!(detail.preferences, vec![vec![0, 1, 1], vec![1, 0, 1], vec![3, 2, 0]]);
        assert_eq!(detail.strongest, vec![vec![0, 0, 0], vec![0, 0, 0], vec![3, 2, 0]]);
    }

    #[test]
    fn unbeaten_candidates_share_the_top_tier() {
        // Ballots [1, 2, 3] and [3, 1, 2]:
        // d[1][2] = 2, d[2][1] = 0; d[1][3] = 1 = d[3][1]; d[2][3] = 1 = d[3][2].
        // Only link: 1→2 (2). Nobody beats 1 or 3, so the first tier is {1, 3}, then {2}.
        let ballots = vec![vec![1, 2, 3], vec![3, 1, 2]];
        let (tiers, detail) = schulze_detail(&[1, 2, 3], &ballots);
        assert_eq!(detail.preferences, vec![vec![0, 2, 1], vec![0, 0, 1], vec![1, 1, 0]]);
        assert_eq!(detail.strongest, vec![vec![0, 2, 0], vec![0, 0, 0], vec![0, 0, 0]]);
        assert_eq!(tiers, vec![vec![1, 3], vec![2]]);
    }

    #[test]
    fn single_candidate_is_the_only_tier() {
        let (tiers, detail) = schulze_detail(&[7], &[vec![7], vec![8, 7]]);
        assert_eq!(tiers, vec![vec![7]]);
        assert_eq!(detail.preferences, vec![vec![0]]);
        assert_eq!(detail.strongest, vec![vec![0]]);
    }

    #[test]
    fn no_ballots_ties_everyone() {
        let tiers = schulze(&[3, 1, 2], &[]);
        assert_eq!(tiers, vec![vec![1, 2, 3]]);
    }

    #[test]
    fn duplicate_candidates_appear_once() {
        // [2, 1] twice: d[2][1] = 2, d[1][2] = 0, so 2 wins.
        let tiers = schulze(&[1, 2, 1], &[vec![2, 1], vec![2, 1]]);
        assert_eq!(tiers, vec![vec![2], vec![1]]);
    }

    #[test]
    fn no_candidates_gives_no_tiers() {
        assert!(schulze(&[], &[vec![1, 2]]).is_empty());
    }
}
