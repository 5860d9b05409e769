//! The writes of an apply and how each is settled: create and update here, deletes in
//! `delete.rs`, with what they share (the re-read after an unclear answer, how a unit ends).
//!
//! A write whose answer was unclear (`GraphError::is_ambiguous`) is followed by a re-read of
//! the account and the plan's own comparison: if the account holds the change it is done; if
//! not, the write is tried again (a bounded number of times). A create refused as a duplicate
//! (a concurrent apply won the race) is done when the account's copy is the one wanted.

use std::future::Future;
use std::time::Duration;

use super::outcome::Outcome;
use super::verify::{self, Found};
use crate::graph::error::{ErrorClass, human_duration};
use crate::graph::wire::{CreatedTemplate, RemoteTemplate};
use crate::graph::{GraphClient, GraphError};
use crate::reconcile::plan::EditRequest;
use crate::template::model::Template;

/// How a unit of work ended.
#[derive(Debug)]
pub enum End {
    /// The outcome of each change of the unit, by plan index.
    Finished(Vec<(usize, Outcome)>),
    /// Meta asked for a longer wait than the client waits: nothing was done.
    Throttled {
        wait: Duration,
        retry_at: String,
        message: String,
    },
}

/// Carries out writes against one account.
#[derive(Debug)]
pub struct Writer {
    pub client: GraphClient,
    pub waba_id: String,
    /// Attempts of one write when answers stay unclear, the first included (at least 1).
    pub write_attempts: u32,
}

impl Writer {
    /// The read that settles an unclear write. The report depends on it, so when it fails for
    /// a passing reason (throttling, a temporary error, a broken connection, retries used up)
    /// it is asked again, with the client's backoff, up to `write_attempts` times: each time
    /// with the client's own retries, like every other read.
    pub(super) async fn reread<T, F, Fut>(&self, read: F) -> Result<T, GraphError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, GraphError>>,
    {
        let mut round = 1;
        loop {
            match read().await {
                Ok(value) => return Ok(value),
                Err(err) if round < self.write_attempts && passing(&err) => {
                    let wait = self
                        .client
                        .retry_policy()
                        .backoff(round - 1, fastrand::f64());
                    tracing::info!(
                        round,
                        "re-reading the account after an unclear write failed ({}); again in {}",
                        err.summary(),
                        human_duration(wait)
                    );
                    tokio::time::sleep(wait).await;
                    round += 1;
                }
                Err(err) => return Err(err),
            }
        }
    }

    /// `POST /{WABA_ID}/message_templates`; after an unclear answer or a duplicate, the
    /// account decides.
    pub async fn create(&self, index: usize, request: &Template) -> End {
        let body = match serde_json::to_value(request) {
            Ok(body) => body,
            Err(err) => return failed(index, format!("cannot build the request: {err}")),
        };
        let mut last_unclear: Option<GraphError> = None;
        for attempt in 1..=self.write_attempts {
            let err = match self.client.create_template(&self.waba_id, &body).await {
                Ok(created) => return finished(index, created_outcome(created, &last_unclear)),
                Err(err) => err,
            };
            if let Some(end) = throttled(&err) {
                return end;
            }
            let duplicate = err.class() == Some(ErrorClass::Duplicate);
            if !err.is_ambiguous() && !duplicate {
                return failed(index, refusal(&err, request));
            }
            let unclear_before = last_unclear.is_some();
            if let Some(end) = self
                .settle_create(index, request, &err, duplicate, unclear_before)
                .await
            {
                return end;
            }
            tracing::info!(
                template = %request.name,
                language = %request.language,
                attempt,
                "not created by the unclear attempt; creating again"
            );
            last_unclear = Some(err);
        }
        let cause = last_unclear.map(|e| e.summary()).unwrap_or_default();
        failed(
            index,
            format!(
                "create {} ({}): {} attempts ended without a clear answer (last: {cause}), and \
                 the account does not hold it: run `wabactl apply` again",
                request.name, request.language, self.write_attempts
            ),
        )
    }

