//! TypeScript: plain types and one function per template, no imports. Strict-mode clean
//! (`tsc --strict`), laid out as Prettier lays out code.

use super::{Convert, Field, Model, Value, Variant, quoted};

const LAYOUT: super::Layout = super::Layout {
    comment: "//",
    after_header: "\n",
    before_template: "\n",
    between_variants: "",
};

pub fn render(model: &Model) -> String {
    super::source_file(model, &LAYOUT, RUNTIME, variant_code)
}

fn value_type(value: Value) -> &'static str {
    match value {
        Value::Text => "Text",
        Value::String => "string",
        Value::Media => "Media",
        Value::Location => "Location",
        Value::Product => "Product",
        Value::Sections => "Section[]",
        Value::Integer => "number",
        Value::Map => "{ [key: string]: Json }",
        Value::TapTarget => "TapTarget",
    }
}

fn fields(out: &mut String, fields: &[Field]) {
    for field in fields {
        out.push_str(&format!(
            "  /** `{}` */\n  {}{}: {};\n",
            field.key,
            field.name.camel(),
            if field.required { "" } else { "?" },
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
    out.push_str(&format!(
        "\n/** The languages `{}` ({}) is declared in with this signature. */\nexport type {name}Language = {};\n",
        variant.name,
        variant.category,
        languages.join(" | ")
    ));
    if let Some(cards) = &variant.cards {
        for (index, card) in cards.iter().enumerate() {
            if index > 0 && variant.uniform_cards() {
                break;
            }
            out.push_str(&format!(
                "\n/** A carousel card of `{}`. */\nexport interface {} {{\n",
                variant.name,
                card_type(variant, index)
            ));
            fields(&mut out, card);
            out.push_str("}\n");
        }
    }
    if variant.has_params() {
        out.push_str(&format!(
            "\n/** The parameters of `{}`. */\nexport interface {name}Params {{\n",
            variant.name
        ));
        fields(&mut out, &variant.fields);
        if let Some(cards) = &variant.cards {
            let types: Vec<String> = (0..cards.len()).map(|i| card_type(variant, i)).collect();
            let tuple = format!("[{}]", types.join(", "));
            if tuple.len() + 11 <= 80 {
                out.push_str(&format!("  cards: {tuple};\n"));
            } else {
                out.push_str("  cards: [\n");
                for t in types {
                    out.push_str(&format!("    {t},\n"));
                }
                out.push_str("  ];\n");
            }
        }
        out.push_str("}\n");
    }
    out.push_str(&format!(
        "\n/** The body of a send of `{}` to `to`. */\nexport function build{name}(\n  to: string,\n  language: {name}Language,\n",
        variant.name
    ));
    if variant.has_params() {
        out.push_str(&format!("  params: {name}Params,\n"));
    }
    let cards = variant
        .cards
        .as_ref()
        .map_or("null".to_owned(), |c| c.len().to_string());
    out.push_str(&format!(
        "): SendBody {{\n  return assemble({}, language, to, {cards}, [\n",
        quoted(&variant.name)
    ));
    for part in &variant.parts {
        let field = match part.card {
            Some(card) => format!(
                "params.cards[{card}].{}",
                variant.cards.as_ref().expect("cards")[card][part.field]
                    .name
                    .camel()
            ),
            None => format!("params.{}", variant.fields[part.field].name.camel()),
        };
        let place = format!(
            "{}, {}, {}, {}",
            part.card.map_or("null".into(), |c| c.to_string()),
            quoted(part.component),
            part.button_index.map_or("null".into(), |i| i.to_string()),
            part.sub_type.map_or("null".into(), quoted)
        );
        let mut args: Vec<String> = place.split(", ").map(str::to_owned).collect();
        let function = match &part.convert {
            Convert::Action(action) => {
                args.push(quoted(action));
                args.push(if *action == "sections" {
                    format!("sections({field})")
                } else {
                    field
                });
                "action"
            }
            convert => {
                args.push(parameter(convert, &field));
                "part"
            }
        };
        out.push_str(&call_line(function, &args));
    }
    out.push_str("  ]);\n}\n");
    out
}

/// One element of the parts list, as Prettier writes it: on one line when it fits in 80
/// columns, else one argument a line.
fn call_line(function: &str, args: &[String]) -> String {
    let line = format!("    {function}({}),", args.join(", "));
    if line.len() <= 80 {
        return format!("{line}\n");
    }
    let args: String = args.iter().map(|a| format!("      {a},\n")).collect();
    format!("    {function}(\n{args}    ),\n")
}

fn parameter(convert: &Convert, field: &str) -> String {
    match convert {
        Convert::Text { parameter_name } => format!(
            "text({field}, {})",
            parameter_name.as_deref().map_or("null".into(), quoted)
        ),
        Convert::ButtonText => format!("buttonText({field})"),
        Convert::Media(kind) => format!("media({}, {field})", quoted(kind)),
        Convert::Location => format!("location({field})"),
        Convert::Product => format!("product({field})"),
        Convert::CouponCode => format!("couponCode({field})"),
        Convert::Payload => format!("payload({field})"),
        Convert::Expiration => format!("expiration({field})"),
        Convert::TtlMinutes => format!("ttlMinutes({field})"),
        Convert::TapTarget => format!("tapTarget({field})"),
        Convert::Action(_) => unreachable!("actions are parts of their own"),
    }
}

/// The types and the assembly shared by every template: the body is built as
/// `crate::send::build_send_body` builds it, key for key, in the same order.
const RUNTIME: &str = include_str!("runtime/runtime.ts");
