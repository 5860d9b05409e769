//! TypeScript: plain types and one function per template, no imports. Strict-mode clean
//! (`tsc --strict`), laid out as Prettier lays out code.

use super::{Convert, Field, Model, Value, Variant};

pub fn render(model: &Model) -> String {
    let mut out = String::new();
    for line in super::header(model) {
        out.push_str(&format!("// {line}\n"));
    }
    out.push('\n');
    out.push_str(RUNTIME);
    for code in &model.templates {
        out.push_str(&format!("\n// {}\n", super::marker(code)));
        for variant in &code.variants {
            out.push_str(&variant_code(variant));
        }
    }
    out
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
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
        let call = match &part.convert {
            Convert::Action(action) => {
                let value = if *action == "sections" {
                    format!("sections({field})")
                } else {
                    field
                };
                format!("action({place}, {}, {value})", quoted(action))
            }
            convert => format!("part({place}, {})", parameter(convert, &field)),
        };
        out.push_str(&format!("    {call},\n"));
    }
    out.push_str("  ]);\n}\n");
    out
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
const RUNTIME: &str = r#"/** A JSON value. */
export type Json =
  | null
  | boolean
  | number
  | string
  | Json[]
  | { [key: string]: Json };

/** The body of `POST /{PHONE_NUMBER_ID}/messages` (or `/marketing_messages`). */
export type SendBody = { [key: string]: Json };

/** `/{PHONE_NUMBER_ID}/messages`, or `/marketing_messages` for a MARKETING template. */
export function sendPath(phoneNumberId: string, marketingMessages = false): string {
  const edge = marketingMessages ? "marketing_messages" : "messages";
  return `/${phoneNumberId}/${edge}`;
}

export type Currency = {
  fallback_value: string;
  code: string;
  amount_1000: number;
};
export type DateTime = { fallback_value: string };
/** A body or header variable: a text, a currency or a date-time. */
export type Text = string | { currency: Currency } | { date_time: DateTime };
/** A media id, an `https://` link, or either with a file name. */
export type Media =
  | string
  | { id: string; filename?: string }
  | { link: string; filename?: string };
export type Location = {
  latitude: string;
  longitude: string;
  name?: string;
  address?: string;
};
export type Product = { catalog_id: string; product_retailer_id: string };
export type Section = { title: string; product_items: string[] };
export type TapTarget = { url: string; title: string };

type Place = {
  card: number | null;
  component: string;
  index: number | null;
  subType: string | null;
};
type Part = Place & {
  parameter?: Json;
  action?: [string, Json | undefined];
};
type Group = Place & {
  parameters: Json[];
  action: { [key: string]: Json };
};

function part(
  card: number | null,
  component: string,
  index: number | null,
  subType: string | null,
  parameter: Json | undefined,
): Part {
  const place = { card, component, index, subType };
  return parameter === undefined ? place : { ...place, parameter };
}

function action(
  card: number | null,
  component: string,
  index: number | null,
  subType: string | null,
  field: string,
  value: Json | undefined,
): Part {
  return { card, component, index, subType, action: [field, value] };
}

function text(value: Text | undefined, name: string | null): Json | undefined {
  if (value === undefined) return undefined;
  let parameter: { [key: string]: Json };
  if (typeof value === "string") {
    parameter = { type: "text", text: value };
  } else if ("currency" in value) {
    const { fallback_value, code, amount_1000 } = value.currency;
    parameter = {
      type: "currency",
      currency: { fallback_value, code, amount_1000 },
    };
  } else {
    const { fallback_value } = value.date_time;
    parameter = { type: "date_time", date_time: { fallback_value } };
  }
  if (name !== null) parameter.parameter_name = name;
  return parameter;
}

function buttonText(value: string | undefined): Json | undefined {
  return value === undefined ? undefined : { type: "text", text: value };
}

