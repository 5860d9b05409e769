//! Reading the corpus of real payloads (`tests/fixtures/meta`) in unit tests.

use std::sync::Arc;

use crate::graph::wire::{ListPage, RemoteTemplate};
use crate::template::diagnostic::SourceFile;
use crate::template::load::{Loaded, load_source};
use crate::template::model::Template;

pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/meta");

/// The GET list responses of the corpus (file names under `responses/`).
pub const LIST_RESPONSES: [&str; 8] = [
    "docs_get_all_templates_named_and_positional.json",
    "postman_get_all_templates.json",
    "postman_get_by_name_rejected.json",
    "sdk_java_ptbr_get_list_paging_next.json",
    "sdk_java_ptbr_get_list_transactional_prev.json",
    "docs_direct_send_get_auto_generated.json",
    "docs_get_fields_name_category_status_id.json",
    "docs_get_status_filter_approved_rejected.json",
];

pub fn read(path: &str) -> String {
    let full = format!("{CORPUS}/{path}");
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The templates of a GET list response in `responses/`.
pub fn remote_list(file: &str) -> Vec<RemoteTemplate> {
    let page: ListPage<RemoteTemplate> =
        serde_json::from_str(&read(&format!("responses/{file}"))).unwrap();
    page.data
}

/// One template of a GET list response, by name.
pub fn remote(file: &str, name: &str) -> RemoteTemplate {
    remote_list(file)
        .into_iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("{name} not in {file}"))
}

/// A create body from `templates/`, read the way template files are read.
pub fn document(file: &str) -> Template {
    let path = format!("templates/{file}");
    document_from_text(&path, &read(&path))
}

pub fn document_from_text(path: &str, text: &str) -> Template {
    let mut loaded = Loaded::default();
    load_source(
        Arc::new(SourceFile {
            path: path.into(),
            text: text.to_owned(),
        }),
        &mut loaded,
    );
    assert!(
        loaded.diagnostics.is_empty(),
        "{path}: {:?}",
        loaded.diagnostics
    );
    loaded.documents.remove(0).template
}

/// Every create body in `templates/` that reads as a template document.
pub fn all_documents() -> Vec<Template> {
    let mut files: Vec<_> = std::fs::read_dir(format!("{CORPUS}/templates"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut templates = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut loaded = Loaded::default();
        load_source(
            Arc::new(SourceFile {
                path: file.clone(),
                text,
            }),
            &mut loaded,
        );
        templates.extend(loaded.documents.into_iter().map(|d| d.template));
    }
    templates
}

/// A remote template with its JSON changed by `edit`.
pub fn edited(
    remote: &RemoteTemplate,
    edit: impl FnOnce(&mut serde_json::Value),
) -> RemoteTemplate {
    let mut value = serde_json::to_value(remote).unwrap();
    edit(&mut value);
    serde_json::from_value(value).unwrap()
}
