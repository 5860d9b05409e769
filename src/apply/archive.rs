//! Archiving a batch of templates in one call, and unarchiving one (then editing it when the
//! files differ). An archive answer names each id as archived or failed (with Meta's reason);
//! an id it does not name, or an unclear answer, is reported as failed with what to check.

use super::outcome::Outcome;
use super::write::{End, Writer, failed, finished, throttled};
use crate::graph::RemoteStatus;
use crate::reconcile::plan::EditRequest;

impl Writer {
    /// `POST /{WABA_ID}/message_templates/archive` for up to 100 templates.
    pub async fn archive(&self, targets: &[(usize, String)]) -> End {
        let ids: Vec<String> = targets.iter().map(|(_, id)| id.clone()).collect();
        let answer = match self
            .client
            .archive_templates(&self.waba_id, &ids, true)
            .await
        {
            Ok(answer) => answer,
            Err(err) => {
                if let Some(end) = throttled(&err) {
                    return end;
                }
                let message = err.to_string();
                let outcomes = targets
                    .iter()
                    .map(|(index, _)| {
                        let message = message.clone();
                        (*index, Outcome::Failed { message })
                    })
                    .collect();
                return End::Finished(outcomes);
            }
        };
        let outcomes = targets
            .iter()
            .map(|(index, id)| {
                let outcome = if answer.archived_templates.contains(id) {
                    Outcome::Done {
                        id: Some(id.clone()),
                        status: Some(RemoteStatus::Archived),
                        category: None,
                        note: None,
                    }
                } else if let Some(why) = answer.failed_templates.get(id) {
                    Outcome::Failed {
                        message: format!("Meta did not archive template {id}: {why}"),
                    }
                } else {
                    Outcome::Failed {
                        message: format!(
                            "Meta's archive answer does not name template {id}: run `wabactl \
                             plan` to see whether it is archived"
                        ),
                    }
                };
                (*index, outcome)
            })
            .collect();
        End::Finished(outcomes)
    }

    /// `POST /{WABA_ID}/message_templates/unarchive` for one template, then the edit.
    pub async fn unarchive(&self, index: usize, id: &str, edit: Option<&EditRequest>) -> End {
        let ids = [id.to_owned()];
        match self
            .client
            .archive_templates(&self.waba_id, &ids, false)
            .await
        {
            Ok(answer) if answer.archived_templates.iter().any(|done| done == id) => {}
            Ok(answer) => {
                let why = answer
                    .failed_templates
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| "the answer does not name it".into());
                return failed(
                    index,
                    format!("Meta did not unarchive template {id}: {why}"),
                );
            }
            Err(err) => {
                if let Some(end) = throttled(&err) {
                    return end;
                }
                return failed(index, err.to_string());
            }
        }
        let Some(edit) = edit else {
            return finished(
                index,
                Outcome::Done {
                    id: Some(id.to_owned()),
                    status: None,
                    category: None,
                    note: Some("unarchived".into()),
                },
            );
        };
        match self.update(index, id, edit).await {
            End::Finished(outcomes) => End::Finished(
                outcomes
                    .into_iter()
                    .map(|(i, outcome)| (i, after_unarchive(outcome)))
                    .collect(),
            ),
            throttled @ End::Throttled { .. } => throttled,
        }
    }
}

/// The edit's outcome, saying the unarchive before it was done.
fn after_unarchive(outcome: Outcome) -> Outcome {
    match outcome {
        Outcome::Done {
            id,
            status,
            category,
            note,
        } => Outcome::Done {
            id,
            status,
            category,
            note: Some(match note {
                Some(note) => format!("unarchived, then edited ({note})"),
                None => "unarchived, then edited".into(),
            }),
        },
        Outcome::Failed { message } => Outcome::Failed {
            message: format!("unarchived, but the edit failed: {message}"),
        },
        other => other,
    }
}
