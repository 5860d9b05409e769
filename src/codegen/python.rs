//! Python: frozen keyword-only dataclasses, `typing.Literal` language sets and one function
//! per template, standard library only. `mypy --strict` clean, laid out as Black lays out code.

use super::{Convert, Field, Model, Value, Variant, names, quoted};

const LAYOUT: super::Layout = super::Layout {
    comment: "#",
    after_header: "",
    before_template: "\n\n",
    between_variants: "\n\n",
};

pub fn render(model: &Model) -> String {
    super::source_file(model, &LAYOUT, RUNTIME, variant_code)
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
        let mut args: Vec<String> = place.split(", ").map(str::to_owned).collect();
        let function = match &part.convert {
            Convert::Action(action) => {
                args.push(quoted(action));
                args.push(if *action == "sections" {
                    format!("_sections({field})")
                } else {
                    field
                });
                "_action"
            }
            convert => {
                args.push(parameter(convert, &field));
                "_part"
            }
        };
        out.push_str(&call_line(function, &args));
    }
    out.push_str("        ],\n    )\n");
    out
}

/// One element of the parts list, as Black writes it in 88 columns: on one line; else the
/// arguments on one line of their own; else one argument a line.
fn call_line(function: &str, args: &[String]) -> String {
    let joined = args.join(", ");
    let line = format!("            {function}({joined}),");
    if line.len() <= 88 {
        return format!("{line}\n");
    }
    if 16 + joined.len() <= 88 {
        return format!("            {function}(\n                {joined}\n            ),\n");
    }
    let args: String = args
        .iter()
        .map(|a| format!("                {a},\n"))
        .collect();
    format!("            {function}(\n{args}            ),\n")
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
const RUNTIME: &str = include_str!("runtime/runtime.py");
