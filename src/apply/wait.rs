//! `apply --wait`: polls the review status of the templates just applied until none is
//! PENDING (or the timeout passes), and says how review ended for each: approved, rejected
//! with Meta's reason, or re-categorised (previous → new category).

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

use super::outcome::{Outcome, Report, ReviewOutcome, ReviewReport, Verdict};
use crate::graph::wire::RemoteTemplate;
use crate::graph::{GraphClient, RemoteStatus};
use crate::reconcile::plan::{Action, Kind, Plan, status_of};

/// Above this many templates one list of the account is cheaper than one read per template.
const GET_EACH_UP_TO: usize = 10;

/// A template whose review is awaited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    pub name: String,
    pub language: String,
    pub id: String,
    /// The category asked for, to tell a re-categorisation.
    pub category: Option<String>,
}

/// The templates a report created or updated, with their ids.
pub fn watched(plan: &Plan, report: &Report) -> Vec<Watched> {
    plan.changes
        .iter()
        .zip(&report.changes)
        .filter_map(|(change, outcome)| {
            let Outcome::Done { id: Some(id), .. } = &outcome.outcome else {
                return None;
            };
            let category = match &change.action {
                Action::Create { request, .. } => Some(request.category.clone()),
                Action::Update { request, .. } => request
                    .category
                    .clone()
                    .or_else(|| change.remote.as_ref().and_then(|r| r.category.clone())),
                _ => return None,
            };
            matches!(outcome.change, Kind::Create | Kind::Update).then(|| Watched {
                name: change.name.clone(),
                language: change.language.clone(),
                id: id.clone(),
                category,
            })
        })
        .collect()
}

/// How long and how often to poll.
#[derive(Debug, Clone, Copy)]
pub struct WaitOptions {
    pub timeout: Duration,
    /// The first pause between polls; it grows by half each time, up to `max_interval`.
    pub first_interval: Duration,
    pub max_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30 * 60),
            first_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(30),
        }
    }
}

/// Polls until no watched template is PENDING or the timeout passes. `on_poll` hears how many
/// are still in review after each poll.
pub async fn wait_for_review(
    client: &GraphClient,
    waba_id: &str,
    watched: &[Watched],
    options: WaitOptions,
    mut on_poll: impl FnMut(usize),
) -> ReviewReport {
    let deadline = Instant::now() + options.timeout;
    let mut interval = options.first_interval;
    let mut latest: HashMap<String, RemoteTemplate> = HashMap::new();
    let mut last_error: Option<String>;
    loop {
        match read(client, waba_id, watched).await {
            Ok(found) => {
                latest = found;
                last_error = None;
            }
            Err(err) => {
                tracing::warn!("reading review status: {err}");
                last_error = Some(err.to_string());
            }
        }
        let pending = watched
            .iter()
            .filter(|w| {
                latest
                    .get(&w.id)
                    .is_none_or(|r| status_of(r) == RemoteStatus::Pending)
            })
            .count();
        on_poll(pending);
        let now = Instant::now();
        if pending == 0 || now >= deadline {
            break;
        }
        tokio::time::sleep(interval.min(deadline - now)).await;
        interval = interval.mul_f64(1.5).min(options.max_interval);
    }
    let templates: Vec<ReviewOutcome> = watched
        .iter()
        .map(|w| ReviewOutcome {
            name: w.name.clone(),
            language: w.language.clone(),
            id: w.id.clone(),
            verdict: verdict(w, latest.get(&w.id), last_error.is_some()),
        })
        .collect();
    ReviewReport {
        timed_out: templates.iter().any(|t| t.verdict == Verdict::Pending),
        templates,
        last_error,
    }
}

/// The watched templates as the account shows them now, by id.
async fn read(
    client: &GraphClient,
    waba_id: &str,
    watched: &[Watched],
) -> Result<HashMap<String, RemoteTemplate>, crate::graph::GraphError> {
    let mut found = HashMap::new();
    if watched.len() <= GET_EACH_UP_TO {
        for w in watched {
            match client.get_template(&w.id).await {
                Ok(remote) => {
                    found.insert(remote.id.clone(), remote);
                }
                Err(err) if err.class() == Some(crate::graph::ErrorClass::NotFound) => {}
                Err(err) => return Err(err),
            }
        }
    } else {
        for remote in client.list_templates(waba_id).await? {
            found.insert(remote.id.clone(), remote);
        }
    }
    Ok(found)
}

fn verdict(watched: &Watched, remote: Option<&RemoteTemplate>, unread: bool) -> Verdict {
    let Some(remote) = remote else {
        return if unread {
            Verdict::Pending
        } else {
            Verdict::Missing
        };
    };
    match status_of(remote) {
        RemoteStatus::Approved => {
            let now = remote.category.as_deref().map(str::to_uppercase);
            let before = remote
                .previous_category
                .as_deref()
                .map(str::to_uppercase)
                .or_else(|| watched.category.as_deref().map(str::to_uppercase));
            let recategorised = match (&before, &now) {
                (Some(before), Some(now)) if before != now => Some((before.clone(), now.clone())),
                _ => None,
            };
            Verdict::Approved {
                category: now,
                recategorised,
            }
        }
        RemoteStatus::Rejected => Verdict::Rejected {
            reason: remote
                .rejected_reason
                .clone()
                .filter(|r| !r.is_empty() && r != "NONE"),
        },
        RemoteStatus::Pending => Verdict::Pending,
        gone if gone.is_gone() => Verdict::Missing,
        status => Verdict::Other { status },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote(json: serde_json::Value) -> RemoteTemplate {
        serde_json::from_value(json).unwrap()
    }

    fn watched(category: &str) -> Watched {
        Watched {
            name: "t".into(),
            language: "en".into(),
            id: "1".into(),
            category: Some(category.into()),
        }
    }

    #[test]
    fn verdicts() {
        let approved = remote(serde_json::json!({"id": "1", "status": "APPROVED",
            "category": "MARKETING", "previous_category": "UTILITY"}));
        assert_eq!(
            verdict(&watched("UTILITY"), Some(&approved), false),
            Verdict::Approved {
                category: Some("MARKETING".into()),
                recategorised: Some(("UTILITY".into(), "MARKETING".into())),
            }
        );
        let plain = remote(serde_json::json!({"id": "1", "status": "APPROVED",
            "category": "UTILITY"}));
        assert_eq!(
            verdict(&watched("UTILITY"), Some(&plain), false),
            Verdict::Approved {
                category: Some("UTILITY".into()),
                recategorised: None,
            }
        );
        let rejected = remote(serde_json::json!({"id": "1", "status": "REJECTED",
            "rejected_reason": "ABUSIVE_CONTENT"}));
        let v = verdict(&watched("UTILITY"), Some(&rejected), false);
        assert_eq!(
            v,
            Verdict::Rejected {
                reason: Some("ABUSIVE_CONTENT".into())
            }
        );
        assert!(v.is_failure());
        assert_eq!(verdict(&watched("UTILITY"), None, false), Verdict::Missing);
        assert_eq!(verdict(&watched("UTILITY"), None, true), Verdict::Pending);
        let paused = remote(serde_json::json!({"id": "1", "status": "PAUSED"}));
        assert!(!verdict(&watched("UTILITY"), Some(&paused), false).is_failure());
    }
}
