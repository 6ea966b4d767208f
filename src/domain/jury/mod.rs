//! Jury results arithmetic: per-juror normalisation, Schulze ranking, and the final mix of jury
//! and public with weights and tie-breaks.

pub mod final_ranking;
pub mod normalise;
pub mod schulze;
