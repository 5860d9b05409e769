//! Graph API error answers as Meta spells them: `{"error":{message, type, code, error_subcode,
//! is_transient, error_user_title, error_user_msg, fbtrace_id}}`, with Meta's codes.

use std::sync::atomic::{AtomicU64, Ordering};

use super::status::Status;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// One Graph error reply (status, headers and body), ready to be turned into an HTTP response
/// (boxed: errors are rare and results stay small).
#[derive(Debug, Clone)]
pub struct ErrorReply(Box<ErrorBody>);

#[derive(Debug, Clone)]
pub struct ErrorBody {
    pub status: StatusCode,
    pub code: i64,
    pub subcode: Option<i64>,
    pub kind: &'static str,
    pub message: String,
    pub user_title: String,
    pub user_msg: String,
    pub is_transient: bool,
    /// `error_data.details`, which Meta adds to Cloud API (messaging) errors.
    pub details: Option<String>,
    pub headers: Vec<(HeaderName, String)>,
}

impl std::ops::Deref for ErrorReply {
    type Target = ErrorBody;
    fn deref(&self) -> &ErrorBody {
        &self.0
    }
}

impl std::ops::DerefMut for ErrorReply {
    fn deref_mut(&mut self) -> &mut ErrorBody {
        &mut self.0
    }
}

impl ErrorReply {
    fn new(
        code: i64,
        message: impl Into<String>,
        title: &str,
        user_msg: impl Into<String>,
    ) -> Self {
        Self(Box::new(ErrorBody {
            status: StatusCode::BAD_REQUEST,
            code,
            subcode: None,
            kind: "OAuthException",
            message: message.into(),
            user_title: title.to_owned(),
            user_msg: user_msg.into(),
            is_transient: false,
            details: None,
            headers: Vec::new(),
        }))
    }

    /// The same error with another `code` and `message`.
    pub fn with_message(mut self, code: i64, message: impl Into<String>) -> Self {
        self.code = code;
        self.message = message.into();
        self
    }

    fn subcode(mut self, subcode: i64) -> Self {
        self.subcode = Some(subcode);
        self
    }

    fn details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }

    pub fn with_header(mut self, name: HeaderName, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The JSON body, as Meta sends it.
    pub fn body(&self) -> Value {
        let mut error = Map::new();
        error.insert("message".into(), json!(self.message));
        error.insert("type".into(), json!(self.kind));
        error.insert("code".into(), json!(self.code));
        if let Some(subcode) = self.subcode {
            error.insert("error_subcode".into(), json!(subcode));
        }
        error.insert("is_transient".into(), json!(self.is_transient));
        error.insert("error_user_title".into(), json!(self.user_title));
        error.insert("error_user_msg".into(), json!(self.user_msg));
        if let Some(details) = &self.details {
            error.insert(
                "error_data".into(),
                json!({"messaging_product": "whatsapp", "details": details}),
            );
        }
        error.insert("fbtrace_id".into(), json!(next_trace_id()));
        json!({ "error": error })
    }
}

impl IntoResponse for ErrorReply {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        for (name, value) in &self.headers {
            if let Ok(value) = HeaderValue::from_str(value) {
                response.headers_mut().insert(name.clone(), value);
            }
        }
        response
    }
}

/// A trace id that looks like Meta's and differs per answer (deterministic within a process).
fn next_trace_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    let mut n = COUNTER
        .fetch_add(1, Ordering::Relaxed)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut id = String::from("A");
    for _ in 0..22 {
        id.push(ALPHABET[(n % 64) as usize] as char);
        n = n.rotate_right(6) ^ 0x5851_F42D_4C95_7F2D;
    }
    id
}

/// 190: the Bearer token is missing or not the account's (HTTP 401).
pub fn invalid_token() -> ErrorReply {
    let mut err = ErrorReply::new(
        190,
        "Invalid OAuth access token - Cannot parse access token",
        "Invalid access token",
        "The access token is missing or is not valid for this account.",
    );
    err.status = StatusCode::UNAUTHORIZED;
    err
}

/// 100/33: no object with this id (or the method is not supported on it).
pub fn unknown_object(method: &str, id: &str) -> ErrorReply {
    let mut err = ErrorReply::new(
        100,
        format!(
            "Unsupported {} request. Object with ID '{id}' does not exist, cannot be loaded due to \
             missing permissions, or does not support this operation. Please read the Graph API \
             documentation at https://developers.facebook.com/docs/graph-api",
            method.to_ascii_lowercase()
        ),
        "Object does not exist",
        format!("No object with ID '{id}' exists on this account."),
    )
    .subcode(33);
    err.kind = "GraphMethodException";
    err
}

