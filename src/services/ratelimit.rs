//! Rate limits for login and sign-in e-mail requests (per client address and per account), abuse
//! reports (per address), votes, and the thumbnails the server draws (per account).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use crate::error::AppError;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub(crate) struct RateLimits {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<String>,
    reports_per_ip: DefaultKeyedRateLimiter<IpAddr>,
    votes_per_ip: DefaultKeyedRateLimiter<IpAddr>,
    votes_per_account: DefaultKeyedRateLimiter<i64>,
    previews_per_account: DefaultKeyedRateLimiter<i64>,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self::new()
    }
}

/// Votes one address may cast per minute, unless the site says otherwise (loose: a carrier's
/// phones share addresses).
pub(crate) const VOTES_PER_IP_PER_MINUTE: u32 = 600;

impl RateLimits {
    pub(crate) fn new() -> Self {
        Self::with_votes_per_ip(VOTES_PER_IP_PER_MINUTE)
    }

    /// The limits, with `votes_per_ip` votes per minute from one address.
    pub(crate) fn with_votes_per_ip(votes_per_ip: u32) -> Self {
        // Loose per address (many phones share one carrier address), tight per account.
        let per_ip = Quota::per_minute(NonZeroU32::new(30).unwrap()).allow_burst(NonZeroU32::new(30).unwrap());
        let per_account = Quota::per_minute(NonZeroU32::new(5).unwrap()).allow_burst(NonZeroU32::new(5).unwrap());
        // Abuse reports: a few at once, then one every 5 minutes per address.
        let reports = Quota::with_period(Duration::from_secs(300)).unwrap().allow_burst(NonZeroU32::new(5).unwrap());
        RateLimits {
            per_ip: RateLimiter::keyed(per_ip),
            per_account: RateLimiter::keyed(per_account),
            reports_per_ip: RateLimiter::keyed(reports),
            // Votes: loose per address (many phones share a carrier's), tighter per account.
            votes_per_ip: RateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(votes_per_ip).unwrap_or(NonZeroU32::new(VOTES_PER_IP_PER_MINUTE).unwrap()),
            )),
            votes_per_account: RateLimiter::keyed(Quota::per_minute(NonZeroU32::new(30).unwrap())),
            // Thumbnails the server draws: a batch of photos at once, then one every 2 seconds.
            previews_per_account: RateLimiter::keyed(
                Quota::per_minute(NonZeroU32::new(30).unwrap()).allow_burst(NonZeroU32::new(30).unwrap()),
            ),
        }
    }

    /// Counts one authentication attempt for this address and account; refuses when over either limit.
    pub(crate) fn check_auth(&self, ip: IpAddr, account: &str) -> Result<(), AppError> {
        let ip_ok = self.per_ip.check_key(&ip).is_ok();
        let account_ok = self.per_account.check_key(&account.to_string()).is_ok();
        if ip_ok && account_ok { Ok(()) } else { Err(AppError::rate_limited()) }
    }

    /// Counts one sign-in attempt from this address only: what protects an account from a code
    /// typed wrong is counted in the database, for the cluster (see `accounts::verify_login_code`).
    pub(crate) fn check_auth_ip(&self, ip: IpAddr) -> Result<(), AppError> {
        self.per_ip.check_key(&ip).map_err(|_| AppError::rate_limited())
    }

    /// Counts one abuse report from this address; refuses when over the limit.
    pub(crate) fn check_report(&self, ip: IpAddr) -> Result<(), AppError> {
        self.reports_per_ip.check_key(&ip).map_err(|_| AppError::rate_limited())
    }

    /// Counts one vote from this address and account; refuses when over either limit.
    pub(crate) fn check_vote(&self, ip: IpAddr, account: i64) -> Result<(), AppError> {
        let ip_ok = self.votes_per_ip.check_key(&ip).is_ok();
        let account_ok = self.votes_per_account.check_key(&account).is_ok();
        if ip_ok && account_ok { Ok(()) } else { Err(AppError::rate_limited()) }
    }

    /// Counts one thumbnail drawn for this account; refuses when over the limit.
    pub(crate) fn check_preview(&self, account: i64) -> Result<(), AppError> {
        self.previews_per_account.check_key(&account).map_err(|_| AppError::rate_limited())
    }

    /// Forgets keys that are back to a full allowance (memory stays bounded).
    pub(crate) fn forget_idle(&self) {
        self.per_ip.retain_recent();
        self.per_account.retain_recent();
        self.reports_per_ip.retain_recent();
        self.votes_per_ip.retain_recent();
        self.votes_per_account.retain_recent();
        self.previews_per_account.retain_recent();
    }
}