    /// After an unclear answer (`err`) or a duplicate, the account decides how the create
    /// ended; `None`: the account does not hold it, so it may be created again.
    async fn settle_create(
        &self,
        index: usize,
        request: &Template,
        err: &GraphError,
        duplicate: bool,
        unclear_before: bool,
    ) -> Option<End> {
        let same_name = match self
            .reread(|| {
                self.client
                    .list_templates_named(&self.waba_id, &request.name)
            })
            .await
        {
            Ok(same_name) => same_name,
            Err(read) => {
                return Some(failed(
                    index,
                    format!(
                        "{}. Re-reading the account to find out failed too ({}): run `wabactl \
                         apply` again; it reads the account first, so the template is not \
                         created twice",
                        describe(err),
                        read.summary()
                    ),
                ));
            }
        };
        let outcome = match verify::check_created(request, &same_name) {
            // Refused as a duplicate with no unclear attempt of ours before it: another run
            // created it. After an unclear attempt, that attempt may have, so it counts here.
            Found::Matches(remote) if duplicate && !unclear_before => Outcome::AlreadyOnAccount {
                id: Some(remote.id.clone()),
                status: remote.status.clone(),
                category: remote.category.clone(),
                note: "already on the account, as declared (created by another run)".into(),
            },
            Found::Matches(remote) => {
                let note = if duplicate {
                    "already on the account, as declared (created by this run's earlier \
                     unclear attempt, or by another run)"
                } else {
                    "confirmed on the account after an unclear answer"
                };
                done_from(&remote, note)
            }
            Found::Differs { what, .. } => Outcome::Failed {
                message: format!(
                    "{}. The account now holds a template with this name and language that \
                     {what} from the files: run `wabactl plan` to see it",
                    describe(err)
                ),
            },
            Found::Absent if duplicate => Outcome::Failed {
                message: format!(
                    "{err}. Yet no live copy is listed: run `wabactl plan` and apply again"
                ),
            },
            Found::Absent => return None,
        };
        Some(finished(index, outcome))
    }

    /// `POST /{TEMPLATE_ID}`; after an unclear answer the template is read back and compared.
    pub async fn update(&self, index: usize, id: &str, request: &EditRequest) -> End {
        let body = match serde_json::to_value(request) {
            Ok(body) => body,
            Err(err) => return failed(index, format!("cannot build the request: {err}")),
        };
        let mut last_unclear: Option<GraphError> = None;
        for attempt in 1..=self.write_attempts {
            let err = match self.client.edit_template(id, &body).await {
                Ok(_) => return finished(index, edited_outcome(id, request, &last_unclear)),
                Err(err) => err,
            };
            if let Some(end) = throttled(&err) {
                return end;
            }
            if let GraphError::Api(api) = &err
                && api.class == ErrorClass::EditQuota
            {
                let message = super::edit_limit::reached(api, crate::utc::now_secs());
                return failed(index, message);
            }
            if !err.is_ambiguous() {
                return failed(index, err.to_string());
            }
            if let Some(end) = self.settle_update(index, id, request, &err).await {
                return end;
            }
            tracing::info!(id, attempt, "the unclear edit did not take effect; again");
            last_unclear = Some(err);
        }
        let cause = last_unclear.map(|e| e.summary()).unwrap_or_default();
        failed(
            index,
            format!(
                "edit template {id}: {} attempts ended without a clear answer (last: {cause}), \
                 and the edit has not taken effect: run `wabactl apply` again",
                self.write_attempts
            ),
        )
    }

