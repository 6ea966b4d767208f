//! Per-juror z-score normalisation, so a harsh and a generous juror weigh the same.

use std::collections::{BTreeMap, BTreeSet};

/// One juror's (already weighted) score of one entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RawScore {
    /// Juror id.
    pub juror: i64,
    /// Entry id.
    pub entry: i64,
    /// The score the juror gave.
    pub value: f64,
}

/// The normalised result for one entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Normalised {
    /// Entry id.
    pub entry: i64,
    /// Mean of the raw values given to this entry.
    pub raw_mean: f64,
    /// Mean of the per-juror z-scores given to this entry.
    pub z_mean: f64,
    /// Number of distinct jurors who scored this entry.
    pub jurors: usize,
}

/// Mean and population standard deviation of one juror's values.
#[derive(Debug, Clone, Copy)]
struct JurorStats {
    mean: f64,
    std_dev: f64,
}

impl JurorStats {
    /// Computes the statistics of a non-empty slice of values.
    fn of(values: &[f64]) -> JurorStats {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        let all_equal = values.iter().all(|v| *v == values[0]);
        let std_dev = if all_equal { 0.0 } else { variance.sqrt() };
        JurorStats { mean, std_dev }
    }

    /// The z-score of `value`; 0 when the juror's scores do not vary.
    fn z(self, value: f64) -> f64 {
        if self.std_dev == 0.0 { 0.0 } else { (value - self.mean) / self.std_dev }
    }
}

/// Running sums for one entry.
#[derive(Debug, Default)]
struct EntryAcc {
    raw_sum: f64,
    z_sum: f64,
    count: usize,
    jurors: BTreeSet<i64>,
}

/// Computes statistics for every juror from their values.
fn juror_stats(scores: &[RawScore]) -> BTreeMap<i64, JurorStats> {
    let mut values: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    for s in scores {
        values.entry(s.juror).or_default().push(s.value);
    }
    values.into_iter().map(|(juror, vals)| (juror, JurorStats::of(&vals))).collect()
}

