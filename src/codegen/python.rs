//! Python: frozen keyword-only dataclasses, `typing.Literal` language sets and one function
//! per template, standard library only. `mypy --strict` clean, laid out as Black lays out code.

use super::{Convert, Field, Model, Value, Variant, names};

pub fn render(model: &Model) -> String {
    let mut out = String::new();
    for line in super::header(model) {
        out.push_str(&format!("# {line}\n"));
    }
    out.push_str(RUNTIME);
    for code in &model.templates {
        out.push_str(&format!("\n\n# {}\n", super::marker(code)));
        for variant in &code.variants {
            out.push_str(&variant_code(variant));
        }
    }
    out
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

fn none_or(value: Option<String>) -> String {
    value.unwrap_or_else(|| "None".into())
}

fn value_type(value: Value) -> &'static str {
    match value {
        Value::Text => "Text",
        Value::String => "str",
        Value::Media => "Media",
        Value::Location => "Location",
        Value::Product => "Product",
        Value::Sections => "list[Section]",
        Value::Integer => "int",
        Value::Map => "dict[str, Json]",
        Value::TapTarget => "TapTarget",
    }
}

/// Required fields first (the order does not matter to keyword-only dataclasses).
fn fields(out: &mut String, fields: &[Field]) {
    for field in fields.iter().filter(|f| f.required) {
        out.push_str(&format!(
            "    {}: {}\n",
            names::python_field(&field.name),
            value_type(field.value)
        ));
    }
    for field in fields.iter().filter(|f| !f.required) {
        out.push_str(&format!(
            "    {}: {} | None = None\n",
            names::python_field(&field.name),
            value_type(field.value)
        ));
    }
}

fn card_type(variant: &Variant, card: usize) -> String {
    if variant.uniform_cards() {
        format!("{}Card", variant.type_name)
    } else {
        format!("{}Card{card}", variant.type_name)
    }
}

fn variant_code(variant: &Variant) -> String {
    let name = &variant.type_name;
    let mut out = String::new();
    let languages: Vec<String> = variant.languages.iter().map(|l| quoted(l)).collect();
    let literal = format!("{name}Language = Literal[{}]", languages.join(", "));
    if literal.len() <= 88 {
        out.push_str(&format!("{literal}\n"));
    } else {
        out.push_str(&format!("{name}Language = Literal[\n"));
        for language in &languages {
            out.push_str(&format!("    {language},\n"));
        }
        out.push_str("]\n");
    }
    if let Some(cards) = &variant.cards {
        for (index, card) in cards.iter().enumerate() {
            if index > 0 && variant.uniform_cards() {
                break;
            }
            out.push_str(&format!(
                "\n\n@dataclass(frozen=True, kw_only=True)\nclass {}:\n    \"\"\"A carousel card of `{}`.\"\"\"\n\n",
                card_type(variant, index),
                variant.name
            ));
            fields(&mut out, card);
        }
    }
    if variant.has_params() {
        out.push_str(&format!(
            "\n\n@dataclass(frozen=True, kw_only=True)\nclass {name}Params:\n    \"\"\"The parameters of `{}` ({}).\"\"\"\n\n",
            variant.name, variant.category
        ));
        fields(&mut out, &variant.fields);
        if let Some(cards) = &variant.cards {
            let types: Vec<String> = (0..cards.len()).map(|i| card_type(variant, i)).collect();
            let line = format!("    cards: tuple[{}]", types.join(", "));
            if line.len() <= 88 {
                out.push_str(&format!("{line}\n"));
            } else {
                out.push_str("    cards: tuple[\n");
                for t in types {
                    out.push_str(&format!("        {t},\n"));
                }
                out.push_str("    ]\n");
            }
        }
    }
    out.push_str(&format!(
        "\n\ndef build_{}(\n    to: str,\n    language: {name}Language,\n",
        variant.snake_name
    ));
    if variant.has_params() {
        out.push_str(&format!("    params: {name}Params,\n"));
    }
    let cards = none_or(variant.cards.as_ref().map(|c| c.len().to_string()));
    out.push_str(&format!(
        ") -> SendBody:\n    \"\"\"The body of a send of `{}` to `to`.\"\"\"\n    return _assemble(\n        {},\n        language,\n        to,\n        {cards},\n        [\n",
        variant.name,
        quoted(&variant.name)
    ));
    for part in &variant.parts {
        let field = match part.card {
            Some(card) => format!(
                "params.cards[{card}].{}",
                names::python_field(&variant.cards.as_ref().expect("cards")[card][part.field].name)
            ),
            None => format!(
                "params.{}",
                names::python_field(&variant.fields[part.field].name)
            ),
        };
        let place = format!(
            "{}, {}, {}, {}",
            none_or(part.card.map(|c| c.to_string())),
            quoted(part.component),
            none_or(part.button_index.map(|i| i.to_string())),
            none_or(part.sub_type.map(quoted))
        );
        let call = match &part.convert {
            Convert::Action(action) => {
                let value = if *action == "sections" {
                    format!("_sections({field})")
                } else {
                    field
                };
                format!("_action({place}, {}, {value})", quoted(action))
            }
            convert => format!("_part({place}, {})", parameter(convert, &field)),
        };
        out.push_str(&format!("            {call},\n"));
    }
    out.push_str("        ],\n    )\n");
    out
}

