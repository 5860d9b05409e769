//! Builds the body of `POST /{PHONE_NUMBER_ID}/messages` for one declared template, from
//! `KEY=VALUE` parameters, catching missing and unknown parameters before anything is sent.
//!
//! Keys: `1`, `2`, ... or a name for body variables (`body.` prefix optional); `header.1` or
//! `header.NAME` for a text header variable; `header.image` / `header.video` /
//! `header.document` (a media id, or an `https://` link); `header.location` as
//! `LAT,LONG[,NAME[,ADDRESS]]`; `button.N` for the button at index N (URL suffix, coupon code,
//! quick-reply payload); `offer.expiration` for a limited-time offer's expiry (Unix ms).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::spec::model::{Button, Component, HeaderFormat, Template};

/// Everything wrong with a set of parameters, all at once.
#[derive(Debug, thiserror::Error)]
#[error("{}", problems.join("; "))]
pub struct ParamError {
    pub problems: Vec<String>,
}

/// The request body for sending `template` to `to`.
pub fn build_send_body(
    template: &Template,
    to: &str,
    params: &[(String, String)],
) -> Result<Value, ParamError> {
    let mut given: BTreeMap<String, String> = BTreeMap::new();
    for (key, value) in params {
        let key = key.strip_prefix("body.").unwrap_or(key).to_owned();
        given.insert(key, value.clone());
    }
    let mut builder = Builder {
        given,
        used: Vec::new(),
        problems: Vec::new(),
        named: template.parameter_format() == crate::spec::model::ParameterFormat::Named,
    };
    let mut components = Vec::new();
    let authentication = template.category.eq_ignore_ascii_case("AUTHENTICATION");
    for component in &template.components {
        match component {
            Component::Header(header) => components.extend(builder.header(header)),
            Component::Body(body) => {
                if authentication {
                    // The code fills the preset body's {{1}}.
                    components
                        .push(json!({"type": "body", "parameters": [builder.text("1", "1")]}));
                } else if let Some(text) = &body.text {
                    let parameters = builder.variables("", text);
                    if !parameters.is_empty() {
                        components.push(json!({"type": "body", "parameters": parameters}));
                    }
                }
            }
            Component::Buttons(buttons) => {
                for (index, button) in buttons.buttons.iter().enumerate() {
                    components.extend(builder.button(index, button));
                }
            }
            Component::LimitedTimeOffer(offer) => {
                if offer.limited_time_offer.has_expiration == Some(true) {
                    let expiration = builder.take("offer.expiration");
                    if let Some(ms) = expiration {
                        match ms.parse::<i64>() {
                            Ok(ms) => components.push(json!({
                                "type": "limited_time_offer",
                                "parameters": [{"type": "limited_time_offer",
                                    "limited_time_offer": {"expiration_time_ms": ms}}]
                            })),
                            Err(_) => builder.problems.push(format!(
                                "offer.expiration must be Unix milliseconds, got {ms:?}"
                            )),
                        }
                    }
                }
            }
            Component::Carousel(_) => builder.problems.push(
                "carousel templates need per-card parameters, which `send` does not build yet"
                    .into(),
            ),
            Component::Footer(_) | Component::CallPermissionRequest(_) => {}
        }
    }
    builder.finish()?;
    let mut body = json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "template",
        "template": {"name": template.name, "language": {"code": template.language}},
    });
    if !components.is_empty() {
        body["template"]["components"] = Value::Array(components);
    }
    Ok(body)
}

struct Builder {
    given: BTreeMap<String, String>,
    used: Vec<String>,
    problems: Vec<String>,
    named: bool,
}

impl Builder {
    fn take(&mut self, key: &str) -> Option<String> {
        let value = self.given.get(key).cloned();
        if value.is_some() {
            self.used.push(key.to_owned());
        }
        value
    }

    /// A text parameter for variable `variable`, looked up under `key`.
    fn text(&mut self, key: &str, variable: &str) -> Value {
        let value = self.take(key).unwrap_or_else(|| {
            self.problems.push(format!("missing parameter `{key}`"));
            String::new()
        });
        if self.named && variable.parse::<u32>().is_err() {
            json!({"type": "text", "parameter_name": variable, "text": value})
        } else {
            json!({"type": "text", "text": value})
        }
    }

    /// One parameter per variable of `text`, in order; `prefix` is `""` for the body.
    fn variables(&mut self, prefix: &str, text: &str) -> Vec<Value> {
        variables(text)
            .into_iter()
            .map(|variable| self.text(&format!("{prefix}{variable}"), &variable))
            .collect()
    }

