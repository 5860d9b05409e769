//! Go: a package of structs and functions over `encoding/json`, gofmt-clean. Go has no
//! required struct fields and no closed string sets, so a template's required parameters are
//! the builder's arguments (omitting one fails to compile), its optional ones an `Options`
//! struct, and its languages values of a struct type no caller can make.

use super::{Convert, Field, Model, Value, Variant, names, quoted};

const LAYOUT: super::Layout = super::Layout {
    comment: "//",
    after_header: "\n",
    before_template: "\n",
    between_variants: "",
};

pub fn render(model: &Model) -> String {
    super::source_file(model, &LAYOUT, RUNTIME, variant_code)
}

/// The Go type of a field: its value, or a pointer to it when it may be left out.
fn field_type(field: &Field) -> String {
    let base = match field.value {
        Value::Text => return "TextValue".into(),
        Value::Map => return "map[string]any".into(),
        Value::Sections => return "[]Section".into(),
        Value::String => "string",
        Value::Media => "Media",
        Value::Location => "Location",
        Value::Product => "Product",
        Value::Integer => "int64",
        Value::TapTarget => "TapTarget",
    };
    if field.required {
        base.into()
    } else {
        format!("*{base}")
    }
}

/// Names the builder's body uses besides the parameters: its other arguments and the
/// package's functions, which a parameter of the same name would hide.
const TAKEN: [&str; 24] = [
    "to",
    "language",
    "options",
    "cards",
    "card0",
    "card1",
    "card2",
    "card3",
    "card4",
    "card5",
    "card6",
    "card7",
    "card8",
    "card9",
    "parameter",
    "action",
    "text",
    "buttonText",
    "media",
    "location",
    "product",
    "sections",
    "couponCode",
    "payload",
];
/// More of the package's functions (kept apart to keep the lists short).
const TAKEN_TOO: [&str; 6] = [
    "expiration",
    "ttlMinutes",
    "tapTarget",
    "optionalString",
    "optionalMap",
    "assemble",
];

/// The name of a required parameter, as the builder's (or card constructor's) argument and
/// as the card's unexported field.
fn argument(field: &Field) -> String {
    let name = names::go_parameter(&field.name);
    if TAKEN.contains(&name.as_str()) || TAKEN_TOO.contains(&name.as_str()) {
        format!("{name}Param")
    } else {
        name
    }
}

/// `rows` as gofmt aligns them: the first column padded to the widest.
fn aligned(indent: &str, rows: &[(String, String)], separator: &str) -> String {
    let width = rows
        .iter()
        .map(|(a, _)| a.chars().count())
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|(a, b)| {
            let pad = " ".repeat(width - a.chars().count());
            format!("{indent}{a}{pad}{separator}{b}\n")
        })
        .collect()
}

fn struct_type(name: &str, rows: &[(String, String)]) -> String {
    if rows.is_empty() {
        format!("type {name} struct{{}}\n")
    } else {
        format!("type {name} struct {{\n{}}}\n", aligned("\t", rows, " "))
    }
}

fn card_type(variant: &Variant, card: usize) -> String {
    if variant.uniform_cards() {
        format!("{}Card", variant.type_name)
    } else {
        format!("{}Card{card}", variant.type_name)
    }
}

