//! JSON Schemas (draft-07, for yaml-language-server) generated from the model types, then shaped
//! for editors: enum values accepted in any case but completed in one spelling (`any_case`), and
//! each kind of component and button under a title of its own (`titles`).

mod any_case;
mod titles;

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
    titles::name_tagged_kinds(&mut schema);
    any_case::accept_any_case(&mut schema);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is plain JSON");
    text.push('\n');
    text
}

/// A template document names one `language`, or (AUTHENTICATION) a `languages` list that the
/// reader expands into one template per language; the list is not a field of the model.
fn template_schema() -> String {
    render_with::<Template>(|schema| {
        let language = schema["properties"]["language"].clone();
        let languages = serde_json::json!({
            "type": "array",
            "items": language,
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
