//! JSON Schema (draft 2020-12): one parameters schema and one language set per template, for
//! languages wabactl does not write, through their own schema-to-code generators. Properties
//! are named as in Python (`body1`, `first_name`, `button0_payload`); each says its key in a
//! parameters file (`x-wabactl-key`), so a generator of another language can build the body.

use serde_json::{Map, Value as Json, json};

use super::{Field, Model, Value, Variant, names};

pub fn render(model: &Model) -> String {
    let mut defs = shared();
    for code in &model.templates {
        for (index, variant) in code.variants.iter().enumerate() {
            let marker = (index == 0).then(|| super::marker(code));
            variant_defs(&mut defs, variant, marker);
        }
    }
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": super::header(model).join("\n"),
        "title": "The send parameters of the declared templates",
        "$defs": defs,
    });
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

fn shared() -> Map<String, Json> {
    let string = json!({"type": "string"});
    let object = |properties: Json, required: &[&str]| json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false});
    let mut defs = Map::new();
    defs.insert(
        "Text".into(),
        json!({"description": "A body or header variable: a text, a currency or a date-time.", "oneOf": [
            string,
            object(json!({"currency": object(json!({"fallback_value": string, "code": string, "amount_1000": {"type": "integer"}}), &["fallback_value", "code", "amount_1000"])}), &["currency"]),
            object(json!({"date_time": object(json!({"fallback_value": string}), &["fallback_value"])}), &["date_time"]),
        ]}),
    );
    defs.insert(
        "Media".into(),
        json!({"description": "A media id, an https:// link, or either with a file name.", "oneOf": [
            string,
            object(json!({"id": string, "filename": string}), &["id"]),
            object(json!({"link": string, "filename": string}), &["link"]),
        ]}),
    );
    defs.insert(
        "Location".into(),
        object(
            json!({"latitude": string, "longitude": string, "name": string, "address": string}),
            &["latitude", "longitude"],
        ),
    );
    defs.insert(
        "Product".into(),
        object(
            json!({"catalog_id": string, "product_retailer_id": string}),
            &["catalog_id", "product_retailer_id"],
        ),
    );
    defs.insert(
        "Section".into(),
        object(
            json!({"title": string, "product_items": {"type": "array", "items": string, "minItems": 1}}),
            &["title", "product_items"],
        ),
    );
    defs.insert(
        "TapTarget".into(),
        object(json!({"url": string, "title": string}), &["url", "title"]),
    );
    defs
}

fn value_schema(value: Value) -> Json {
    match value {
        Value::Text => json!({"$ref": "#/$defs/Text"}),
        Value::String => json!({"type": "string"}),
        Value::Media => json!({"$ref": "#/$defs/Media"}),
        Value::Location => json!({"$ref": "#/$defs/Location"}),
        Value::Product => json!({"$ref": "#/$defs/Product"}),
        Value::Sections => {
            json!({"type": "array", "items": {"$ref": "#/$defs/Section"}, "minItems": 1})
        }
        Value::Integer => json!({"type": "integer"}),
        Value::Map => json!({"type": "object"}),
        Value::TapTarget => json!({"$ref": "#/$defs/TapTarget"}),
    }
}

fn object_of(fields: &[Field], extra: Option<(&str, Json)>) -> Json {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields {
        let name = names::python_field(&field.name);
        let mut schema = value_schema(field.value);
        schema["x-wabactl-key"] = json!(field.key);
        if field.required {
            required.push(json!(name));
        }
        properties.insert(name, schema);
    }
    if let Some((name, schema)) = extra {
        required.push(json!(name));
        properties.insert(name.into(), schema);
    }
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

fn card_name(variant: &Variant, card: usize) -> String {
    if variant.uniform_cards() {
        format!("{}Card", variant.type_name)
    } else {
        format!("{}Card{card}", variant.type_name)
    }
}

fn variant_defs(defs: &mut Map<String, Json>, variant: &Variant, marker: Option<String>) {
    let name = &variant.type_name;
    defs.insert(
        format!("{name}Language"),
        json!({"description": format!("The languages `{}` is declared in with this signature.", variant.name), "enum": variant.languages}),
    );
    let cards = variant.cards.as_ref().map(|cards| {
        for (index, card) in cards.iter().enumerate() {
            if index == 0 || !variant.uniform_cards() {
                defs.insert(card_name(variant, index), object_of(card, None));
            }
        }
        let items: Vec<Json> = (0..cards.len())
            .map(|i| json!({"$ref": format!("#/$defs/{}", card_name(variant, i))}))
            .collect();
        (
            "cards",
            json!({"type": "array", "prefixItems": items, "items": false, "minItems": cards.len()}),
        )
    });
    let mut params = object_of(&variant.fields, cards);
    let mut head = Map::new();
    if let Some(marker) = marker {
        head.insert("$comment".into(), json!(marker));
    }
    head.insert(
        "description".into(),
        json!(format!(
            "The parameters of `{}` ({}).",
            variant.name, variant.category
        )),
    );
    head.insert("x-wabactl-template".into(), json!(variant.name));
    head.insert("x-wabactl-languages".into(), json!(variant.languages));
    if let Json::Object(rest) = params.take() {
        head.extend(rest);
    }
    defs.insert(format!("{name}Params"), Json::Object(head));
}
