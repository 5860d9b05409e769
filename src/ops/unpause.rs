//! Unpause: lifts the pause of a paused template (`POST /{TEMPLATE_ID}/unpause`) in the
//! languages asked for. Never done by `apply`: unpausing sends a template Meta paused for its
//! quality or pacing back to users, which is a person's decision.

use anyhow::{Context, bail};

use super::connect::Connection;
use crate::graph::RemoteStatus;
use crate::graph::listing::list_account;
use crate::reconcile::filter::Selection;
use crate::reconcile::plan::status_of;
use crate::reconcile::unpause::{Readiness, readiness};

/// Which template: one name, in these languages (all when empty).
#[derive(Debug, Clone)]
pub struct UnpauseRequest {
    pub name: String,
    pub languages: Vec<String>,
}

/// What became of one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unpaused {
    Done,
    /// Not paused: left alone.
    NotPaused(RemoteStatus),
    /// Paused less than 5 minutes ago: refused before asking Meta, with the time it becomes
    /// possible (unix seconds).
    TooEarly(i64),
    /// Meta answered `success: false`, with its reason when it gave one.
    Refused(Option<String>),
    /// The request failed, or the answer was unclear.
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct UnpauseRow {
    pub name: String,
    pub language: String,
    pub id: String,
    pub result: Unpaused,
}

/// Lists the name's templates and unpauses each paused one whose wait is over.
pub async fn unpause(
    connection: &Connection,
    request: &UnpauseRequest,
) -> anyhow::Result<Vec<UnpauseRow>> {
    let waba_id = connection.waba_id()?.to_owned();
    let selection = Selection {
        names: vec![request.name.clone()],
        languages: request.languages.clone(),
    };
    let remote = list_account(&connection.client, &waba_id, &selection.list_scope())
        .await
        .with_context(|| format!("cannot list the templates of account {waba_id}"))?;
    let mut targets: Vec<_> = remote
        .iter()
        .filter(|r| r.name == request.name && selection.matches(&r.name, &r.language))
        .filter(|r| !status_of(r).is_gone())
        .collect();
    if targets.is_empty() {
        bail!(
            "no template named {}{} on account {waba_id}: `wabactl status --name {}` lists what \
             the account holds",
            request.name,
            if request.languages.is_empty() {
                String::new()
            } else {
                format!(" in {}", request.languages.join(", "))
            },
            request.name
        );
    }
    targets.sort_by(|a, b| a.language.cmp(&b.language));
    let now = crate::utc::now_secs();
    let mut rows = Vec::new();
    for remote in targets {
        let result = match readiness(remote, now) {
            Readiness::NotPaused(status) => Unpaused::NotPaused(status),
            Readiness::After(at) => Unpaused::TooEarly(at),
            Readiness::Now | Readiness::Unknown => {
                match connection.client.unpause_template(&remote.id).await {
                    Ok(answer) if answer.success => Unpaused::Done,
                    Ok(answer) => Unpaused::Refused(answer.reason),
                    Err(err) => Unpaused::Failed(err.to_string()),
                }
            }
        };
        rows.push(UnpauseRow {
            name: remote.name.clone(),
            language: remote.language.clone(),
            id: remote.id.clone(),
            result,
        });
    }
    Ok(rows)
}