/// 2500: the path is not one the Graph API knows (bad version, unknown edge).
pub fn unknown_path(components: &str) -> ErrorReply {
    ErrorReply::new(
        2500,
        format!("Unknown path components: {components}"),
        "Unknown path",
        format!("The path component {components} is not supported."),
    )
}

/// 100: a parameter is invalid.
pub fn invalid_parameter(title: &str, user_msg: impl Into<String>) -> ErrorReply {
    ErrorReply::new(100, "(#100) Invalid parameter", title, user_msg)
}

/// 100: a required parameter is missing.
pub fn missing_parameter(name: &str) -> ErrorReply {
    ErrorReply::new(
        100,
        format!("(#100) The parameter {name} is required."),
        "Missing parameter",
        format!("The parameter {name} is required."),
    )
}

/// 100/2388040: a field is longer than Meta allows.
pub fn too_long(field: &str, max: usize, actual: usize) -> ErrorReply {
    invalid_parameter(
        "Field exceeds its character limit",
        format!("{field} has {actual} characters; at most {max} are allowed."),
    )
    .subcode(2_388_040)
}

/// 100/2388024: (name, language) exists already; create is not an upsert.
pub fn duplicate(name: &str, language: &str) -> ErrorReply {
    invalid_parameter(
        "Content in This Language Already Exists",
        format!(
            "There is already {language} content for this template ({name}). You can create a new \
             template and try again, or edit the existing one."
        ),
    )
    .subcode(2_388_024)
}

/// 100/2388023: (name, language) was deleted while approved and is held for 30 days.
pub fn name_locked(name: &str, language: &str, days_left: i64) -> ErrorReply {
    invalid_parameter(
        "Message template language is being deleted",
        format!(
            "{language} content for {name} is being deleted; this name and language can be used \
             again in {days_left} day(s). Use a new name instead."
        ),
    )
    .subcode(2_388_023)
}

/// 100/2388019: the account holds as many templates as it may.
pub fn template_limit(limit: usize) -> ErrorReply {
    invalid_parameter(
        "Message Template Limit Exceeded",
        format!("This account has reached its limit of {limit} message templates."),
    )
    .subcode(2_388_019)
}

/// 100: the template's status does not allow edits.
pub fn not_editable(status: &str) -> ErrorReply {
    invalid_parameter(
        "Template Cannot Be Edited",
        format!(
            "Only templates with status APPROVED, REJECTED or PAUSED can be edited; this one is \
             {status}."
        ),
    )
}

/// 80012: an approved template was edited too often (1 edit per 24 hours, 10 per 30 days).
/// The code is the one Meta's Graph reference lists for `POST /{TEMPLATE_ID}` ("Too many
/// calls to this message template"); the time of the next possible edit is in the details.
pub fn edit_limit(window: &str, allowed: usize, next_secs: i64) -> ErrorReply {
    let next = crate::utc::rfc3339(next_secs);
    ErrorReply::new(
        80012,
        "(#80012) Too many calls to this message template",
        "Template Edit Limit Reached",
        format!(
            "An approved template can be edited {allowed} time(s) per {window}; this limit has been \
             reached. The next edit is possible after {next}."
        ),
    )
    .details(format!("next edit possible after {next}"))
}

/// 100: the category of an approved template cannot change.
pub fn category_frozen(current: &str) -> ErrorReply {
    invalid_parameter(
        "Category Cannot Be Changed",
        format!("The category of an approved template cannot be edited (it is {current})."),
    )
}

/// 100: a template in this status cannot be deleted.
pub fn not_deletable(name: &str, status: &str) -> ErrorReply {
    invalid_parameter(
        "Template Cannot Be Deleted",
        format!("The template {name} is {status} and cannot be deleted."),
    )
}

/// 100: delete by a name that no template has.
pub fn template_name_not_found(name: &str) -> ErrorReply {
    invalid_parameter(
        "Message Template Not Found",
        format!("No message template named {name} exists on this account."),
    )
}

