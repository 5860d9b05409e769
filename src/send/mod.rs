//! Builds the body of `POST /{PHONE_NUMBER_ID}/messages` for one declared template from its
//! [send signature](signature::signature) and the values given ([`Params`]), catching missing
//! and unknown parameters before anything is sent.

pub mod params;
pub mod signature;

use serde_json::{Map, Value, json};

pub use params::Params;
pub use signature::{ParamKind, SendParam, signature};

use crate::template::model::{Component, ParameterFormat, Template};

/// What `wabactl send --describe` prints: a template's send parameters.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Description {
    pub name: String,
    pub language: String,
    pub category: String,
    pub parameter_format: ParameterFormat,
    /// In request order; `key` is the path in a parameters file and the `-p` key.
    pub parameters: Vec<SendParam>,
}

pub fn describe(template: &Template) -> Description {
    Description {
        name: template.name.clone(),
        language: template.language.clone(),
        category: template.category.to_uppercase(),
        parameter_format: template.parameter_format(),
        parameters: signature(template),
    }
}

/// Where a send goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `POST /{PHONE_NUMBER_ID}/messages` (Cloud API).
    Messages,
    /// `POST /{PHONE_NUMBER_ID}/marketing_messages` (Marketing Messages API).
    MarketingMessages,
}

