//! A document that names several languages at once (`languages: [en_US, es_ES, fr]`), as
//! Meta's `POST /{WABA_ID}/upsert_message_templates` takes them: it stands for one template
//! per language, each the same but for `language` (templates-api.md §2.6, §3.7).

use serde_json::Value;

/// The languages of a document that lists them, or why the list is malformed (a message about
/// the `languages` key). `Ok(None)` for a document with a single `language`.
pub fn languages_of(document: &Value) -> Result<Option<Vec<String>>, String> {
    let Some(list) = document.get("languages") else {
        return Ok(None);
    };
    if document.get("language").is_some() {
        return Err("give either `language` or `languages`, not both".into());
    }
    let Some(items) = list.as_array() else {
        return Err("`languages` must be a list of language codes".into());
    };
    if items.is_empty() {
        return Err("`languages` must name at least one language".into());
    }
    items
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_owned)
                .ok_or_else(|| "every entry of `languages` must be a language code".to_owned())
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The single-language document for `language`: `languages` replaced by `language`.
pub fn for_language(document: &Value, language: &str) -> Value {
    let mut one = document.clone();
    if let Some(map) = one.as_object_mut() {
        map.shift_remove("languages");
        map.insert("language".into(), Value::String(language.to_owned()));
    }
    one
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_list_stands_for_one_document_per_language() {
        let doc =
            json!({"name": "code", "languages": ["en_US", "fr"], "category": "AUTHENTICATION"});
        assert_eq!(
            languages_of(&doc).unwrap(),
            Some(vec!["en_US".to_owned(), "fr".to_owned()])
        );
        assert_eq!(
            for_language(&doc, "fr"),
            json!({"name": "code", "category": "AUTHENTICATION", "language": "fr"})
        );
        assert_eq!(languages_of(&json!({"language": "en"})).unwrap(), None);
    }

    #[test]
    fn malformed_lists_are_refused() {
        for doc in [
            json!({"language": "en", "languages": ["fr"]}),
            json!({"languages": "fr"}),
            json!({"languages": []}),
            json!({"languages": ["fr", 3]}),
        ] {
            assert!(languages_of(&doc).is_err(), "{doc}");
        }
    }
}
