//! Graph API failures: Meta's error body, its classification, and the client's own errors
//! (transport, malformed answers, ambiguous writes, exhausted retries).
//!
//! Classification branches on `code`, then `error_subcode` (templates-api.md §6), never on
//! Meta's localised titles. The 2388xxx template errors are looked for in both fields: Meta's
//! docs show them as subcodes of 100, SDKs also see them as codes.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

/// Codes Meta uses for throttling (Graph platform, Business Management API, Cloud API).
pub const THROTTLE_CODES: [i64; 9] = [4, 17, 32, 341, 613, 80007, 80008, 130429, 131056];

/// "Too many calls to this message template": the per-template edit limit (1 per 24 h, 10 per
/// 30 days for approved templates). Listed for `POST /{TEMPLATE_ID}` in Meta's Graph reference.
pub const EDIT_QUOTA_CODE: i64 = 80012;

/// Template not in an editable state (e.g. still in review). Low confidence: seen only in
/// third-party client code; edits of non-editable templates may also come back as plain 100.
pub const EDIT_NOT_ALLOWED_SUBCODE: i64 = 2388039;

/// What kind of failure a Graph error is, which decides retrying and the advice given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// The token was refused or lacks a permission (190, 102, 10, 200–299).
    Auth,
    /// Rate limited; the request was not carried out (throttle codes, HTTP 429).
    Throttled,
    /// A temporary failure on Meta's side (1, 2, `is_transient`, HTTP 5xx).
    Transient,
    /// The name and language already exist (2388024).
    Duplicate,
    /// The name and language are held after a recent delete (2388023).
    NameLocked,
    /// The account holds as many templates as it may (2388019).
    TemplateLimit,
    /// The template cannot be edited in its current state (2388039).
    EditNotAllowed,
    /// The template's edit allowance is used up (80012).
    EditQuota,
    /// The object does not exist or the token cannot see it (100/33).
    NotFound,
    /// Anything else Meta refused: invalid parameters (100) and the rest.
    Invalid,
}

/// Meta's `error` object, as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GraphErrorBody {
    #[serde(default)]
    pub message: String,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub code: i64,
    #[serde(default)]
    pub error_subcode: Option<i64>,
    #[serde(default)]
    pub is_transient: Option<bool>,
    #[serde(default)]
    pub error_user_title: Option<String>,
    #[serde(default)]
    pub error_user_msg: Option<String>,
    /// An object with `details` on Cloud API errors; sometimes a JSON string on other edges.
    #[serde(default)]
    pub error_data: Option<serde_json::Value>,
    #[serde(default)]
    pub fbtrace_id: Option<String>,
}

impl GraphErrorBody {
    /// Reads `{"error": {...}}`, or the bare inner object that some proxies pass on.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        #[derive(Deserialize)]
        struct Envelope {
            error: GraphErrorBody,
        }
        let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        let inner = match value.get("error") {
            Some(inner) if inner.is_object() => inner.clone(),
            _ if value.get("code").is_some() && value.get("message").is_some() => value,
            _ => return None,
        };
        serde_json::from_value::<Envelope>(serde_json::json!({ "error": inner }))
            .ok()
            .map(|e| e.error)
    }

    /// `error_data.details`, the most useful text on Cloud API errors.
    pub fn details(&self) -> Option<String> {
        match self.error_data.as_ref()? {
            serde_json::Value::Object(map) => map.get("details")?.as_str().map(str::to_owned),
            serde_json::Value::String(text) => serde_json::from_str::<serde_json::Value>(text)
                .ok()?
                .get("details")?
                .as_str()
                .map(str::to_owned),
            _ => None,
        }
    }

    /// Whether `code` or `error_subcode` is `value`.
    fn has(&self, value: i64) -> bool {
        self.code == value || self.error_subcode == Some(value)
    }

    /// Sorts the error into a class, given the HTTP status it came with.
    pub fn classify(&self, status: u16) -> ErrorClass {
        let code = self.code;
        if self.has(2388024) {
            ErrorClass::Duplicate
        } else if self.has(2388023) {
            ErrorClass::NameLocked
        } else if self.has(2388019) {
            ErrorClass::TemplateLimit
        } else if self.has(EDIT_NOT_ALLOWED_SUBCODE) {
            ErrorClass::EditNotAllowed
        } else if code == EDIT_QUOTA_CODE {
            ErrorClass::EditQuota
        } else if matches!(code, 190 | 102 | 10 | 200..=299) {
            ErrorClass::Auth
        } else if THROTTLE_CODES.contains(&code) || status == 429 {
            ErrorClass::Throttled
        } else if code == 100 && self.error_subcode == Some(33) {
            ErrorClass::NotFound
        } else if code == 100 {
            ErrorClass::Invalid
        } else if matches!(code, 1 | 2) || self.is_transient == Some(true) || status >= 500 {
            ErrorClass::Transient
        } else {
            ErrorClass::Invalid
        }
    }

    /// Every server-supplied text passed through `scrub` (the token must never be shown, even
    /// if a server echoed it).
    pub(crate) fn scrubbed(mut self, scrub: impl Fn(&str) -> String) -> Self {
        let fix = |s: &mut Option<String>| {
            if let Some(text) = s {
                *text = scrub(text);
            }
        };
        self.message = scrub(&self.message);
        fix(&mut self.error_user_title);
        fix(&mut self.error_user_msg);
        fix(&mut self.fbtrace_id);
        if let Some(data) = &mut self.error_data {
            let text = scrub(&data.to_string());
            *data = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        }
        self
    }
}

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
}