/// Meta routes by the template's *current* category on the account, which may differ from the
/// file's after a re-categorisation: MARKETING goes to `/marketing_messages` for an account
/// that opted in, everything else to `/messages` ("Route template messages by category").
pub fn route(opted_in: bool, category_on_account: Option<&str>) -> Route {
    match category_on_account {
        Some(category) if opted_in && category.eq_ignore_ascii_case("MARKETING") => {
            Route::MarketingMessages
        }
        _ => Route::Messages,
    }
}

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
    params: &Params,
) -> Result<Value, ParamError> {
    let named = template.parameter_format() == ParameterFormat::Named;
    let mut groups: Vec<Group> = Vec::new();
    let mut used: Vec<&str> = Vec::new();
    let mut problems = Vec::new();
    let expected = signature(template);
    for param in &expected {
        let group = match groups.iter().position(|g| g.holds(param)) {
            Some(i) => i,
            None => {
                groups.push(Group::of(param));
                groups.len() - 1
            }
        };
        let Some(value) = params.get(&param.key) else {
            if param.required {
                problems.push(format!(
                    "missing parameter `{}` ({}, {})",
                    param.key,
                    param.kind.label(),
                    param.place()
                ));
            }
            continue;
        };
        used.push(&param.key);
        match parameter(param, value, named) {
            Ok(Part::Parameter(p)) => groups[group].parameters.push(p),
            Ok(Part::Action(field, v)) => {
                groups[group].action.insert(field.into(), v);
            }
            Err(why) => problems.push(format!(
                "parameter `{}`{}: {why}",
                param.key,
                params.origin(&param.key)
            )),
        }
    }
    for leaf in params.leaves() {
        if !used.iter().any(|key| covers(key, &leaf)) {
            problems.push(format!(
                "unknown parameter `{leaf}`{}: `{}` has no such parameter (wabactl send --describe {} lists them)",
                params.origin(&leaf),
                template.name,
                template.name
            ));
        }
    }
    if !problems.is_empty() {
        return Err(ParamError { problems });
    }
    let cards = template.components.iter().find_map(|c| match c {
        Component::Carousel(carousel) => Some(carousel.cards.len()),
        _ => None,
    });
    let components = assemble(groups, cards);
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

/// True when the value at `leaf` is the one given at `key`, or inside it.
fn covers(key: &str, leaf: &str) -> bool {
    leaf.strip_prefix(key)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// The parameters bound for one request component (of the template or of a card).
struct Group {
    card: Option<usize>,
    component: &'static str,
    button_index: Option<usize>,
    sub_type: Option<&'static str>,
    parameters: Vec<Value>,
    /// Fields of the single `action` parameter (MPM, catalog, flow buttons).
    action: Map<String, Value>,
}

impl Group {
    fn of(param: &SendParam) -> Self {
        Group {
            card: param.card,
            component: param.component,
            button_index: param.button_index,
            sub_type: param.sub_type,
            parameters: Vec::new(),
            action: Map::new(),
        }
    }

    fn holds(&self, param: &SendParam) -> bool {
        self.card == param.card
            && self.component == param.component
            && self.button_index == param.button_index
            && self.sub_type == param.sub_type
    }

    fn into_component(mut self) -> Option<Value> {
        if !self.action.is_empty() {
            self.parameters
                .push(json!({"type": "action", "action": self.action}));
        }
        if self.parameters.is_empty() {
            return None;
        }
        let mut component = json!({"type": self.component});
        if let Some(sub_type) = self.sub_type {
            component["sub_type"] = json!(sub_type);
            // Meta's voice-call button is addressed by its sub_type alone.
            if sub_type != "voice_call" {
                component["index"] = json!(self.button_index.unwrap_or(0).to_string());
            }
        }
        component["parameters"] = Value::Array(self.parameters);
        Some(component)
    }
}

/// The request's components: the template's groups in order, with the card groups gathered
/// into one `carousel` component holding every card of the template.
fn assemble(groups: Vec<Group>, cards: Option<usize>) -> Vec<Value> {
    let mut out = Vec::new();
    let mut carousel: Option<(usize, Vec<Vec<Value>>)> = None;
    for group in groups {
        match group.card {
            Some(card) => {
                let (_, cards) = carousel.get_or_insert_with(|| {
                    (out.len(), vec![Vec::new(); cards.unwrap_or(card + 1)])
                });
                let card_components = &mut cards[card];
                card_components.extend(group.into_component());
            }
            None => out.extend(group.into_component()),
        }
    }
    if let Some((at, cards)) = carousel {
        let cards: Vec<Value> = cards
            .into_iter()
            .enumerate()
            .map(|(i, components)| json!({"card_index": i, "components": components}))
            .collect();
        out.insert(at, json!({"type": "carousel", "cards": cards}));
    }
    out
}

/// What one value becomes: a parameter object, or a field of the group's `action`.
enum Part {
    Parameter(Value),
    Action(&'static str, Value),
}

/// A scalar as text: strings as they are, numbers and booleans as written.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn integer_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn parameter(param: &SendParam, value: &Value, named: bool) -> Result<Part, String> {
    let text = || text_of(value).ok_or_else(|| format!("expected a text, got {}", kind_of(value)));
    let kind = param.kind.label();
    Ok(Part::Parameter(match param.kind {
        ParamKind::Text => {
            let mut p = match value {
                Value::Object(map)
                    if map.len() == 1
                        && param.component != "button"
                        && (map.contains_key("currency") || map.contains_key("date_time")) =>
                {
                    let (kind, inner) = map.iter().next().expect("one entry");
                    json!({"type": kind, kind.clone(): inner})
                }
                _ => json!({"type": "text", "text": text()?}),
            };
            if named && param.component != "button" && param.name.parse::<u32>().is_err() {
                p["parameter_name"] = json!(param.name);
            }
            p
        }
        ParamKind::Image | ParamKind::Video | ParamKind::Document => {
            let media = match value {
                Value::Object(map) if map.contains_key("id") || map.contains_key("link") => {
                    value.clone()
                }
                _ => {
                    let reference = text().map_err(|_| {
                        format!(
                            "expected a media id or an https:// link, got {}",
                            kind_of(value)
                        )
                    })?;
                    if reference.contains("://") {
                        json!({"link": reference})
                    } else {
                        json!({"id": reference})
                    }
                }
            };
            json!({"type": kind, kind: media})
        }
        ParamKind::Location => json!({"type": "location", "location": location(value)?}),
        ParamKind::Product => {
            let field = |name: &str| {
                value.get(name).and_then(text_of).ok_or_else(|| {
                    format!("expected `{{catalog_id, product_retailer_id}}`, `{name}` is missing")
                })
            };
            json!({"type": "product", "product": {
                "product_retailer_id": field("product_retailer_id")?,
                "catalog_id": field("catalog_id")?,
            }})
        }
        ParamKind::Sections => return Ok(Part::Action("sections", sections(value)?)),
        ParamKind::Thumbnail => {
            return Ok(Part::Action(
                "thumbnail_product_retailer_id",
                json!(text()?),
            ));
        }
        ParamKind::FlowToken => return Ok(Part::Action("flow_token", json!(text()?))),
        ParamKind::FlowActionData => {
            if !value.is_object() {
                return Err(format!("expected a map, got {}", kind_of(value)));
            }
            return Ok(Part::Action("flow_action_data", value.clone()));
        }
        ParamKind::CouponCode => json!({"type": "coupon_code", "coupon_code": text()?}),
        ParamKind::Payload => json!({"type": "payload", "payload": text()?}),
        ParamKind::Expiration => {
            let ms = integer_of(value)
                .ok_or_else(|| format!("expected Unix milliseconds, got {}", kind_of(value)))?;
            json!({"type": "limited_time_offer", "limited_time_offer": {"expiration_time_ms": ms}})
        }
        ParamKind::TtlMinutes => {
            let minutes = integer_of(value)
                .ok_or_else(|| format!("expected a number of minutes, got {}", kind_of(value)))?;
            json!({"type": "ttl_minutes", "ttl_minutes": minutes})
        }
        ParamKind::TapTarget => {
            let targets = match value {
                Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            };
            for target in &targets {
                if target.get("url").and_then(Value::as_str).is_none()
                    || target.get("title").and_then(Value::as_str).is_none()
                {
                    return Err("expected `{url, title}`".into());
                }
            }
            json!({"type": "tap_target_configuration", "tap_target_configuration": targets})
        }
    }))
}

/// `LAT,LONG[,NAME[,ADDRESS]]` or `{latitude, longitude, name, address}`.
fn location(value: &Value) -> Result<Value, String> {
    const SHAPE: &str =
        "expected LAT,LONG[,NAME[,ADDRESS]] or {latitude, longitude, name, address}";
    if let Value::Object(map) = value {
        if map.get("latitude").and_then(text_of).is_none()
            || map.get("longitude").and_then(text_of).is_none()
        {
            return Err(SHAPE.into());
        }
        return Ok(value.clone());
    }
    let text = text_of(value).ok_or(SHAPE)?;
    let parts: Vec<&str> = text.splitn(4, ',').map(str::trim).collect();
    if parts.len() < 2 {
        return Err(SHAPE.into());
    }
    let mut place = json!({"latitude": parts[0], "longitude": parts[1]});
    if let Some(name) = parts.get(2) {
        place["name"] = json!(name);
    }
    if let Some(address) = parts.get(3) {
        place["address"] = json!(address);
    }
    Ok(place)
}

/// `[{title, product_items: [ID or {product_retailer_id: ID}, ...]}, ...]`.
fn sections(value: &Value) -> Result<Value, String> {
    const SHAPE: &str = "expected a list of `{title, product_items: [PRODUCT_RETAILER_ID, ...]}`";
    let items = value.as_array().filter(|s| !s.is_empty()).ok_or(SHAPE)?;
    let mut out = Vec::new();
    for (i, section) in items.iter().enumerate() {
        let title = section
            .get("title")
            .and_then(text_of)
            .ok_or_else(|| format!("section {i} has no `title`"))?;
        let products = section
            .get("product_items")
            .and_then(Value::as_array)
            .filter(|p| !p.is_empty())
            .ok_or_else(|| format!("section {i} has no `product_items`"))?;
        let products = products
            .iter()
            .map(|p| {
                p.get("product_retailer_id")
                    .and_then(text_of)
                    .or_else(|| text_of(p))
                    .map(|id| json!({"product_retailer_id": id}))
                    .ok_or_else(|| format!("section {i}: a product item is not a retailer id"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        out.push(json!({"title": title, "product_items": products}));
    }
    Ok(Value::Array(out))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

#[cfg(test)]
mod tests;