fn keys(fields: &[&Field]) -> String {
    fields
        .iter()
        .map(|f| f.key.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn variant_code(variant: &Variant) -> String {
    let name = &variant.type_name;
    let mut out = String::new();
    out.push_str(&format!(
        "\n// {name}Language is a language {} is declared in: one of the {name}In values.\ntype {name}Language struct{{ code string }}\n\n// The languages of {} with this signature.\nvar (\n",
        variant.name, variant.name
    ));
    let rows: Vec<(String, String)> = variant
        .languages
        .iter()
        .map(|l| {
            (
                format!("{name}In{}", names::Name::of(l).pascal()),
                format!("{name}Language{{{}}}", quoted(l)),
            )
        })
        .collect();
    out.push_str(&aligned("\t", &rows, " = "));
    out.push_str(")\n");
    if let Some(cards) = &variant.cards {
        for (index, card) in cards.iter().enumerate() {
            if index > 0 && variant.uniform_cards() {
                break;
            }
            let card_name = card_type(variant, index);
            let required: Vec<&Field> = card.iter().filter(|f| f.required).collect();
            let mut rows: Vec<(String, String)> = required
                .iter()
                .map(|f| (argument(f), field_type(f)))
                .collect();
            rows.extend(
                card.iter()
                    .filter(|f| !f.required)
                    .map(|f| (f.name.pascal(), field_type(f))),
            );
            out.push_str(&format!(
                "\n// {card_name} is a carousel card of {}: make it with New{card_name} and set\n// the optional fields.\n",
                variant.name
            ));
            out.push_str(&struct_type(&card_name, &rows));
            let arguments: Vec<String> = required
                .iter()
                .map(|f| format!("{} {}", argument(f), field_type(f)))
                .collect();
            let values: Vec<String> = required
                .iter()
                .map(|f| format!("{0}: {0}", argument(f)))
                .collect();
            out.push_str(&format!(
                "\n// New{card_name} takes the card's required parameters ({}).\nfunc New{card_name}({}) {card_name} {{\n\treturn {card_name}{{{}}}\n}}\n",
                if required.is_empty() { "none".to_owned() } else { keys(&required) },
                arguments.join(", "),
                values.join(", ")
            ));
        }
    }
    let required: Vec<&Field> = variant.fields.iter().filter(|f| f.required).collect();
    let optional: Vec<&Field> = variant.fields.iter().filter(|f| !f.required).collect();
    if !optional.is_empty() {
        out.push_str(&format!(
            "\n// {name}Options are the parameters a send of {} may leave out ({}).\n",
            variant.name,
            keys(&optional)
        ));
        let rows: Vec<(String, String)> = optional
            .iter()
            .map(|f| (f.name.pascal(), field_type(f)))
            .collect();
        out.push_str(&struct_type(&format!("{name}Options"), &rows));
    }
    out.push_str(&format!(
        "\n// Build{name} returns the body of a send of {} ({}).\n// Its required parameters, in the template's order: {}.\nfunc Build{name}(\n\tto string,\n\tlanguage {name}Language,\n",
        variant.name,
        variant.category,
        if required.is_empty() {
            "none".to_owned()
        } else {
            keys(&required)
        }
    ));
    for field in &required {
        out.push_str(&format!("\t{} {},\n", argument(field), field_type(field)));
    }
    if let Some(cards) = &variant.cards {
        let types: Vec<String> = (0..cards.len()).map(|i| card_type(variant, i)).collect();
        if variant.uniform_cards() {
            out.push_str(&format!("\tcards [{}]{},\n", cards.len(), types[0]));
        } else {
            for (i, t) in types.iter().enumerate() {
                out.push_str(&format!("\tcard{i} {t},\n"));
            }
        }
    }
    if !optional.is_empty() {
        out.push_str(&format!("\toptions {name}Options,\n"));
    }
    let cards = variant.cards.as_ref().map_or(-1, |c| c.len() as i64);
    out.push_str(&format!(
        ") SendBody {{\n\treturn assemble({}, language.code, to, {cards}, []part{{\n",
        quoted(&variant.name)
    ));
    for part in &variant.parts {
        let (field, access) = match part.card {
            Some(card) => {
                let field = &variant.cards.as_ref().expect("cards")[card][part.field];
                let holder = if variant.uniform_cards() {
                    format!("cards[{card}]")
                } else {
                    format!("card{card}")
                };
                let member = if field.required {
                    argument(field)
                } else {
                    field.name.pascal()
                };
                (field, format!("{holder}.{member}"))
            }
            None => {
                let field = &variant.fields[part.field];
                let access = if field.required {
                    argument(field)
                } else {
                    format!("options.{}", field.name.pascal())
                };
                (field, access)
            }
        };
        // The converters take a pointer (nil: left out); a required value is addressed.
        let pointer = if field.required
            && !matches!(field.value, Value::Text | Value::Map | Value::Sections)
        {
            format!("&{access}")
        } else {
            access.clone()
        };
        let place = format!(
            "{}, {}, {}, {}",
            part.card.map_or("-1".into(), |c| c.to_string()),
            quoted(part.component),
            part.button_index.map_or("-1".into(), |i| i.to_string()),
            quoted(part.sub_type.unwrap_or(""))
        );
        let call = match &part.convert {
            Convert::Action(action) => {
                let value = match field.value {
                    Value::Sections => format!("sections({access})"),
                    Value::Map => format!("optionalMap({access})"),
                    _ => format!("optionalString({pointer})"),
                };
                format!("action({place}, {}, {value})", quoted(action))
            }
            convert => format!(
                "parameter({place}, {})",
                converted(convert, &access, &pointer, field.value == Value::String)
            ),
        };
        out.push_str(&format!("\t\t{call},\n"));
    }
    out.push_str("\t})\n}\n");
    out
}

fn converted(convert: &Convert, value: &str, pointer: &str, is_string: bool) -> String {
    match convert {
        // A text that is also a button's (the one-time password) is a plain string.
        Convert::Text { parameter_name } if is_string => format!(
            "text(Text({value}), {})",
            quoted(parameter_name.as_deref().unwrap_or(""))
        ),
        Convert::Text { parameter_name } => format!(
            "text({value}, {})",
            quoted(parameter_name.as_deref().unwrap_or(""))
        ),
        Convert::ButtonText => format!("buttonText({pointer})"),
        Convert::Media(kind) => format!("media({}, {pointer})", quoted(kind)),
        Convert::Location => format!("location({pointer})"),
        Convert::Product => format!("product({pointer})"),
        Convert::CouponCode => format!("couponCode({pointer})"),
        Convert::Payload => format!("payload({pointer})"),
        Convert::Expiration => format!("expiration({pointer})"),
        Convert::TtlMinutes => format!("ttlMinutes({pointer})"),
        Convert::TapTarget => format!("tapTarget({pointer})"),
        Convert::Action(_) => unreachable!("actions are parts of their own"),
    }
}

/// The types and the assembly shared by every template: the body is built as
/// `crate::send::build_send_body` builds it, key for key, in the same order.
const RUNTIME: &str = include_str!("runtime/runtime.go");