fn parameter(convert: &Convert, field: &str) -> String {
    match convert {
        Convert::Text { parameter_name } => format!(
            "_text({field}, {})",
            none_or(parameter_name.as_deref().map(quoted))
        ),
        Convert::ButtonText => format!("_button_text({field})"),
        Convert::Media(kind) => format!("_media({}, {field})", quoted(kind)),
        Convert::Location => format!("_location({field})"),
        Convert::Product => format!("_product({field})"),
        Convert::CouponCode => format!("_coupon_code({field})"),
        Convert::Payload => format!("_payload({field})"),
        Convert::Expiration => format!("_expiration({field})"),
        Convert::TtlMinutes => format!("_ttl_minutes({field})"),
        Convert::TapTarget => format!("_tap_target({field})"),
        Convert::Action(_) => unreachable!("actions are parts of their own"),
    }
}

/// The types and the assembly shared by every template: the body is built as
/// `crate::send::build_send_body` builds it, key for key, in the same order.
const RUNTIME: &str = r#"
"""WhatsApp Cloud API send bodies, one typed builder per template.

`build_NAME(to, language, params)` returns the body of `POST /{PHONE_NUMBER_ID}/messages`
(or `/marketing_messages`, see `send_path`); post it as JSON with any HTTP client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Json = Union[None, bool, int, float, str, list["Json"], dict[str, "Json"]]
SendBody = dict[str, Json]


def send_path(phone_number_id: str, marketing_messages: bool = False) -> str:
    """`/{PHONE_NUMBER_ID}/messages`, or `/marketing_messages` for a MARKETING template."""
    edge = "marketing_messages" if marketing_messages else "messages"
    return f"/{phone_number_id}/{edge}"


@dataclass(frozen=True, kw_only=True)
class Currency:
    fallback_value: str
    code: str
    amount_1000: int


@dataclass(frozen=True, kw_only=True)
class DateTime:
    fallback_value: str


# A body or header variable: a text, a currency or a date-time.
Text = Union[str, Currency, DateTime]


@dataclass(frozen=True, kw_only=True)
class MediaId:
    id: str
    filename: str | None = None


@dataclass(frozen=True, kw_only=True)
class MediaLink:
    link: str
    filename: str | None = None


# A media id, an `https://` link, or either with a file name.
Media = Union[str, MediaId, MediaLink]


@dataclass(frozen=True, kw_only=True)
class Location:
    latitude: str
    longitude: str
    name: str | None = None
    address: str | None = None


@dataclass(frozen=True, kw_only=True)
class Product:
    catalog_id: str
    product_retailer_id: str


@dataclass(frozen=True, kw_only=True)
class Section:
    title: str
    product_items: list[str]


@dataclass(frozen=True, kw_only=True)
class TapTarget:
    url: str
    title: str


_Place = tuple[Union[int, None], str, Union[int, None], Union[str, None]]


@dataclass
class _Part:
    place: _Place
    parameter: Json = None
    action: tuple[str, Json] | None = None


@dataclass
class _Group:
    place: _Place
    parameters: list[Json] = field(default_factory=list)
    action: dict[str, Json] = field(default_factory=dict)

    def component(self) -> Json:
        parameters = list(self.parameters)
        if self.action:
            parameters.append({"type": "action", "action": self.action})
        if not parameters:
            return None
        _, kind, index, sub_type = self.place
        out: dict[str, Json] = {"type": kind}
        if sub_type is not None:
            out["sub_type"] = sub_type
            # The voice-call button is addressed by its sub_type alone.
            if sub_type != "voice_call":
                out["index"] = str(index or 0)
        out["parameters"] = parameters
        return out


def _part(
    card: int | None,
    component: str,
    index: int | None,
    sub_type: str | None,
    parameter: Json,
) -> _Part:
    return _Part((card, component, index, sub_type), parameter)


def _action(
    card: int | None,
    component: str,
    index: int | None,
    sub_type: str | None,
    name: str,
    value: Json,
) -> _Part:
    return _Part((card, component, index, sub_type), None, (name, value))


def _text(value: Text | None, name: str | None) -> Json:
    if value is None:
        return None
    parameter: dict[str, Json]
    if isinstance(value, Currency):
        currency: dict[str, Json] = {
            "fallback_value": value.fallback_value,
            "code": value.code,
            "amount_1000": value.amount_1000,
        }
        parameter = {"type": "currency", "currency": currency}
    elif isinstance(value, DateTime):
        date_time: dict[str, Json] = {"fallback_value": value.fallback_value}
        parameter = {"type": "date_time", "date_time": date_time}
    else:
        parameter = {"type": "text", "text": value}
    if name is not None:
        parameter["parameter_name"] = name
    return parameter


def _button_text(value: str | None) -> Json:
    return None if value is None else {"type": "text", "text": value}


def _media(kind: str, value: Media | None) -> Json:
    if value is None:
        return None
    media: dict[str, Json]
    if isinstance(value, str):
        media = {"link": value} if "://" in value else {"id": value}
    else:
        media = {"id": value.id} if isinstance(value, MediaId) else {"link": value.link}
        if value.filename is not None:
            media["filename"] = value.filename
    return {"type": kind, kind: media}


def _location(value: Location | None) -> Json:
    if value is None:
        return None
    place: dict[str, Json] = {"latitude": value.latitude, "longitude": value.longitude}
    if value.name is not None:
        place["name"] = value.name
    if value.address is not None:
        place["address"] = value.address
    return {"type": "location", "location": place}


def _product(value: Product | None) -> Json:
    if value is None:
        return None
    product: dict[str, Json] = {
        "product_retailer_id": value.product_retailer_id,
        "catalog_id": value.catalog_id,
    }
    return {"type": "product", "product": product}


def _sections(value: list[Section] | None) -> Json:
    if value is None:
        return None
    out: list[Json] = []
    for section in value:
        items: list[Json] = [{"product_retailer_id": i} for i in section.product_items]
        out.append({"title": section.title, "product_items": items})
    return out


def _coupon_code(value: str | None) -> Json:
    return None if value is None else {"type": "coupon_code", "coupon_code": value}


def _payload(value: str | None) -> Json:
    return None if value is None else {"type": "payload", "payload": value}


def _expiration(value: int | None) -> Json:
    if value is None:
        return None
    offer: dict[str, Json] = {"expiration_time_ms": value}
    return {"type": "limited_time_offer", "limited_time_offer": offer}


def _ttl_minutes(value: int | None) -> Json:
    return None if value is None else {"type": "ttl_minutes", "ttl_minutes": value}


def _tap_target(value: TapTarget | None) -> Json:
    if value is None:
        return None
    targets: list[Json] = [{"url": value.url, "title": value.title}]
    return {"type": "tap_target_configuration", "tap_target_configuration": targets}


def _assemble(
    name: str, language: str, to: str, cards: int | None, parts: list[_Part]
) -> SendBody:
    groups: list[_Group] = []
    for part in parts:
        group = next((g for g in groups if g.place == part.place), None)
        if group is None:
            group = _Group(part.place)
            groups.append(group)
        if part.parameter is not None:
            group.parameters.append(part.parameter)
        if part.action is not None and part.action[1] is not None:
            group.action[part.action[0]] = part.action[1]
    components: list[Json] = []
    carousel: list[list[Json]] | None = None
    at = 0
    for group in groups:
        built = group.component()
        card = group.place[0]
        if card is None:
            if built is not None:
                components.append(built)
            continue
        if carousel is None:
            carousel = [[] for _ in range(card + 1 if cards is None else cards)]
            at = len(components)
        if built is not None:
            carousel[card].append(built)
    if carousel is not None:
        card_list: list[Json] = [
            {"card_index": i, "components": c} for i, c in enumerate(carousel)
        ]
        components.insert(at, {"type": "carousel", "cards": card_list})
    template: dict[str, Json] = {"name": name, "language": {"code": language}}
    if components:
        template["components"] = components
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "template",
        "template": template,
    }
"#;