    fn header(&mut self, header: &crate::spec::model::Header) -> Option<Value> {
        let parameters = match header.format {
            HeaderFormat::Text => self.variables("header.", header.text.as_deref().unwrap_or("")),
            HeaderFormat::Image | HeaderFormat::Video | HeaderFormat::Document => {
                let kind = format!("{:?}", header.format).to_lowercase();
                let key = format!("header.{kind}");
                match self.take(&key) {
                    Some(media) => {
                        let reference = if media.starts_with("https://") {
                            json!({"link": media})
                        } else {
                            json!({"id": media})
                        };
                        vec![json!({"type": kind, kind.clone(): reference})]
                    }
                    None => {
                        self.problems.push(format!(
                            "missing parameter `{key}` (a media id or https:// link)"
                        ));
                        Vec::new()
                    }
                }
            }
            HeaderFormat::Location => match self.take("header.location") {
                Some(location) => {
                    let parts: Vec<&str> = location.splitn(4, ',').map(str::trim).collect();
                    if parts.len() < 2 {
                        self.problems
                            .push("header.location must be LAT,LONG[,NAME[,ADDRESS]]".to_owned());
                        Vec::new()
                    } else {
                        let mut place = json!({"latitude": parts[0], "longitude": parts[1]});
                        if let Some(name) = parts.get(2) {
                            place["name"] = json!(name);
                        }
                        if let Some(address) = parts.get(3) {
                            place["address"] = json!(address);
                        }
                        vec![json!({"type": "location", "location": place})]
                    }
                }
                None => {
                    self.problems.push(
                        "missing parameter `header.location` (LAT,LONG[,NAME[,ADDRESS]])".into(),
                    );
                    Vec::new()
                }
            },
            HeaderFormat::Product => Vec::new(),
        };
        (!parameters.is_empty()).then(|| json!({"type": "header", "parameters": parameters}))
    }

    fn button(&mut self, index: usize, button: &Button) -> Option<Value> {
        let key = format!("button.{index}");
        let (sub_type, parameter) = match button {
            Button::Url(url) if !variables(&url.url).is_empty() => {
                let suffix = self.required(&key, "the URL's variable part");
                ("url", json!({"type": "text", "text": suffix}))
            }
            Button::CopyCode(_) => {
                let code = self.required(&key, "the coupon code");
                (
                    "copy_code",
                    json!({"type": "coupon_code", "coupon_code": code}),
                )
            }
            // The one-time password goes in the body and in the button (as a URL parameter).
            Button::Otp(_) => {
                let code = self.given.get("1").cloned().unwrap_or_default();
                ("url", json!({"type": "text", "text": code}))
            }
            Button::QuickReply(_) => {
                let payload = self.take(&key)?;
                (
                    "quick_reply",
                    json!({"type": "payload", "payload": payload}),
                )
            }
            _ => return None,
        };
        Some(json!({
            "type": "button",
            "sub_type": sub_type,
            "index": index.to_string(),
            "parameters": [parameter],
        }))
    }

    fn required(&mut self, key: &str, what: &str) -> String {
        self.take(key).unwrap_or_else(|| {
            self.problems
                .push(format!("missing parameter `{key}` ({what})"));
            String::new()
        })
    }

    fn finish(mut self) -> Result<(), ParamError> {
        for key in self.given.keys() {
            if !self.used.contains(key) {
                self.problems.push(format!(
                    "unknown parameter `{key}`: the template has no such variable"
                ));
            }
        }
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ParamError {
                problems: self.problems,
            })
        }
    }
}

