//! Whether a template send's parameters fit the approved template, as Meta checks them: the
//! count and names of text parameters, the header's media type, button parameters by index
//! and type (including the MPM sections, the catalog thumbnail and the SPM product), the
//! offer's expiry and the carousel's cards.
//!
//! An independent model of Meta's behaviour: it reads the stored template as Meta's API
//! returns it and shares no code with the CLI's send builder.

use serde_json::Value;

use super::errors::{self, ErrorReply};
use super::validate::variables;

/// Checks the `template.components` of a send against the stored template's fields.
pub fn check(stored: &serde_json::Map<String, Value>, send: &Value) -> Result<(), ErrorReply> {
    let named = stored
        .get("parameter_format")
        .and_then(Value::as_str)
        .is_some_and(|f| f.eq_ignore_ascii_case("NAMED"));
    let authentication = stored
        .get("category")
        .and_then(Value::as_str)
        .is_some_and(|c| c.eq_ignore_ascii_case("AUTHENTICATION"));
    let template = list(stored.get("components"));
    let given = match send.get("components") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(_) => return Err(errors::bad_send("components must be an array.")),
    };
    let checker = ParamChecker {
        named,
        authentication,
        scope: String::new(),
    };
    checker.components(&template, &given)?;

    let carousel = template.iter().find(|c| kind_is(c, "type", "CAROUSEL"));
    let sent = given.iter().find(|c| kind_is(c, "type", "carousel"));
    match (carousel, sent) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(errors::bad_send(
            "carousel: the template has no carousel component.",
        )),
        (Some(carousel), sent) => {
            let cards = list(carousel.get("cards"));
            let sent_cards = sent.map(|s| list(s.get("cards"))).unwrap_or_default();
            if cards.len() != sent_cards.len() {
                return Err(errors::card_count_mismatch(cards.len(), sent_cards.len()));
            }
            for (index, card) in cards.iter().enumerate() {
                let sent_card = sent_cards
                    .iter()
                    .find(|c| c.get("card_index").and_then(index_of) == Some(index))
                    .ok_or_else(|| {
                        errors::bad_send(format!("carousel: card_index {index} is missing."))
                    })?;
                let checker = ParamChecker {
                    named,
                    authentication: false,
                    scope: format!("cards[{index}] "),
                };
                checker.components(
                    &list(card.get("components")),
                    &list(sent_card.get("components")),
                )?;
            }
            Ok(())
        }
    }
}

fn list(value: Option<&Value>) -> Vec<&Value> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter().collect())
        .unwrap_or_default()
}

fn kind_is(value: &Value, field: &str, kind: &str) -> bool {
    value
        .get(field)
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case(kind))
}

