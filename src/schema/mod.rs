//! JSON Schemas (draft-07, for yaml-language-server) generated from the model types, then shaped
//! for editors: enum values accepted in any case but completed in one spelling (`any_case`), and
//! each kind of component and button under a title of its own (`titles`).

mod any_case;
mod titles;

use schemars::generate::SchemaSettings;

use crate::config::ProjectFile;
use crate::reconcile::Plan;
use crate::template::model::Template;

/// Every schema file, by name: what `wabactl schema` writes into `schemas/`.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("template.schema.json", render::<Template>()),
        ("config.schema.json", render::<ProjectFile>()),
        ("plan.schema.json", render::<Plan>()),
    ]
}

fn render<T: schemars::JsonSchema>() -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    titles::name_tagged_kinds(&mut schema);
    any_case::accept_any_case(&mut schema);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is plain JSON");
    text.push('\n');
    text
}