/// The variables of a text in order of first appearance: `{{1}}` → `1`, `{{name}}` → `name`.
fn variables(text: &str) -> Vec<String> {
    crate::spec::variables::distinct(text)
        .iter()
        .map(|var| var.key())
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::spec::diagnostic::SourceFile;
    use crate::spec::load::{Loaded, load_source};

    fn template(yaml: &str) -> Template {
        let mut loaded = Loaded::default();
        let file = Arc::new(SourceFile {
            path: "t.yaml".into(),
            text: yaml.into(),
        });
        load_source(file, &mut loaded);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.documents.remove(0).template
    }

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// The send bodies in the corpus, with Meta's loose spellings (integer index, upper-case
    /// sub_type) brought to the one form we write.
    fn corpus_components(file: &str) -> Value {
        let path = format!("{}/sends/{file}", crate::reconcile::test_support::CORPUS);
        let mut body: Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut components = body["template"]["components"].take();
        for component in components.as_array_mut().unwrap() {
            if let Some(index) = component.get("index").cloned() {
                component["index"] = json!(index.to_string().trim_matches('"'));
            }
            if let Some(Value::String(sub_type)) = component.get_mut("sub_type") {
                *sub_type = sub_type.to_lowercase();
            }
        }
        components
    }

    #[test]
    fn positional_and_named_bodies_match_metas_examples() {
        let positional = template(
            "name: order_confirmation\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: Hi {{1}}, order {{2}} is confirmed.\n    example: {body_text: [[Jessica, X]]}\n",
        );
        let body = build_send_body(
            &positional,
            "+16505551234",
            &params(&[("1", "Jessica"), ("2", "SKBUP2-4CPIG9")]),
        )
        .unwrap();
        assert_eq!(
            body["template"]["components"],
            corpus_components("docs_send_positional_params.json")
        );

        let named = template(
            "name: order_confirmation\nlanguage: en_US\ncategory: UTILITY\nparameter_format: NAMED\ncomponents:\n  - type: BODY\n    text: Hi {{first_name}}, order {{order_number}} is confirmed.\n    example: {body_text_named_params: [{param_name: first_name, example: J}, {param_name: order_number, example: X}]}\n",
        );
        let body = build_send_body(
            &named,
            "+16505551234",
            &params(&[("order_number", "SKBUP2-4CPIG9"), ("first_name", "Jessica")]),
        )
        .unwrap();
        assert_eq!(
            body["template"]["components"],
            corpus_components("docs_send_named_params.json")
        );
        assert_eq!(body["template"]["language"]["code"], "en_US");
    }

    #[test]
    fn media_header_copy_code_url_and_offer_match_metas_example() {
        let lto = template(
            "name: lto\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - type: HEADER\n    format: IMAGE\n    example: {header_handle: ['4::a']}\n  - type: LIMITED_TIME_OFFER\n    limited_time_offer: {text: Expiring offer!, has_expiration: true}\n  - type: BODY\n    text: Good news, {{1}}! Use code {{2}} today.\n    example: {body_text: [[Pablo, CARIBE25]]}\n  - type: BUTTONS\n    buttons:\n      - {type: COPY_CODE, example: CARIBE25}\n      - {type: URL, text: Book now!, url: 'https://example.com/offers?code={{1}}', example: ['https://example.com/offers?code=n3mtql']}\n",
        );
        let body = build_send_body(
            &lto,
            "+16505551234",
            &params(&[
                ("header.image", "1602186516975000"),
                ("1", "Pablo"),
                ("2", "CARIBE25"),
                ("offer.expiration", "1209600000"),
                ("button.0", "CARIBE25"),
                ("button.1", "n3mtql"),
            ]),
        )
        .unwrap();
        let mut expected = corpus_components("docs_send_lto_expiration_copy_code_url.json");
        // Meta's page lists the offer before the body; order between components does not matter to the API.
        let mut ours = body["template"]["components"].as_array().unwrap().clone();
        let mut theirs = expected.as_array_mut().unwrap().clone();
        let by_type = |v: &Value| format!("{}{}", v["type"], v["index"]);
        ours.sort_by_key(by_type);
        theirs.sort_by_key(by_type);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn authentication_code_goes_in_body_and_button() {
        let auth = template(
            "name: otp\nlanguage: en_US\ncategory: AUTHENTICATION\ncomponents:\n  - {type: BODY, add_security_recommendation: true}\n  - type: BUTTONS\n    buttons: [{type: OTP, otp_type: COPY_CODE, text: Copy code}]\n",
        );
        let body = build_send_body(&auth, "+16505551234", &params(&[("1", "J$FpnYnP")])).unwrap();
        assert_eq!(
            body["template"]["components"],
            corpus_components("docs_send_auth_otp_url_button.json")
        );
    }

    #[test]
    fn call_permission_request_needs_only_body_parameters() {
        let cpr = template(
            "name: cpr\nlanguage: en_US\ncategory: MARKETING\nparameter_format: NAMED\ncomponents:\n  - type: BODY\n    text: Hi {{first_name}}, can we call you about your order?\n    example: {body_text_named_params: [{param_name: first_name, example: Pablo}]}\n  - type: call_permission_request\n",
        );
        let body =
            build_send_body(&cpr, "+16505551234", &params(&[("first_name", "Pablo")])).unwrap();
        assert_eq!(
            body["template"]["components"],
            corpus_components("docs_send_call_permission_named.json")
        );
    }

    #[test]
    fn missing_and_unknown_parameters_are_refused_together() {
        let positional = template(
            "name: t\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: Hi {{1}}, order {{2}} is here.\n",
        );
        let err =
            build_send_body(&positional, "+1", &params(&[("1", "a"), ("3", "c")])).unwrap_err();
        assert_eq!(err.problems.len(), 2, "{err}");
        assert!(err.to_string().contains("missing parameter `2`"));
        assert!(err.to_string().contains("unknown parameter `3`"));
    }
}
