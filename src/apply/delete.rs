//! Deleting the languages of one name, and settling each delete whose answer was unclear (or
//! that was refused because the template was already gone) by re-reading the account.

use super::outcome::{Outcome, SkipReason};
use super::verify;
use super::write::{End, Writer, describe, failed, throttled};
use crate::graph::GraphError;

impl Writer {
    /// Deletes the languages of one name: all at once (by name) only when a fresh read shows
    /// that they are all the name has; otherwise one by one, by `hsm_id`.
    pub async fn delete(&self, name: &str, targets: &[(usize, String)]) -> End {
        if targets.len() > 1 {
            match self.client.list_templates_named(&self.waba_id, name).await {
                Ok(same_name) => {
                    let live = verify::live(&same_name);
                    let all_ours = !live.is_empty()
                        && live
                            .iter()
                            .all(|r| targets.iter().any(|(_, id)| *id == r.id));
                    if all_ours {
                        return self.delete_by_name(name, targets).await;
                    }
                }
                Err(err) => {
                    if let Some(end) = throttled(&err) {
                        return end;
                    }
                    // One by one is always safe.
                    tracing::debug!(name, "cannot list the name's languages: {err}");
                }
            }
        }
        let mut outcomes = Vec::new();
        for (n, (index, id)) in targets.iter().enumerate() {
            match self.delete_one(*index, name, id).await {
                End::Finished(mut done) => outcomes.append(&mut done),
                throttled @ End::Throttled { .. } if outcomes.is_empty() => return throttled,
                End::Throttled {
                    retry_at, message, ..
                } => {
                    // The rest waits for the next run, like every change the limit holds back.
                    let message = format!("not started: {message}; run again after {retry_at}");
                    outcomes.extend(targets[n..].iter().map(|(index, _)| {
                        (
                            *index,
                            Outcome::Skipped {
                                reason: SkipReason::Quota,
                                message: message.clone(),
                            },
                        )
                    }));
                    break;
                }
            }
        }
        End::Finished(outcomes)
    }

    async fn delete_by_name(&self, name: &str, targets: &[(usize, String)]) -> End {
        let all = |outcome: Outcome| {
            End::Finished(
                targets
                    .iter()
                    .map(|(index, _)| (*index, outcome.clone()))
                    .collect(),
            )
        };
        let mut last_err: Option<GraphError> = None;
        for _ in 1..=self.write_attempts {
            let err = match self
                .client
                .delete_template_by_name(&self.waba_id, name)
                .await
            {
                Ok(_) => return deleted(targets, None),
                Err(err) => err,
            };
            if let Some(end) = throttled(&err) {
                return end;
            }
            match self
                .reread(|| self.client.list_templates_named(&self.waba_id, name))
                .await
            {
                Ok(same_name) if verify::live(&same_name).is_empty() => {
                    return deleted(targets, Some("confirmed gone from the account"));
                }
                Ok(_) if err.is_ambiguous() => last_err = Some(err),
                Ok(_) => {
                    return all(Outcome::Failed {
                        message: err.to_string(),
                    });
                }
                Err(read) => {
                    return all(Outcome::Failed {
                        message: reread_failed(&err, &read),
                    });
                }
            }
        }
        all(Outcome::Failed {
            message: format!(
                "delete {name}: no clear answer after {} attempts ({}): run `wabactl apply` again",
                self.write_attempts,
                last_err.map(|e| e.summary()).unwrap_or_default()
            ),
        })
    }

    async fn delete_one(&self, index: usize, name: &str, id: &str) -> End {
        let target = [(index, id.to_owned())];
        let mut last_err: Option<GraphError> = None;
        for _ in 1..=self.write_attempts {
            let err = match self
                .client
                .delete_template_by_id(&self.waba_id, id, name)
                .await
            {
                Ok(_) => return deleted(&target, None),
                Err(err) => err,
            };
            if let Some(end) = throttled(&err) {
                return end;
            }
            // Unclear, or refused because it is already gone (a concurrent apply): the
            // account decides.
            match self
                .reread(|| self.client.list_templates_named(&self.waba_id, name))
                .await
            {
                Ok(same_name) if !verify::is_live(id, &same_name) => {
                    return deleted(&target, Some("confirmed gone from the account"));
                }
                Ok(_) if err.is_ambiguous() => last_err = Some(err),
                Ok(_) => return failed(index, err.to_string()),
                Err(read) => return failed(index, reread_failed(&err, &read)),
            }
        }
        failed(
            index,
            format!(
                "delete {name} (id {id}): no clear answer after {} attempts ({}): run `wabactl \
                 apply` again",
                self.write_attempts,
                last_err.map(|e| e.summary()).unwrap_or_default()
            ),
        )
    }
}

fn reread_failed(err: &GraphError, read: &GraphError) -> String {
    format!(
        "{}. Re-reading the account failed too ({}): run `wabactl plan`",
        describe(err),
        read.summary()
    )
}

fn deleted(targets: &[(usize, String)], how: Option<&str>) -> End {
    let lock = "if it was approved, Meta keeps its name locked for 30 days";
    let note = match how {
        Some(how) => format!("{how}; {lock}"),
        None => lock.to_owned(),
    };
    End::Finished(
        targets
            .iter()
            .map(|(index, id)| {
                (
                    *index,
                    Outcome::Done {
                        id: Some(id.clone()),
                        status: None,
                        category: None,
                        note: Some(note.clone()),
                    },
                )
            })
            .collect(),
    )
}
