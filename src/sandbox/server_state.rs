//! What every sandbox route shares: the account behind its lock, the persister, the faults,
//! the call budget; and the checks of a path's version and account id, and of a JSON body.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::HeaderName;
use serde_json::Value;

use super::errors::{self, ErrorReply};
use super::faults::Faults;
use super::persist::Persister;
use super::review;
use super::state::AccountState;
use super::template_writes::Policy;
use super::uploads::MediaStore;

/// What every handler shares.
pub struct ServerState {
    pub token: String,
    pub phone_number_id: String,
    pub base_url: String,
    pub policy: Policy,
    pub account: Mutex<AccountState>,
    pub persist: Persister,
    pub faults: Faults,
    /// When each Graph call of the last hour arrived, for the call budget.
    pub calls: Mutex<VecDeque<Instant>>,
    /// Upload sessions and uploaded samples.
    pub media: MediaStore,
}

pub type AppState = Arc<ServerState>;

impl ServerState {
    fn lock(&self) -> MutexGuard<'_, AccountState> {
        self.account.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `op` on the account after any due reviews. When something changed, answers only
    /// once the change is saved (see [`Persister`]).
    pub(super) async fn transact<T>(
        &self,
        write: bool,
        op: impl FnOnce(&mut AccountState) -> Result<T, ErrorReply>,
    ) -> Result<T, ErrorReply> {
        let (outcome, generation) = {
            let mut account = self.lock();
            let reviewed = review::run_due(&mut account, &self.policy.review);
            let purged = account.purge_deleted(super::template_writes::NAME_LOCK_MS)
                | super::archival::purge_archived(&mut account);
            let outcome = op(&mut account);
            let changed = reviewed || purged || (write && outcome.is_ok());
            (outcome, changed.then(|| self.persist.changed()))
        };
        if let Some(generation) = generation {
            self.persist
                .saved(generation)
                .await
                .map_err(|_| errors::transient().with_message(1, "An unknown error occurred"))?;
        }
        outcome
    }

    /// Counts a Graph call against the rolling hour.
    pub(super) fn count_call(&self) {
        let now = Instant::now();
        let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        while calls
            .front()
            .is_some_and(|t| now.duration_since(*t) > Duration::from_secs(3600))
        {
            calls.pop_front();
        }
        calls.push_back(now);
    }

    /// `call_count` is the share of the call budget used, as Meta's rate-limiting page
    /// defines it: calls only. The creation quota is not a call budget; it is answered with
    /// 80008 when spent, never folded into this share.
    pub(super) fn usage_header(&self) -> (HeaderName, String) {
        let calls = self.calls.lock().unwrap_or_else(|e| e.into_inner()).len() as u64;
        let percent = (calls * 100)
            .checked_div(u64::from(self.policy.calls_per_hour))
            .unwrap_or(0)
            .min(100);
        (
            HeaderName::from_static("x-business-use-case-usage"),
            errors::usage_header(&self.policy.waba_id, percent, 0),
        )
    }
}

/// The newest Graph API version Meta has published (v26.0; Graph API changelog). A path with
/// a newer one is unknown to Meta. An older one is served: Meta's "Platform Versioning" page
/// says calls to a version no longer usable go to the oldest usable one.
const NEWEST_VERSION: u32 = 26;

/// `v25.0` and the like: `v` + major + `.0`, no newer than [`NEWEST_VERSION`].
pub(super) fn check_version(version: &str) -> Result<(), ErrorReply> {
    let valid = version
        .strip_prefix('v')
        .and_then(|v| v.strip_suffix(".0"))
        .filter(|major| !major.is_empty() && major.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|major| major.parse::<u32>().ok())
        .is_some_and(|major| major <= NEWEST_VERSION);
    if valid {
        Ok(())
    } else {
        Err(errors::unknown_path(&format!("/{version}/")))
    }
}

pub(super) fn json_body(bytes: &Bytes) -> Result<Value, ErrorReply> {
    serde_json::from_slice(bytes).map_err(|err| {
        errors::invalid_parameter(
            "Invalid request body",
            format!("The request body must be JSON (Content-Type: application/json): {err}."),
        )
    })
}

pub(super) fn check_waba(
    shared: &ServerState,
    method: &str,
    version: &str,
    id: &str,
) -> Result<(), ErrorReply> {
    check_version(version)?;
    if id == shared.policy.waba_id {
        Ok(())
    } else {
        Err(errors::unknown_object(method, id))
    }
}
