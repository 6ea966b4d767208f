//! The jury's rules and arithmetic: rounds and criteria, a round's count (per-juror
//! normalisation, Schulze ranking, recusals, late jurors), and the final mix of jury and public
//! with weights and tie-breaks.

pub mod final_ranking;
pub mod normalise;
pub mod round;
pub mod schulze;
pub mod tally;
