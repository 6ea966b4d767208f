//! The jury's rules and arithmetic: rounds and criteria, a round's count (per-juror
//! normalisation, Schulze ranking, recusals, late jurors), and the final mix of jury and public
//! with weights and tie-breaks.

pub(crate) mod final_ranking;
pub(crate) mod normalise;
pub(crate) mod round;
pub(crate) mod schulze;
pub(crate) mod tally;