function media(kind: string, value: Media | undefined): Json | undefined {
  if (value === undefined) return undefined;
  let object: { [key: string]: Json };
  if (typeof value === "string") {
    object = value.includes("://") ? { link: value } : { id: value };
  } else {
    object = "id" in value ? { id: value.id } : { link: value.link };
    if (value.filename !== undefined) object.filename = value.filename;
  }
  return { type: kind, [kind]: object };
}

function location(value: Location | undefined): Json | undefined {
  if (value === undefined) return undefined;
  const place: { [key: string]: Json } = {
    latitude: value.latitude,
    longitude: value.longitude,
  };
  if (value.name !== undefined) place.name = value.name;
  if (value.address !== undefined) place.address = value.address;
  return { type: "location", location: place };
}

function product(value: Product | undefined): Json | undefined {
  if (value === undefined) return undefined;
  const { product_retailer_id, catalog_id } = value;
  return { type: "product", product: { product_retailer_id, catalog_id } };
}

function sections(value: Section[] | undefined): Json | undefined {
  return value?.map((section) => ({
    title: section.title,
    product_items: section.product_items.map((id) => ({
      product_retailer_id: id,
    })),
  }));
}

function couponCode(value: string | undefined): Json | undefined {
  return value === undefined
    ? undefined
    : { type: "coupon_code", coupon_code: value };
}

function payload(value: string | undefined): Json | undefined {
  return value === undefined ? undefined : { type: "payload", payload: value };
}

function expiration(value: number | undefined): Json | undefined {
  return value === undefined
    ? undefined
    : {
        type: "limited_time_offer",
        limited_time_offer: { expiration_time_ms: value },
      };
}

function ttlMinutes(value: number | undefined): Json | undefined {
  return value === undefined
    ? undefined
    : { type: "ttl_minutes", ttl_minutes: value };
}

function tapTarget(value: TapTarget | undefined): Json | undefined {
  if (value === undefined) return undefined;
  const target = { url: value.url, title: value.title };
  return {
    type: "tap_target_configuration",
    tap_target_configuration: [target],
  };
}

function component(group: Group): Json | undefined {
  const parameters = [...group.parameters];
  if (Object.keys(group.action).length > 0) {
    parameters.push({ type: "action", action: group.action });
  }
  if (parameters.length === 0) return undefined;
  const out: { [key: string]: Json } = { type: group.component };
  if (group.subType !== null) {
    out.sub_type = group.subType;
    // The voice-call button is addressed by its sub_type alone.
    if (group.subType !== "voice_call") out.index = String(group.index ?? 0);
  }
  out.parameters = parameters;
  return out;
}

function assemble(
  name: string,
  language: string,
  to: string,
  cards: number | null,
  parts: Part[],
): SendBody {
  const groups: Group[] = [];
  for (const { parameter, action, ...place } of parts) {
    let group = groups.find(
      (g) =>
        g.card === place.card &&
        g.component === place.component &&
        g.index === place.index &&
        g.subType === place.subType,
    );
    if (group === undefined) {
      group = { ...place, parameters: [], action: {} };
      groups.push(group);
    }
    if (parameter !== undefined) group.parameters.push(parameter);
    if (action !== undefined && action[1] !== undefined) {
      group.action[action[0]] = action[1];
    }
  }
  const components: Json[] = [];
  let carousel: Json[][] | null = null;
  let at = 0;
  for (const group of groups) {
    const built = component(group);
    if (group.card === null) {
      if (built !== undefined) components.push(built);
      continue;
    }
    if (carousel === null) {
      const length = cards ?? group.card + 1;
      carousel = Array.from({ length }, (): Json[] => []);
      at = components.length;
    }
    if (built !== undefined) carousel[group.card]?.push(built);
  }
  if (carousel !== null) {
    const cardList = carousel.map((c, i) => ({ card_index: i, components: c }));
    components.splice(at, 0, { type: "carousel", cards: cardList });
  }
  const template: { [key: string]: Json } = { name, language: { code: language } };
  if (components.length > 0) template.components = components;
  return {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to,
    type: "template",
    template,
  };
}
"#;