    /// After an unclear answer (`err`), the template read back decides how the edit ended;
    /// `None`: it has not taken effect and the template can still be edited, so edit again.
    async fn settle_update(
        &self,
        index: usize,
        id: &str,
        request: &EditRequest,
        err: &GraphError,
    ) -> Option<End> {
        let remote = match self.reread(|| self.client.get_template(id)).await {
            Ok(remote) => remote,
            Err(read) => {
                return Some(failed(
                    index,
                    format!(
                        "{}. Reading the template back failed too ({}): run `wabactl plan` to \
                         see whether the edit took effect",
                        describe(err),
                        read.summary()
                    ),
                ));
            }
        };
        let message = match verify::check_edited(request, &remote) {
            Found::Matches(remote) => {
                let note = "confirmed on the account after an unclear answer";
                return Some(finished(index, done_from(&remote, note)));
            }
            Found::Differs { editable: true, .. } => return None,
            Found::Differs { what, .. } => format!(
                "{}. The template {what} and cannot be edited in its current state: run \
                 `wabactl plan` to see it",
                describe(err)
            ),
            Found::Absent => format!(
                "{}. The template is no longer on the account",
                describe(err)
            ),
        };
        Some(failed(index, message))
    }
}

/// A create's refusal as shown; a bare 100 also names the name lock Meta does not report.
fn refusal(err: &GraphError, request: &Template) -> String {
    let bare = err
        .api()
        .is_some_and(|api| api.code() == 100 && api.subcode().is_none());
    if !bare {
        return err.to_string();
    }
    let hint = crate::reconcile::name_lock::unexplained_create_refusal(
        &request.name,
        &request.language,
        &Default::default(),
    );
    format!("{err}; {hint}")
}

fn created_outcome(created: CreatedTemplate, last_unclear: &Option<GraphError>) -> Outcome {
    let note = last_unclear.as_ref().map(|_| {
        "created on a later attempt, after an unclear answer and a check that the first attempt \
         had not created it"
            .to_owned()
    });
    Outcome::Done {
        id: Some(created.id),
        status: created.status,
        category: created.category,
        note,
    }
}

fn edited_outcome(id: &str, request: &EditRequest, last_unclear: &Option<GraphError>) -> Outcome {
    let note = last_unclear
        .as_ref()
        .map(|_| "edited on a later attempt, after an unclear answer".to_owned());
    Outcome::Done {
        id: Some(id.to_owned()),
        status: None,
        category: request.category.clone(),
        note,
    }
}

/// A read failure that may pass: asking again can bring the answer. A wait Meta asks for that
/// is longer than the client waits is not one (the report says when to run again).
fn passing(err: &GraphError) -> bool {
    match err {
        GraphError::GaveUp { .. } | GraphError::Transport { .. } | GraphError::Malformed { .. } => {
            true
        }
        GraphError::Api(api) => matches!(api.class, ErrorClass::Transient | ErrorClass::Throttled),
        _ => false,
    }
}

/// An unclear write in a few words, without the client's generic advice (the executor has
/// already done what it advises: re-read the account).
pub(super) fn describe(err: &GraphError) -> String {
    match err {
        GraphError::Ambiguous {
            operation, cause, ..
        } => format!("{operation}: no clear answer ({})", cause.summary()),
        other => other.to_string(),
    }
}

pub(super) fn finished(index: usize, outcome: Outcome) -> End {
    End::Finished(vec![(index, outcome)])
}

pub(super) fn failed(index: usize, message: String) -> End {
    finished(index, Outcome::Failed { message })
}

fn done_from(remote: &RemoteTemplate, note: &str) -> Outcome {
    Outcome::Done {
        id: Some(remote.id.clone()),
        status: remote.status.clone(),
        category: remote.category.clone(),
        note: Some(note.to_owned()),
    }
}

/// A wait asked for by Meta that is longer than the client waits: not done, come back later.
pub(super) fn throttled(err: &GraphError) -> Option<End> {
    match err {
        GraphError::ThrottledTooLong { wait, retry_at, .. } => Some(End::Throttled {
            wait: *wait,
            retry_at: retry_at.clone(),
            message: format!(
                "Meta's rate limit or creation quota is spent (access returns in about {})",
                human_duration(*wait)
            ),
        }),
        _ => None,
    }
}