impl ApiError {
    pub fn code(&self) -> i64 {
        self.body.code
    }

    pub fn subcode(&self) -> Option<i64> {
        self.body.error_subcode
    }

    fn code_text(&self) -> String {
        match self.body.error_subcode {
            Some(sub) => format!("code {}/{sub}", self.body.code),
            None => format!("code {}", self.body.code),
        }
    }

    /// Meta's own words: the user-facing title and message when present, then the details.
    fn meta_text(&self) -> String {
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
                "Meta's rate limit was hit ({}): wait a few minutes and run again",
                self.code_text()
            ),
            ErrorClass::Transient => format!(
                "Meta reported a temporary failure (HTTP {}, {}): run again in a few minutes",
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
                "Meta refused the request ({}): fix what it names and run again",
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
            write!(f, ". Meta says: {text}")?;
        }
        if let Some(trace) = &self.body.fbtrace_id {
            write!(f, " (fbtrace_id {trace})")?;
        }
        Ok(())
    }
}

/// How a request failed below HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// No connection was made: the request was never sent.
    Connect,
    /// No complete answer in time (the request may have been carried out).
    Timeout,
    /// The connection broke while sending or receiving.
    Dropped,
}

/// Everything that can go wrong talking to the Graph API.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error("{0}")]
    Api(Box<ApiError>),

    #[error("{operation}: {}", transport_text(*.kind, host, detail))]
    Transport {
        operation: String,
        kind: TransportKind,
        host: String,
        detail: String,
    },

    #[error(
        "{operation}: the answer from {host} (HTTP {status}) is not what the Graph API sends: \
         {detail}. Check `api_base` (or WABACTL_API_BASE) points at the Graph API"
    )]
    Malformed {
        operation: String,
        host: String,
        status: u16,
        detail: String,
    },

    #[error(
        "{operation}: the answer from {host} to {path} (HTTP {status}) is larger than {} \
         MiB, far more than any Graph API answer; stopped reading it and did not retry. Check \
         `api_base` (or WABACTL_API_BASE) points at the Graph API",
        limit / (1024 * 1024)
    )]
    TooLarge {
        operation: String,
        host: String,
        /// The URL path only: the query may hold paging cursors, never worth showing.
        path: String,
        status: u16,
        limit: usize,
    },

    #[error(
        "{operation} may or may not have been carried out ({}). It was not retried, so it was \
         not done twice: {next_step}",
        cause.summary()
    )]
    Ambiguous {
        operation: String,
        cause: Box<GraphError>,
        /// How to find out what happened, e.g. re-read the account.
        next_step: String,
    },

    #[error(
        "{cause}. Meta says access returns in about {}, which is longer than wabactl waits \
         (retry.total); run again after {retry_at}",
        human_duration(*wait)
    )]
    ThrottledTooLong {
        wait: Duration,
        retry_at: String,
        cause: Box<ApiError>,
    },

    #[error("gave up after {attempts} attempts in {}: {last}", human_duration(*elapsed))]
    GaveUp {
        attempts: u32,
        elapsed: Duration,
        last: Box<GraphError>,
    },

    #[error("listing templates: {0}")]
    Pagination(String),

    #[error("{0}")]
    Config(String),
}

