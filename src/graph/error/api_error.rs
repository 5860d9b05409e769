//! A Graph error answer, classified, with what the user should do about it.

use std::fmt;

use super::{ErrorClass, GraphErrorBody};

/// A Graph error answer, classified, with what the user should do about it.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// What was being done, e.g. `create template order_update (en_US)`.
    pub operation: String,
    pub status: u16,
    pub class: ErrorClass,
    pub body: GraphErrorBody,
    /// Where the token came from, named in advice about refused tokens.
    pub token_origin: String,
    /// The state file of the local sandbox that answered; `None` when Meta answered.
    pub sandbox_state: Option<String>,
}

impl ApiError {
    pub fn code(&self) -> i64 {
        self.body.code
    }

    pub fn subcode(&self) -> Option<i64> {
        self.body.error_subcode
    }

    pub(super) fn code_text(&self) -> String {
        let code = match self.body.error_subcode {
            Some(sub) => format!("code {}/{sub}", self.body.code),
            None => format!("code {}", self.body.code),
        };
        match &self.sandbox_state {
            Some(state) => format!("{code}, sandbox state {state}"),
            None => code,
        }
    }

    /// Who answered: Meta, or the local sandbox (whose refusals are never Meta's).
    fn answerer(&self) -> &'static str {
        if self.sandbox_state.is_some() {
            "the sandbox"
        } else {
            "Meta"
        }
    }

    /// Meta's own words: the user-facing title and message when present, then the details.
    pub(super) fn meta_text(&self) -> String {
        let body = &self.body;
        let mut parts: Vec<String> = Vec::new();
        match (&body.error_user_title, &body.error_user_msg) {
            (Some(title), Some(msg)) => parts.push(format!("{title}: {msg}")),
            (Some(text), None) | (None, Some(text)) => parts.push(text.clone()),
            (None, None) => {
                if !body.message.is_empty() {
                    parts.push(body.message.clone());
                }
            }
        }
        if let Some(details) = body.details()
            && !parts.iter().any(|p| p.contains(&details))
        {
            parts.push(details);
        }
        parts.join(" — ")
    }

    fn advice(&self) -> String {
        match self.class {
            ErrorClass::Auth if self.body.code == 190 || self.body.code == 102 => format!(
                "the access token was refused ({}): check {}: it may be expired or revoked",
                self.code_text(),
                self.token_origin
            ),
            ErrorClass::Auth => format!(
                "permission denied ({}): the token from {} needs the whatsapp_business_management \
                 permission on this WhatsApp Business Account (and whatsapp_business_messaging to send)",
                self.code_text(),
                self.token_origin
            ),
            ErrorClass::Throttled => format!(
                "{}'s rate limit was hit ({}): wait a few minutes and run again",
                self.answerer(),
                self.code_text()
            ),
            ErrorClass::Transient => format!(
                "{} reported a temporary failure (HTTP {}, {}): run again in a few minutes",
                self.answerer(),
                self.status,
                self.code_text()
            ),
            ErrorClass::Duplicate => format!(
                "a template with this name and language already exists ({}): change it with an \
                 edit instead; run `wabactl plan` to see the account's state",
                self.code_text()
            ),
            ErrorClass::NameLocked => format!(
                "this name and language are locked after a recent delete ({}): Meta blocks reuse \
                 for up to 30 days; use a new name (for example with a `_v2` suffix)",
                self.code_text()
            ),
            ErrorClass::TemplateLimit => format!(
                "the account holds as many templates as it may ({}): delete unused templates, or \
                 verify the business to raise the limit from 250 to 6000",
                self.code_text()
            ),
            ErrorClass::EditNotAllowed => format!(
                "the template cannot be edited now ({}): only APPROVED, REJECTED and PAUSED \
                 templates can be edited; wait for review to finish, or create a template with a new name",
                self.code_text()
            ),
            ErrorClass::EditQuota => format!(
                "the template's edit allowance is used up ({}): an approved template can be \
                 edited once per 24 hours and 10 times per 30 days; try again later",
                self.code_text()
            ),
            ErrorClass::NotFound => format!(
                "not found ({}): the id does not exist or the token cannot see it; check the \
                 account's waba_id / phone_number_id and the token's permissions",
                self.code_text()
            ),
            ErrorClass::Invalid => format!(
                "{} refused the request ({}): fix what it names and run again",
                self.answerer(),
                self.code_text()
            ),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.operation, self.advice())?;
        let text = self.meta_text();
        if !text.is_empty() {
            write!(f, ". {} says: {text}", capitalized(self.answerer()))?;
        }
        if let Some(trace) = &self.body.fbtrace_id {
            write!(f, " (fbtrace_id {trace})")?;
        }
        Ok(())
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