/// A button index or card index, given as a number or as a string.
fn index_of(value: &Value) -> Option<usize> {
    match value {
        Value::Number(n) => n.as_u64().map(|n| n as usize),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn str_at<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

struct ParamChecker {
    named: bool,
    authentication: bool,
    /// `cards[N] ` inside a carousel card, for the error details.
    scope: String,
}

impl ParamChecker {
    fn components(&self, template: &[&Value], given: &[&Value]) -> Result<(), ErrorReply> {
        let of_type = |kind: &str| -> Vec<&Value> {
            given
                .iter()
                .filter(|c| kind_is(c, "type", kind))
                .flat_map(|c| list(c.get("parameters")))
                .collect()
        };
        for component in given {
            let kind = component.get("type").and_then(Value::as_str).unwrap_or("");
            let known = [
                "header",
                "body",
                "button",
                "limited_time_offer",
                "carousel",
                "tap_target_configuration",
            ];
            if !known.iter().any(|k| k.eq_ignore_ascii_case(kind)) {
                return Err(errors::bad_send(format!(
                    "{}components: unknown component type {kind:?}.",
                    self.scope
                )));
            }
        }
        let find = |kind: &str| template.iter().copied().find(|c| kind_is(c, "type", kind));
        self.header(find("HEADER"), &of_type("header"))?;
        self.body(find("BODY"), &of_type("body"))?;
        self.offer(find("LIMITED_TIME_OFFER"), &of_type("limited_time_offer"))?;
        let buttons = find("BUTTONS")
            .map(|b| list(b.get("buttons")))
            .unwrap_or_default();
        let sent_buttons: Vec<&Value> = given
            .iter()
            .copied()
            .filter(|c| kind_is(c, "type", "button"))
            .collect();
        self.buttons(&buttons, &sent_buttons)
    }

    fn count(&self, component: &str, expected: usize, given: usize) -> Result<(), ErrorReply> {
        if expected == given {
            Ok(())
        } else {
            Err(errors::param_count_mismatch(
                &format!("{}{component}", self.scope),
                expected,
                given,
            ))
        }
    }

    fn format(&self, what: String) -> ErrorReply {
        errors::param_format_mismatch(&format!("{}{what}", self.scope))
    }

    /// Text parameters for the variables of `text`: the count, each one's type, and for named
    /// templates the names.
    fn texts(&self, component: &str, text: &str, given: &[&Value]) -> Result<(), ErrorReply> {
        let mut expected: Vec<&str> = variables(text);
        expected.sort_unstable();
        expected.dedup();
        self.count(component, expected.len(), given.len())?;
        for parameter in given {
            let kind = parameter.get("type").and_then(Value::as_str).unwrap_or("");
            let well_formed = match kind {
                "text" => parameter.get("text").is_some_and(Value::is_string),
                "currency" => str_at(parameter, "/currency/fallback_value").is_some(),
                "date_time" => str_at(parameter, "/date_time/fallback_value").is_some(),
                _ => false,
            };
            if !well_formed {
                return Err(self.format(format!(
                    "{component}: a parameter of type {kind:?} where the template has a text variable"
                )));
            }
            if self.named {
                let name = parameter.get("parameter_name").and_then(Value::as_str);
                if !name.is_some_and(|n| expected.contains(&n)) {
                    return Err(self.format(format!(
                        "{component}: parameter_name {:?} is not a variable of the template",
                        name.unwrap_or("")
                    )));
                }
            }
        }
        Ok(())
    }

    fn header(&self, header: Option<&Value>, given: &[&Value]) -> Result<(), ErrorReply> {
        let Some(header) = header else {
            return self.count("header", 0, given.len());
        };
        let format = header
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or("TEXT")
            .to_ascii_lowercase();
        if format == "text" {
            let text = header.get("text").and_then(Value::as_str).unwrap_or("");
            return self.texts("header", text, given);
        }
        self.count("header", 1, given.len())?;
        let parameter = given[0];
        if !kind_is(parameter, "type", &format) {
            return Err(self.format(format!(
                "header: a {:?} parameter where the template has a {format} header",
                parameter.get("type").and_then(Value::as_str).unwrap_or("")
            )));
        }
        let complete = match format.as_str() {
            "image" | "video" | "document" => {
                str_at(parameter, &format!("/{format}/id")).is_some()
                    || str_at(parameter, &format!("/{format}/link")).is_some()
            }
            "location" => {
                parameter.pointer("/location/latitude").is_some()
                    && parameter.pointer("/location/longitude").is_some()
            }
            "product" => {
                str_at(parameter, "/product/product_retailer_id").is_some()
                    && str_at(parameter, "/product/catalog_id").is_some()
            }
            _ => true,
        };
        if complete {
            Ok(())
        } else {
            Err(errors::required_parameter_missing(&format!(
                "{}header: the {format} parameter is incomplete",
                self.scope
            )))
        }
    }

    fn body(&self, body: Option<&Value>, given: &[&Value]) -> Result<(), ErrorReply> {
        let text = body.and_then(|b| b.get("text")).and_then(Value::as_str);
        match text {
            Some(text) => self.texts("body", text, given),
            // An authentication body is generated around the code, its one variable.
            None if self.authentication => self.count("body", 1, given.len()),
            None => self.count("body", 0, given.len()),
        }
    }

    fn offer(&self, offer: Option<&Value>, given: &[&Value]) -> Result<(), ErrorReply> {
        let expires = offer
            .and_then(|o| o.pointer("/limited_time_offer/has_expiration"))
            .and_then(Value::as_bool)
            == Some(true);
        self.count("limited_time_offer", usize::from(expires), given.len())?;
        if expires
            && given[0]
                .pointer("/limited_time_offer/expiration_time_ms")
                .and_then(Value::as_i64)
                .is_none()
        {
            return Err(self.format(
                "limited_time_offer: expiration_time_ms must be Unix milliseconds".into(),
            ));
        }
        Ok(())
    }

    fn buttons(&self, buttons: &[&Value], sent: &[&Value]) -> Result<(), ErrorReply> {
        for component in sent {
            let sub_type = component
                .get("sub_type")
                .and_then(Value::as_str)
                .unwrap_or("");
            let index = component.get("index").and_then(index_of);
            // Meta's voice-call button is addressed by its sub_type alone.
            let found = match index {
                Some(i) => buttons.get(i).map(|b| (i, *b)),
                None if sub_type.eq_ignore_ascii_case("voice_call") => buttons
                    .iter()
                    .position(|b| kind_is(b, "type", "VOICE_CALL"))
                    .map(|i| (i, buttons[i])),
                None => None,
            };
            let Some((i, button)) = found else {
                return Err(errors::bad_send(format!(
                    "{}buttons: there is no button at index {}.",
                    self.scope,
                    index.map_or("(none)".to_owned(), |i| i.to_string())
                )));
            };
            let (kind, url_variable) = button_kind(button);
            if matches!(kind.as_str(), "PHONE_NUMBER" | "URL" | "SPM") && !url_variable {
                // Meta's wording, which calls a phone-number button "Call".
                let shown = if kind == "PHONE_NUMBER" {
                    "Call"
                } else {
                    &kind
                };
                return Err(errors::bad_send(format!(
                    "buttons: Button at index {i} is of type {shown} and does not support parameters"
                )));
            }
            let expected_sub_type = match kind.as_str() {
                "OTP" => "url",
                other => other,
            };
            if !sub_type.eq_ignore_ascii_case(expected_sub_type) {
                return Err(self.format(format!(
                    "button at index {i}: sub_type {sub_type:?} where the template has a {kind} button"
                )));
            }
            self.button(i, &kind, &list(component.get("parameters")))?;
        }
        // Buttons that cannot go without parameters.
        for (i, button) in buttons.iter().enumerate() {
            let (kind, url_variable) = button_kind(button);
            let needs =
                url_variable || matches!(kind.as_str(), "COPY_CODE" | "OTP" | "MPM" | "CATALOG");
            let given = sent
                .iter()
                .any(|c| c.get("index").and_then(index_of) == Some(i));
            if needs && !given {
                return Err(errors::param_count_mismatch(
                    &format!("{}button at index {i} ({kind})", self.scope),
                    1,
                    0,
                ));
            }
        }
        Ok(())
    }

    fn button(&self, i: usize, kind: &str, parameters: &[&Value]) -> Result<(), ErrorReply> {
        let place = format!("button at index {i} ({kind})");
        let one = |types: &[&str]| -> Result<&Value, ErrorReply> {
            self.count(&place, 1, parameters.len())?;
            let parameter = parameters[0];
            if types.iter().any(|t| kind_is(parameter, "type", t)) {
                Ok(parameter)
            } else {
                Err(self.format(format!(
                    "{place}: a {:?} parameter where {} is expected",
                    parameter.get("type").and_then(Value::as_str).unwrap_or(""),
                    types.join(" or ")
                )))
            }
        };
        let missing = |what: &str| {
            errors::required_parameter_missing(&format!(
                "{}{place}: {what} is required",
                self.scope
            ))
        };
        match kind {
            "URL" => {
                one(&["text"])?;
            }
            "OTP" => {
                one(&["text"])?;
            }
            "COPY_CODE" => {
                let parameter = one(&["coupon_code"])?;
                str_at(parameter, "/coupon_code").ok_or_else(|| missing("coupon_code"))?;
            }
            "QUICK_REPLY" => {
                one(&["payload", "text"])?;
            }
            "MPM" => {
                let parameter = one(&["action"])?;
                str_at(parameter, "/action/thumbnail_product_retailer_id")
                    .ok_or_else(|| missing("action.thumbnail_product_retailer_id"))?;
                let sections = parameter
                    .pointer("/action/sections")
                    .and_then(Value::as_array)
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| missing("action.sections"))?;
                for section in sections {
                    let products = section.get("product_items").and_then(Value::as_array);
                    if str_at(section, "/title").is_none()
                        || !products.is_some_and(|p| {
                            !p.is_empty()
                                && p.iter()
                                    .all(|i| str_at(i, "/product_retailer_id").is_some())
                        })
                    {
                        return Err(missing(
                            "a title and product_items with product_retailer_id in every section",
                        ));
                    }
                }
            }
            "CATALOG" => {
                let parameter = one(&["action"])?;
                str_at(parameter, "/action/thumbnail_product_retailer_id")
                    .ok_or_else(|| missing("action.thumbnail_product_retailer_id"))?;
            }
            "FLOW" => {
                one(&["action"])?;
            }
            "VOICE_CALL" => {
                for parameter in parameters {
                    let ok = (kind_is(parameter, "type", "ttl_minutes")
                        && parameter.get("ttl_minutes").is_some_and(Value::is_i64))
                        || (kind_is(parameter, "type", "payload")
                            && parameter.get("payload").is_some_and(Value::is_string));
                    if !ok {
                        return Err(self.format(format!(
                            "{place}: takes ttl_minutes and payload parameters only"
                        )));
                    }
                }
            }
            // Buttons without parameters were refused by the caller.
            _ => {}
        }
        Ok(())
    }
}

/// A template button's type (upper case), and whether it is a URL button with a variable.
fn button_kind(button: &Value) -> (String, bool) {
    let kind = button
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_uppercase();
    let url_variable = kind == "URL"
        && !variables(button.get("url").and_then(Value::as_str).unwrap_or("")).is_empty();
    (kind, url_variable)
}