/// 80008: Business Use Case throttling, with the header that says when to come back.
pub fn throttled(waba_id: &str, minutes: u64, reason: &str) -> ErrorReply {
    let mut err = ErrorReply::new(
        80008,
        "(#80008) There have been too many calls to this WhatsApp Business account. Wait a bit and \
         try again.",
        "Too Many Calls",
        reason.to_owned(),
    );
    err.status = StatusCode::TOO_MANY_REQUESTS;
    err.is_transient = true;
    err.with_header(
        HeaderName::from_static("x-business-use-case-usage"),
        usage_header(waba_id, 100, minutes),
    )
}

/// The `X-Business-Use-Case-Usage` header value (percentages; time in minutes).
pub fn usage_header(waba_id: &str, call_count_percent: u64, regain_minutes: u64) -> String {
    json!({ waba_id: [{
        "type": "whatsapp_business_management",
        "call_count": call_count_percent,
        "total_cputime": 1,
        "total_time": 1,
        "estimated_time_to_regain_access": regain_minutes,
    }]})
    .to_string()
}

/// 2: a transient server error (HTTP 500); nothing was changed.
pub fn transient() -> ErrorReply {
    let mut err = ErrorReply::new(
        2,
        "An unexpected error has occurred. Please retry your request later.",
        "Service temporarily unavailable",
        "A temporary error occurred. Retry the request later.",
    );
    err.status = StatusCode::INTERNAL_SERVER_ERROR;
    err.is_transient = true;
    err
}

/// 100 on a send: not a template message, or a malformed one.
pub fn bad_send(details: impl Into<String>) -> ErrorReply {
    let details = details.into();
    ErrorReply::new(
        100,
        "(#100) Invalid parameter",
        "Invalid parameter",
        details.clone(),
    )
    .details(details)
}

/// 132001: no approved template with this name in this language.
pub fn template_not_sendable(name: &str, language: &str) -> ErrorReply {
    let details = format!("template name ({name}) does not exist in {language}");
    ErrorReply::new(
        132001,
        "(#132001) Template name does not exist in the translation",
        "Template name does not exist in the translation",
        details.clone(),
    )
    .details(details)
}

/// 132015 / 132016: the template is paused or disabled.
pub fn template_paused_or_disabled(name: &str, status: &Status) -> ErrorReply {
    let (code, title) = if *status == Status::Paused {
        (132015, "Template is Paused")
    } else {
        (132016, "Template is disabled")
    };
    let details = format!("template {name} is {status}");
    ErrorReply::new(code, format!("(#{code}) {title}"), title, details.clone()).details(details)
}

/// 132000: the send gives a different number of parameters than the template has.
pub fn param_count_mismatch(component: &str, expected: usize, given: usize) -> ErrorReply {
    let details = format!(
        "{component}: number of localizable_params ({given}) does not match the expected number of \
         params ({expected})"
    );
    ErrorReply::new(
        132000,
        "(#132000) Number of parameters does not match the expected number of params",
        "Number of parameters does not match the expected number of params",
        details.clone(),
    )
    .details(details)
}

/// 132000 for a carousel: the send gives a different number of cards than the template has.
pub fn card_count_mismatch(expected: usize, given: usize) -> ErrorReply {
    let details = format!(
        "carousel: number of cards ({given}) does not match the number of cards in the template ({expected})"
    );
    ErrorReply::new(
        132000,
        "(#132000) Number of parameters does not match the expected number of params",
        "Number of parameters does not match the expected number of params",
        details.clone(),
    )
    .details(details)
}

/// 132012: a parameter's type or shape differs from the template's.
pub fn param_format_mismatch(details: &str) -> ErrorReply {
    ErrorReply::new(
        132012,
        "(#132012) Parameter format does not match format in the created template",
        "Parameter format does not match format in the created template",
        details.to_owned(),
    )
    .details(details)
}

/// 131008: a parameter the template needs is not in the send.
pub fn required_parameter_missing(details: &str) -> ErrorReply {
    ErrorReply::new(
        131008,
        "(#131008) Required parameter is missing",
        "Required parameter is missing",
        details.to_owned(),
    )
    .details(details)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_meta_shape() {
        let body = duplicate("a", "en").body();
        let error = &body["error"];
        for key in [
            "message",
            "type",
            "code",
            "error_subcode",
            "is_transient",
            "error_user_title",
            "error_user_msg",
            "fbtrace_id",
        ] {
            assert!(error.get(key).is_some(), "missing {key}");
        }
        assert_eq!(error["code"], 100);
        assert_eq!(error["error_subcode"], 2_388_024);
    }

    #[test]
    fn trace_ids_differ() {
        assert_ne!(next_trace_id(), next_trace_id());
    }
}
