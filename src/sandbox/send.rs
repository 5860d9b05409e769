//! `POST /{PHONE_NUMBER_ID}/messages` for template messages, and
//! `POST /{PHONE_NUMBER_ID}/marketing_messages` (the Marketing Messages API, MARKETING
//! templates only): the envelope, the template's existence and status in that language; the
//! parameters are checked in `send_params`.

use serde_json::{Value, json};

use super::b64;
use super::errors::{self, ErrorReply};
use super::send_params;
use super::state::AccountState;
use super::status::Status;

/// Which send endpoint was called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Messages,
    MarketingMessages,
}

/// Checks a send and answers as Meta does when it accepts one.
pub fn send(state: &mut AccountState, body: &Value, edge: Edge) -> Result<Value, ErrorReply> {
    if body.get("messaging_product").and_then(Value::as_str) != Some("whatsapp") {
        return Err(errors::bad_send("messaging_product must be \"whatsapp\"."));
    }
    let to = body
        .get("to")
        .and_then(Value::as_str)
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .ok_or_else(|| errors::bad_send("The parameter to is required (a phone number)."))?;
    let kind = body.get("type").and_then(Value::as_str).unwrap_or("text");
    if kind != "template" && edge == Edge::MarketingMessages {
        return Err(errors::bad_send("Message must be a template message."));
    }
    if kind != "template" {
        return Err(errors::bad_send(format!(
            "Message type {kind} is not supported by the sandbox; send a template message (type: template)."
        )));
    }
    let template_param = body
        .get("template")
        .filter(|t| t.is_object())
        .ok_or_else(|| errors::bad_send("The parameter template is required."))?;
    let name = template_param
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| errors::bad_send("The parameter template.name is required."))?;
    let language = template_param
        .pointer("/language/code")
        .and_then(Value::as_str)
        .ok_or_else(|| errors::bad_send("The parameter template.language.code is required."))?;
    let template = state
        .find_by_identity(name, language)
        .ok_or_else(|| errors::template_not_sendable(name, language))?;
    match template.status() {
        Status::Approved => {}
        status @ (Status::Paused | Status::Disabled) => {
            return Err(errors::template_paused_or_disabled(name, &status));
        }
        _ => return Err(errors::template_not_sendable(name, language)),
    }
    if edge == Edge::MarketingMessages && !template.category().eq_ignore_ascii_case("MARKETING") {
        return Err(errors::bad_send(format!(
            "The Marketing Messages API sends MARKETING templates only; template {name} is {}: \
             send it to /messages.",
            template.category()
        )));
    }
    send_params::check(&template.fields, template_param)?;
    let id = template.id().to_owned();
    super::analytics::record_send(state, &id);
    state.messages_sent += 1;
    if edge == Edge::MarketingMessages {
        state.marketing_messages_sent += 1;
    }
    let wa_id: String = to.chars().filter(char::is_ascii_digit).collect();
    let message_id = format!(
        "wamid.{}",
        b64::encode(format!("HBgL{wa_id}FQIAERgS{:020X}", state.messages_sent).as_bytes())
    );
    Ok(json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": to, "wa_id": wa_id}],
        "messages": [{"id": message_id, "message_status": "accepted"}],
    }))
}
