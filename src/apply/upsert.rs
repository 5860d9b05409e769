//! One AUTHENTICATION template in several languages, created or updated in one call:
//! `POST /{WABA_ID}/upsert_message_templates` with the document's body and the languages the
//! plan creates or updates. Meta answers `{id, status, language}` per language.

use super::outcome::Outcome;
use super::write::{End, Writer, throttled};
use crate::reconcile::plan::UpsertRequest;

impl Writer {
    /// Upserts `request` (its `languages` already narrowed to `targets`); each target is
    /// (plan index, language).
    pub async fn upsert(&self, request: &UpsertRequest, targets: &[(usize, String)]) -> End {
        let body = match serde_json::to_value(request) {
            Ok(body) => body,
            Err(err) => return all(targets, &format!("cannot build the request: {err}")),
        };
        match self.client.upsert_templates(&self.waba_id, &body).await {
            Ok(answer) => End::Finished(
                targets
                    .iter()
                    .map(|(index, language)| {
                        let outcome = match answer.data.iter().find(|t| t.language == *language) {
                            Some(done) => Outcome::Done {
                                id: Some(done.id.clone()),
                                status: done.status.clone(),
                                category: Some(request.category.clone()),
                                note: Some(format!(
                                    "with {} in one upsert_message_templates call",
                                    request.languages.join(", ")
                                )),
                            },
                            None => Outcome::Failed {
                                message: format!(
                                    "Meta's answer to the upsert names no template in \
                                     {language}; run `wabactl plan` to see what the account holds"
                                ),
                            },
                        };
                        (*index, outcome)
                    })
                    .collect(),
            ),
            Err(err) => {
                if let Some(end) = throttled(&err) {
                    return end;
                }
                let unclear = if err.is_ambiguous() {
                    "; the answer was unclear, so some languages may have been written: run \
                     `wabactl plan` to see what the account holds"
                } else {
                    ""
                };
                all(targets, &format!("{err}{unclear}"))
            }
        }
    }
}

/// The same failure for every language of the call.
fn all(targets: &[(usize, String)], message: &str) -> End {
    End::Finished(
        targets
            .iter()
            .map(|(index, _)| {
                (
                    *index,
                    Outcome::Failed {
                        message: message.to_owned(),
                    },
                )
            })
            .collect(),
    )
}
