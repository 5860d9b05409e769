//! A new account as Meta opens one: every new WhatsApp Business Account holds the sample
//! template `hello_world` (en_US, approved), which SDK quick starts (heyoo, whatsapp-python)
//! send first. Its content is Meta's, as listed in Meta's Postman collection
//! ("Get all templates" answer; the id is the sandbox's own).

use serde_json::json;

use super::normalize;
use super::state::{AccountState, StoredTemplate};

/// An account holding only `hello_world`.
pub fn account() -> AccountState {
    let mut state = AccountState::default();
    let now = state.now_ms();
    let posted = json!({
        "name": "hello_world",
        "language": "en_US",
        "status": "APPROVED",
        "category": "MARKETING",
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Hello World"},
            {"type": "BODY", "text": "Welcome and congratulations!! This message demonstrates your ability to send a message notification from WhatsApp Business Platform\u{2019}s Cloud API. Thank you for taking the time to test with us."},
            {"type": "FOOTER", "text": "WhatsApp Business API Team"}
        ]
    });
    let mut fields = normalize::template(posted.as_object().unwrap_or(&Default::default()));
    fields.insert("id".into(), json!(state.new_id()));
    let template = StoredTemplate::new(state.new_seq(), fields, now);
    state.touched.ids.insert(template.id().to_owned());
    state.templates.push(template);
    state
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_new_account_holds_hello_world() {
        let state = super::account();
        assert_eq!(state.templates.len(), 1);
        let hello = &state.templates[0];
        assert_eq!(hello.name(), "hello_world");
        assert_eq!(hello.language(), "en_US");
        assert_eq!(hello.status(), crate::sandbox::status::Status::Approved);
    }
}
