//! JSON Schemas (draft-07, for yaml-language-server) generated from the model types.

use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::config::ProjectFile;
use crate::reconcile::Plan;
use crate::template::model::Template;

/// Every schema file, by name: what `wabactl schema` writes into `schemas/`.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("template.schema.json", template_schema()),
        ("config.schema.json", render::<ProjectFile>()),
        ("plan.schema.json", render::<Plan>()),
    ]
}

fn render<T: schemars::JsonSchema>() -> String {
    render_with::<T>(|_| {})
}

fn render_with<T: schemars::JsonSchema>(adjust: impl FnOnce(&mut Value)) -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    adjust(&mut schema);
    accept_any_case(&mut schema);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is plain JSON");
    text.push('\n');
    text
}

/// A template document names one `language`, or (AUTHENTICATION) a `languages` list that the
/// reader expands into one template per language; the list is not a field of the model.
fn template_schema() -> String {
    render_with::<Template>(|schema| {
        let languages = serde_json::json!({
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
            "description": "AUTHENTICATION only, instead of `language`: the same template in \
                each of these languages, created and edited in one upsert_message_templates call."
        });
        if let Some(properties) = schema["properties"].as_object_mut() {
            properties.insert("languages".into(), languages);
        }
        if let Some(required) = schema["required"].as_array_mut() {
            required.retain(|key| key != "language");
        }
        schema["oneOf"] =
            serde_json::json!([{"required": ["language"]}, {"required": ["languages"]}]);
    })
}

/// Meta accepts enum values in any case; so do we, so the editor must not flag `type: body`.
/// Each `const`/`enum` value gains its lower-case and upper-case spellings (the model sends
/// some values as Meta's documentation writes them, e.g. `call_permission_request`).
fn accept_any_case(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(constant)) = map.get("const").cloned() {
                if constant.chars().any(|c| c.is_ascii_alphabetic()) {
                    map.remove("const");
                    map.insert("enum".into(), spellings(&[Value::String(constant)]));
                }
            } else if let Some(Value::Array(values)) = map.get("enum").cloned() {
                map.insert("enum".into(), spellings(&values));
            }
            map.values_mut().for_each(accept_any_case);
        }
        Value::Array(items) => items.iter_mut().for_each(accept_any_case),
        _ => {}
    }
}

fn spellings(values: &[Value]) -> Value {
    let mut all: Vec<Value> = values.to_vec();
    for value in values {
        if let Value::String(s) = value {
            for spelling in [s.to_lowercase(), s.to_uppercase()] {
                let spelling = Value::String(spelling);
                if !all.contains(&spelling) {
                    all.push(spelling);
                }
            }
        }
    }
    Value::Array(all)
}