/// Normalises each juror's scores to z-scores and aggregates them per entry.
///
/// For each juror, z = (v − μ) / σ with μ the mean and σ the population standard deviation of that
/// juror's values; a juror whose values are all equal (including a juror with a single score) gets z = 0
/// everywhere. The result has one row per scored entry, sorted by entry id ascending.
pub(crate) fn normalise(scores: &[RawScore]) -> Vec<Normalised> {
    let stats = juror_stats(scores);
    let mut entries: BTreeMap<i64, EntryAcc> = BTreeMap::new();
    for s in scores {
        let acc = entries.entry(s.entry).or_default();
        acc.raw_sum += s.value;
        acc.z_sum += stats[&s.juror].z(s.value);
        acc.count += 1;
        acc.jurors.insert(s.juror);
    }
    entries
        .into_iter()
        .map(|(entry, acc)| {
            let n = acc.count as f64;
            Normalised { entry, raw_mean: acc.raw_sum / n, z_mean: acc.z_sum / n, jurors: acc.jurors.len() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-9;

    fn score(juror: i64, entry: i64, value: f64) -> RawScore {
        RawScore { juror, entry, value }
    }

    fn assert_close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < EPS, "expected {expected}, got {actual}");
    }

    fn assert_row(row: &Normalised, entry: i64, raw_mean: f64, z_mean: f64, jurors: usize) {
        assert_eq!(row.entry, entry);
        assert_close(row.raw_mean, raw_mean);
        assert_close(row.z_mean, z_mean);
        assert_eq!(row.jurors, jurors);
    }

    #[test]
    fn harsh_and_generous_jurors_give_identical_z_scores() {
        // Harsh juror 1: 2, 4, 6 -> μ = 4, σ = sqrt((4 + 0 + 4) / 3) = sqrt(8/3) ≈ 1.6329932.
        // Generous juror 2: 6, 8, 10 -> μ = 8, same σ.
        // z = ∓2 / 1.6329932 = ∓1.2247449 (= ∓sqrt(3/2)) and 0 for both jurors.
        let scores = [score(1, 10, 2.0), score(1, 20, 4.0), score(1, 30, 6.0)];
        let harsh = normalise(&scores);
        let scores = [score(2, 10, 6.0), score(2, 20, 8.0), score(2, 30, 10.0)];
        let generous = normalise(&scores);
        let z = 1.224_744_871_391_589;
        assert_row(&harsh[0], 10, 2.0, -z, 1);
        assert_row(&harsh[1], 20, 4.0, 0.0, 1);
        assert_row(&harsh[2], 30, 6.0, z, 1);
        assert_row(&generous[0], 10, 6.0, -z, 1);
        assert_row(&generous[1], 20, 8.0, 0.0, 1);
        assert_row(&generous[2], 30, 10.0, z, 1);
    }

    #[test]
    fn harsh_and_generous_together_average_raw_but_agree_on_z() {
        // Both jurors from the test above on the same entries: raw means 4, 6, 8; z means -1.2247, 0, +1.2247.
        let scores = [
            score(1, 10, 2.0),
            score(1, 20, 4.0),
            score(1, 30, 6.0),
            score(2, 10, 6.0),
            score(2, 20, 8.0),
            score(2, 30, 10.0),
        ];
        let rows = normalise(&scores);
        let z = 1.224_744_871_391_589;
        assert_eq!(rows.len(), 3);
        assert_row(&rows[0], 10, 4.0, -z, 2);
        assert_row(&rows[1], 20, 6.0, 0.0, 2);
        assert_row(&rows[2], 30, 8.0, z, 2);
    }

    #[test]
    fn three_jurors_with_uneven_coverage() {
        // Juror 1: A(10)=2, B(20)=4             -> μ=3, σ=1        -> zA=-1, zB=+1
        // Juror 2: A=6, B=2, C(30)=6, D(40)=2   -> μ=4, σ=2        -> zA=+1, zB=-1, zC=+1, zD=-1
        // Juror 3: B=8, C=2, D=5                -> μ=5, σ=sqrt(6)  -> zB=3/sqrt(6)=1.2247449, zC=-1.2247449, zD=0
        // A: raw (2+6)/2 = 4,       z (-1+1)/2 = 0,                       2 jurors
        // B: raw (4+2+8)/3 = 14/3,  z (1-1+1.2247449)/3 = 0.4082483,      3 jurors
        // C: raw (6+2)/2 = 4,       z (1-1.2247449)/2 = -0.1123724,       2 jurors
        // D: raw (2+5)/2 = 3.5,     z (-1+0)/2 = -0.5,                    2 jurors
        let scores = [
            score(3, 40, 5.0),
            score(2, 30, 6.0),
            score(1, 20, 4.0),
            score(3, 20, 8.0),
            score(2, 10, 6.0),
            score(2, 40, 2.0),
            score(1, 10, 2.0),
            score(3, 30, 2.0),
            score(2, 20, 2.0),
        ];
        let rows = normalise(&scores);
        let z3 = 3.0 / 6f64.sqrt();
        assert_close(z3, 1.224_744_871_391_589);
        assert_eq!(rows.len(), 4);
        assert_row(&rows[0], 10, 4.0, 0.0, 2);
        assert_row(&rows[1], 20, 14.0 / 3.0, 0.408_248_290_463_863, 3);
        assert_row(&rows[2], 30, 4.0, -0.112_372_435_695_794_5, 2);
        assert_row(&rows[3], 40, 3.5, -0.5, 2);
    }

    #[test]
    fn constant_juror_gives_zero_z_scores() {
        // 0.1 * 3 / 3 is not exactly 0.1 in floating point; a naive σ would be ~3e-17 and z would be ±1.
        let scores = [score(7, 1, 0.1), score(7, 2, 0.1), score(7, 3, 0.1)];
        let rows = normalise(&scores);
        assert_eq!(rows.len(), 3);
        for (row, entry) in rows.iter().zip([1, 2, 3]) {
            assert_row(row, entry, 0.1, 0.0, 1);
        }
    }

    #[test]
    fn single_score_juror_gives_zero_z_score() {
        // Juror 5 scored only entry 9 with 7.5: σ = 0 so z = 0; raw mean 7.5.
        let rows = normalise(&[score(5, 9, 7.5)]);
        assert_eq!(rows.len(), 1);
        assert_row(&rows[0], 9, 7.5, 0.0, 1);
    }

    #[test]
    fn empty_input_gives_empty_output() {
        assert!(normalise(&[]).is_empty());
    }
}