impl GraphError {
    /// The Graph error behind this failure, if Meta sent one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            Self::ThrottledTooLong { cause, .. } => Some(cause),
            Self::Ambiguous { cause, .. } => cause.api(),
            Self::GaveUp { last, .. } => last.api(),
            _ => None,
        }
    }

    /// The class of the Graph error behind this failure, if Meta sent one.
    pub fn class(&self) -> Option<ErrorClass> {
        self.api().map(|api| api.class)
    }

    /// A write whose outcome is unknown: re-read the account before doing anything else.
    pub fn is_ambiguous(&self) -> bool {
        matches!(self, Self::Ambiguous { .. })
    }

    /// What went wrong in a few words, without the operation or advice.
    pub fn summary(&self) -> String {
        match self {
            Self::Api(api) => {
                let text = api.meta_text();
                format!("HTTP {}, {}: {text}", api.status, api.code_text())
            }
            Self::Transport {
                kind, host, detail, ..
            } => match kind {
                TransportKind::Connect => format!("cannot connect to {host}: {detail}"),
                TransportKind::Timeout => format!("no answer from {host}: {detail}"),
                TransportKind::Dropped => format!("the connection to {host} broke: {detail}"),
            },
            Self::Malformed {
                host,
                status,
                detail,
                ..
            } => format!("HTTP {status} from {host}, not a Graph API answer: {detail}"),
            Self::TooLarge {
                host, path, limit, ..
            } => format!(
                "the answer from {host} to {path} is larger than {} MiB",
                limit / (1024 * 1024)
            ),
            Self::Ambiguous { cause, .. } | Self::GaveUp { last: cause, .. } => cause.summary(),
            other => other.to_string(),
        }
    }
}

fn transport_text(kind: TransportKind, host: &str, detail: &str) -> String {
    match kind {
        TransportKind::Connect => format!(
            "cannot connect to {host} ({detail}): check the network, and `api_base` \
             (or WABACTL_API_BASE) if set"
        ),
        TransportKind::Timeout => format!(
            "no answer from {host} in time ({detail}): run again; raise `http.request_timeout` \
             in wabactl.yaml if it keeps happening"
        ),
        TransportKind::Dropped => {
            format!("the connection to {host} broke ({detail}): run again")
        }
    }
}

