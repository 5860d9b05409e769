//! Meta's error codes and the class each falls in, which decides retrying and the advice
//! given.
//!
//! Classification branches on `code`, then `error_subcode` (templates-api.md §6), never on
//! Meta's localised titles. The 2388xxx template errors are looked for in both fields: Meta's
//! docs show them as subcodes of 100, SDKs also see them as codes.

use super::GraphErrorBody;

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

impl GraphErrorBody {
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
}
