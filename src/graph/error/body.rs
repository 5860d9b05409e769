//! Meta's `error` object as sent, read from an answer (or the bare inner object some proxies
//! pass on), with the token scrubbed from every text it holds.

use serde::Deserialize;

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