/// `45 s`, `12 min`, `2 h 5 min`: enough precision for advice.
pub fn human_duration(d: Duration) -> String {
    let secs = d.as_secs();
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if secs < 120 {
        format!("{secs} s")
    } else if secs < 2 * 3600 {
        format!("{} min", secs.div_ceil(60))
    } else {
        format!("{} h {} min", secs / 3600, (secs % 3600) / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/responses/{name}",
            crate::reconcile::test_support::CORPUS
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn api(status: u16, body: GraphErrorBody) -> ApiError {
        ApiError {
            operation: "create template order_update (en_US)".into(),
            status,
            class: body.classify(status),
            body,
            token_origin: "the environment variable WHATSAPP_ACCESS_TOKEN".into(),
        }
    }

    fn body(code: i64, subcode: Option<i64>) -> GraphErrorBody {
        GraphErrorBody {
            message: "(#x) something".into(),
            code,
            error_subcode: subcode,
            ..Default::default()
        }
    }

    #[test]
    fn real_invalid_parameter_body() {
        let body = GraphErrorBody::parse(&corpus("error_docs_100_invalid_parameter.json")).unwrap();
        assert_eq!(body.code, 100);
        assert_eq!(body.error_subcode, None);
        assert_eq!(body.kind.as_deref(), Some("OAuthException"));
        assert_eq!(body.fbtrace_id.as_deref(), Some("Ak6nxJSySLEJz32Ps-QiZ1t"));
        assert_eq!(
            body.details().as_deref(),
            Some("Message must be a template message.")
        );
        assert_eq!(body.classify(400), ErrorClass::Invalid);
        let text = api(400, body).to_string();
        assert!(
            text.contains("Meta refused the request (code 100)"),
            "{text}"
        );
        assert!(
            text.contains("Message must be a template message."),
            "{text}"
        );
        assert!(
            text.contains("fbtrace_id Ak6nxJSySLEJz32Ps-QiZ1t"),
            "{text}"
        );
    }

    #[test]
    fn real_rate_limit_body_is_throttled() {
        let body = GraphErrorBody::parse(&corpus("error_docs_130429_rate_limit.json")).unwrap();
        assert_eq!((body.code, body.error_subcode), (130429, Some(2494055)));
        assert_eq!(body.classify(400), ErrorClass::Throttled);
        assert!(api(400, body).to_string().contains("rate limit"));
    }

    #[test]
    fn real_unknown_object_is_not_found() {
        let body =
            GraphErrorBody::parse(&corpus("error_sdk_java_100_33_unknown_object.json")).unwrap();
        assert_eq!(body.kind.as_deref(), Some("GraphMethodException"));
        assert_eq!(body.classify(400), ErrorClass::NotFound);
    }

    #[test]
    fn real_bare_inner_object_is_read() {
        let body =
            GraphErrorBody::parse(&corpus("error_issue_send_132001_inner_object.json")).unwrap();
        assert_eq!(body.code, 132001);
        assert_eq!(
            body.details().as_deref(),
            Some("template name (cg_quest_text) does not exist in en_US")
        );
        assert_eq!(body.classify(400), ErrorClass::Invalid);
    }

    #[test]
    fn real_send_parameter_error_keeps_details() {
        let body =
            GraphErrorBody::parse(&corpus("error_issue_send_100_call_button_param.json")).unwrap();
        let text = api(400, body).to_string();
        assert!(text.contains("does not support parameters"), "{text}");
    }

    #[test]
    fn template_codes_are_found_in_code_or_subcode() {
        for (code, sub, class) in [
            (100, Some(2388024), ErrorClass::Duplicate),
            (2388024, None, ErrorClass::Duplicate),
            (100, Some(2388023), ErrorClass::NameLocked),
            (2388023, None, ErrorClass::NameLocked),
            (100, Some(2388019), ErrorClass::TemplateLimit),
            (2388019, None, ErrorClass::TemplateLimit),
            (100, Some(2388039), ErrorClass::EditNotAllowed),
            (80012, None, ErrorClass::EditQuota),
            (100, Some(2388040), ErrorClass::Invalid),
        ] {
            assert_eq!(body(code, sub).classify(400), class, "{code}/{sub:?}");
        }
    }

    #[test]
    fn auth_throttle_and_transient_codes() {
        for code in [190, 102, 10, 200, 299] {
            assert_eq!(body(code, None).classify(400), ErrorClass::Auth, "{code}");
        }
        for code in THROTTLE_CODES {
            assert_eq!(
                body(code, None).classify(400),
                ErrorClass::Throttled,
                "{code}"
            );
        }
        assert_eq!(body(999, None).classify(429), ErrorClass::Throttled);
        for code in [1, 2] {
            assert_eq!(body(code, None).classify(500), ErrorClass::Transient);
            assert_eq!(body(code, None).classify(400), ErrorClass::Transient);
        }
        let mut flagged = body(131000, None);
        flagged.is_transient = Some(true);
        assert_eq!(flagged.classify(400), ErrorClass::Transient);
        assert_eq!(body(131000, None).classify(503), ErrorClass::Transient);
        // 100 stays a validation error even on a 5xx: branch on the code, not the status.
        assert_eq!(body(100, None).classify(500), ErrorClass::Invalid);
        assert_eq!(body(368, None).classify(400), ErrorClass::Invalid);
    }

    #[test]
    fn auth_message_says_what_to_check() {
        let text = api(401, body(190, Some(463))).to_string();
        assert!(
            text.contains("the access token was refused (code 190/463): check the environment variable WHATSAPP_ACCESS_TOKEN"),
            "{text}"
        );
    }

    #[test]
    fn user_facing_text_is_preferred() {
        let mut b = body(100, Some(2388024));
        b.error_user_title = Some("Content in This Language Already Exists".into());
        b.error_user_msg = Some("There is already English (US) content for this template.".into());
        let text = api(400, b).to_string();
        assert!(text.contains("already exists (code 100/2388024)"), "{text}");
        assert!(
            text.contains("Content in This Language Already Exists: There is already"),
            "{text}"
        );
    }

    #[test]
    fn non_graph_bodies_are_not_errors() {
        assert!(GraphErrorBody::parse(b"<html>502 Bad Gateway</html>").is_none());
        assert!(GraphErrorBody::parse(br#"{"data": []}"#).is_none());
        assert!(GraphErrorBody::parse(br#"{"error": "nope"}"#).is_none());
    }

    #[test]
    fn error_data_as_json_string() {
        let b = GraphErrorBody::parse(
            br#"{"error":{"message":"m","code":100,"error_data":"{\"details\":\"inner\"}"}}"#,
        )
        .unwrap();
        assert_eq!(b.details().as_deref(), Some("inner"));
    }

    #[test]
    fn scrubbing_reaches_every_text_field() {
        let mut b = body(190, None);
        b.message = "bad token SECRET".into();
        b.error_user_msg = Some("SECRET".into());
        b.error_data = Some(serde_json::json!({ "details": "was SECRET" }));
        let b = b.scrubbed(|t| t.replace("SECRET", "[redacted]"));
        let text = api(401, b).to_string();
        assert!(!text.contains("SECRET"), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(Duration::from_millis(250)), "250 ms");
        assert_eq!(human_duration(Duration::from_secs(45)), "45 s");
        assert_eq!(human_duration(Duration::from_secs(61 * 60)), "61 min");
        assert_eq!(
            human_duration(Duration::from_secs(3 * 3600 + 120)),
            "3 h 2 min"
        );
    }
}
