//! The model and the check, on templates small enough to read.

use std::sync::Arc;

use super::*;
use crate::template::diagnostic::SourceFile;
use crate::template::load::{Loaded, load_source};

fn templates(yaml: &str) -> Vec<Template> {
    let mut loaded = Loaded::default();
    let file = Arc::new(SourceFile {
        path: "t.yaml".into(),
        text: yaml.into(),
    });
    load_source(file, &mut loaded);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.documents.into_iter().map(|d| d.template).collect()
}

fn model_of(templates: &[Template]) -> Model {
    let inputs: Vec<Input> = templates
        .iter()
        .map(|template| Input {
            source: "t.yaml",
            template,
        })
        .collect();
    model(&inputs).unwrap()
}

const ORDER: &str = "name: order\nlanguage: en_US\ncategory: UTILITY\ncomponents:\n  - type: BODY\n    text: Hi {{1}}, order {{2}}.\n    example: {body_text: [[A, B]]}\n";

#[test]
fn languages_with_one_signature_share_a_type_and_others_get_their_own() {
    let same = format!("{ORDER}---\n{}", ORDER.replace("en_US", "pt_BR"));
    let model = model_of(&templates(&same));
    let variants = &model.templates[0].variants;
    assert_eq!(variants.len(), 1);
    assert_eq!(variants[0].type_name, "Order");
    assert_eq!(variants[0].languages, ["en_US", "pt_BR"]);
    let names: Vec<String> = variants[0].fields.iter().map(|f| f.name.snake()).collect();
    assert_eq!(names, ["body1", "body2", "tap_target"]);

    let differ = format!(
        "{ORDER}---\n{}",
        ORDER
            .replace("en_US", "pt_BR")
            .replace("{{2}}.", "{{2}} {{3}}.")
            .replace("[[A, B]]", "[[A, B, C]]")
    );
    let model = model_of(&templates(&differ));
    let names: Vec<&str> = model.templates[0]
        .variants
        .iter()
        .map(|v| v.type_name.as_str())
        .collect();
    assert_eq!(names, ["OrderEnUs", "OrderPtBr"]);
}

#[test]
fn the_check_names_the_templates_whose_signatures_changed() {
    let before = model_of(&templates(ORDER));
    let changed = ORDER
        .replace("{{2}}.", "{{2}} {{3}}.")
        .replace("[[A, B]]", "[[A, B, C]]");
    let after_templates = templates(&format!(
        "{changed}---\n{}",
        ORDER.replace("name: order", "name: other")
    ));
    let after = model_of(&after_templates);
    assert_ne!(before.digest, after.digest);
    for lang in [Lang::TypeScript, Lang::Python, Lang::Go, Lang::JsonSchema] {
        let stale = staleness(&lang.render(&before), &lang.render(&after));
        assert_eq!(stale.changed, ["order"], "{lang:?}");
        assert_eq!(stale.added, ["other"], "{lang:?}");
        assert!(stale.removed.is_empty());
        assert!(staleness(&lang.render(&after), &lang.render(&after)).is_empty());
    }
}

#[test]
fn output_is_the_same_for_the_same_templates_in_any_order() {
    let both = templates(&format!(
        "{ORDER}---\n{}",
        ORDER.replace("name: order", "name: other")
    ));
    let reversed: Vec<Template> = both.iter().rev().cloned().collect();
    for lang in [Lang::TypeScript, Lang::Python, Lang::Go, Lang::JsonSchema] {
        assert_eq!(
            lang.render(&model_of(&both)),
            lang.render(&model_of(&reversed))
        );
    }
}

#[test]
fn two_templates_that_would_share_a_type_name_are_refused() {
    let clash = templates(&format!(
        "{}---\n{}",
        ORDER.replace("name: order", "name: a_b1"),
        ORDER.replace("name: order", "name: a_b_1")
    ));
    let inputs: Vec<Input> = clash
        .iter()
        .map(|template| Input {
            source: "t.yaml",
            template,
        })
        .collect();
    let err = model(&inputs).unwrap_err().to_string();
    assert!(err.contains("`a_b1` and `a_b_1`"), "{err}");
}
