//! Adoption: the account's templates as template files, one file per name holding one YAML
//! document per language, in the canonical form that `plan` compares with.
//!
//! Every document is read back before it is offered: it must load as the same template (so
//! `plan` shows no change right after) and break none of Meta's rules that `validate` reports
//! as errors (so the files pass CI). A template that fails either is left out with the reason.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::convert;
use super::diff::pick;
use super::filter::{Selection, status_matches};
use super::placeholder::{APP_PLACEHOLDER_HASH, APP_PLACEHOLDER_PACKAGE, has_app_placeholder};
use super::plan::status_of;
use crate::graph::RemoteStatus;
use crate::graph::wire::RemoteTemplate;
use crate::template::diagnostic::{Diagnostic, SourceFile};
use crate::template::model::{Button, Component, OtpType, SupportedApp, Template};
use crate::template::read;

/// Which of the account's templates to import.
#[derive(Debug, Clone, Default)]
pub struct ImportFilter {
    /// Name globs and languages (`--name`, `--language`).
    pub selection: Selection,
    /// Statuses to import (`--status`), any case. Empty: every status but DELETED and
    /// PENDING_DELETION, whose templates no longer exist as such.
    pub statuses: Vec<RemoteStatus>,
}

impl ImportFilter {
    /// The templates to import, one per (name, language) (a live copy before a deleted one),
    /// sorted by name then language.
    pub fn select<'a>(&self, remote: &'a [RemoteTemplate]) -> Vec<&'a RemoteTemplate> {
        let mut by_key: BTreeMap<(&str, &str), Vec<&RemoteTemplate>> = BTreeMap::new();
        for r in remote {
            if !self.selection.matches(&r.name, &r.language) {
                continue;
            }
            let status = status_of(r);
            let wanted = if self.statuses.is_empty() {
                !status.is_gone()
            } else {
                status_matches(&self.statuses, &status)
            };
            if wanted {
                by_key
                    .entry((r.name.as_str(), r.language.as_str()))
                    .or_default()
                    .push(r);
            }
        }
        by_key
            .values()
            .filter_map(|entries| pick(entries))
            .collect()
    }
}

/// One file to write: `<name>.yaml` with a document per language.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateFile {
    pub name: String,
    /// `<name>.yaml`.
    pub file_name: String,
    /// The languages it holds, sorted.
    pub languages: Vec<String>,
    pub text: String,
    /// Languages whose media header sample is Meta's copy (a URL), not an upload handle.
    pub media_urls: Vec<String>,
    /// Keys Meta returned that a template file does not hold, as `language: path`.
    pub dropped: Vec<String>,
    /// `validate`'s warnings for the documents (rule ids and messages).
    pub warnings: Vec<String>,
    /// Languages whose one-tap or zero-tap button got the app-list placeholder.
    pub app_placeholders: Vec<String>,
}

/// A template left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unimportable {
    pub name: String,
    pub language: String,
    pub reason: String,
}

/// What an import would write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Import {
    pub files: Vec<TemplateFile>,
    pub unimportable: Vec<Unimportable>,
}

/// The first line of every document: tells YAML editors where the schema is (the path is
/// relative to the file).
pub fn modeline(schema: &str) -> String {
    format!("# yaml-language-server: $schema={schema}")
}

/// Said above an app-list placeholder.
const APP_PLACEHOLDER_NOTE: &str = "# Meta does not return the app list: put your app's \
package_name and signature_hash here before changing this template (plan blocks the placeholder).";

/// Fills what Meta's GET leaves out of one-tap and zero-tap buttons and a file must hold: the
/// app list (a placeholder) and, for zero-tap, the accepted terms (true: Meta creates no
/// zero-tap template without them). Returns whether a placeholder was written.
fn fill_unreturned_otp_fields(template: &mut Template) -> bool {
    let mut placeholder = false;
    for component in &mut template.components {
        let Component::Buttons(buttons) = component else {
            continue;
        };
        for button in &mut buttons.buttons {
            let Button::Otp(otp) = button else { continue };
            if otp.otp_type == OtpType::CopyCode {
                continue;
            }
            if otp.supported_apps.is_none() && otp.package_name.is_none() {
                otp.supported_apps = Some(vec![SupportedApp {
                    package_name: APP_PLACEHOLDER_PACKAGE.into(),
                    signature_hash: APP_PLACEHOLDER_HASH.into(),
                }]);
                placeholder = true;
            }
            if otp.otp_type == OtpType::ZeroTap && otp.zero_tap_terms_accepted.is_none() {
                otp.zero_tap_terms_accepted = Some(true);
            }
        }
    }
    placeholder
}

/// Said above a media header sample that came back as a URL.
pub const MEDIA_URL_NOTE: &str = "# Meta's copy of the sample. Editing this header needs a new \
upload handle (4::...) from the Resumable Upload API.";

/// Builds the files for `selected` (as [`ImportFilter::select`] returns them), each document headed
/// by the modeline pointing at `schema`.
pub fn build(selected: &[&RemoteTemplate], schema: &str) -> Import {
    let mut by_name: BTreeMap<&str, Vec<&RemoteTemplate>> = BTreeMap::new();
    for r in selected {
        by_name.entry(r.name.as_str()).or_default().push(r);
    }
    let mut import = Import::default();
    for (name, mut entries) in by_name {
        entries.sort_by(|a, b| a.language.cmp(&b.language));
        let unimportable = |language: &str, reason: String| Unimportable {
            name: name.to_owned(),
            language: language.to_owned(),
            reason,
        };
        if !is_file_name(name) {
            import.unimportable.extend(entries.iter().map(|r| {
                unimportable(
                    &r.language,
                    "the name cannot be a file name (Meta's names are lowercase letters, digits \
                     and underscores)"
                        .into(),
                )
            }));
            continue;
        }
        let file_name = format!("{name}.yaml");
        let mut file = TemplateFile {
            name: name.to_owned(),
            file_name: file_name.clone(),
            languages: Vec::new(),
            text: String::new(),
            media_urls: Vec::new(),
            dropped: Vec::new(),
            warnings: Vec::new(),
            app_placeholders: Vec::new(),
        };
        let mut documents = Vec::new();
        for remote in entries {
            let language = remote.language.as_str();
            let mut converted = match convert::to_document(remote) {
                Ok(converted) => converted,
                Err(err) => {
                    import.unimportable.push(unimportable(
                        language,
                        format!("`{}`: {}", err.field, err.message),
                    ));
                    continue;
                }
            };
            if fill_unreturned_otp_fields(&mut converted.template) {
                file.app_placeholders.push(language.to_owned());
            }
            let document = match document_text(&converted.template, schema) {
                Ok(text) => text,
                Err(reason) => {
                    import.unimportable.push(unimportable(language, reason));
                    continue;
                }
            };
            match read_back(&file_name, &document, &converted.template) {
                Ok(warnings) => file
                    .warnings
                    .extend(warnings.into_iter().map(|w| format!("{language}: {w}"))),
                Err(reason) => {
                    import.unimportable.push(unimportable(language, reason));
                    continue;
                }
            }
            if has_media_url(&converted.template) {
                file.media_urls.push(language.to_owned());
            }
            file.dropped.extend(
                converted
                    .dropped
                    .iter()
                    .map(|path| format!("{language}: {path}")),
            );
            file.languages.push(language.to_owned());
            documents.push(document);
        }
        if !documents.is_empty() {
            file.text = documents.join("---\n");
            import.files.push(file);
        }
    }
    import
}

/// One document: the modeline, then the template as YAML (multi-line texts as literal block
/// scalars, lists indented under their key, keys in the model's order: name, language,
/// category, ...).
///
/// Long lines are not folded, and a text whose block scalar would end a line in whitespace is
/// written quoted instead: editors strip trailing whitespace on save, which would change the
/// text silently.
fn document_text(template: &Template, schema: &str) -> Result<String, String> {
    let emit = |blocks: bool| {
        let options = serde_saphyr::ser_options! {
            compact_list_indent: false,
            folded_wrap_chars: usize::MAX,
            prefer_block_scalars: blocks,
        };
        serde_saphyr::to_string_with_options(template, options)
            .map_err(|err| format!("cannot be written as YAML: {err}"))
    };
    let mut yaml = emit(true)?;
    if yaml.lines().any(|line| line.ends_with([' ', '\t'])) {
        yaml = emit(false)?;
    }
    let mut text = modeline(schema);
    text.push('\n');
    for line in yaml.lines() {
        let content = line.trim_start();
        let note = if content.starts_with("header_handle:") && has_media_url(template) {
            Some(MEDIA_URL_NOTE)
        } else if content.starts_with("supported_apps:") && has_app_placeholder(template) {
            Some(APP_PLACEHOLDER_NOTE)
        } else {
            None
        };
        if let Some(note) = note {
            let indent = &line[..line.len() - content.len()];
            text.push_str(indent);
            text.push_str(note);
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
    }
    Ok(text)
}

/// Reads `text` as `validate` and `plan` do: it must be one document that reads back as
/// `expected` and breaks no rule. Returns the warnings.
fn read_back(file_name: &str, text: &str, expected: &Template) -> Result<Vec<String>, String> {
    let set = read::read_sources([Arc::new(SourceFile {
        path: file_name.into(),
        text: text.to_owned(),
    })]);
    if let Some(problem) = set.unreadable.first() {
        return Err(format!(
            "its YAML does not read back ({}: {})",
            problem.rule, problem.message
        ));
    }
    let ([declared], 1) = (set.templates.as_slice(), set.documents) else {
        return Err("its YAML does not read back as one document".into());
    };
    if declared.template != *expected {
        return Err("its YAML does not read back as the same template".into());
    }
    let errors: Vec<&Diagnostic> = set.diagnostics.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        let list: Vec<String> = errors
            .iter()
            .map(|d| {
                let at = d
                    .path
                    .as_deref()
                    .map(|p| format!(" at `{p}`"))
                    .unwrap_or_default();
                format!("{}{at}: {}", d.rule, d.message)
            })
            .collect();
        return Err(format!(
            "as a file it breaks Meta's current rules, so `validate` would fail: {}",
            list.join("; ")
        ));
    }
    Ok(set
        .diagnostics
        .iter()
        .map(|d| format!("warning[{}]: {}", d.rule, d.message))
        .collect())
}

/// Names that are safe as a file name on every system.
fn is_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A media header (of the template or of a carousel card) whose sample is a URL.
fn has_media_url(template: &Template) -> bool {
    fn in_components(components: &[Component]) -> bool {
        components.iter().any(|component| match component {
            Component::Header(header) => header
                .example
                .as_ref()
                .and_then(|e| e.header_handle.as_ref())
                .is_some_and(|handles| {
                    handles
                        .iter()
                        .any(|h| h.starts_with("https://") || h.starts_with("http://"))
                }),
            Component::Carousel(carousel) => carousel
                .cards
                .iter()
                .any(|card| in_components(&card.components)),
            _ => false,
        })
    }
    in_components(&template.components)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn remote(value: serde_json::Value) -> RemoteTemplate {
        serde_json::from_value(value).unwrap()
    }

    fn body(id: &str, name: &str, language: &str, status: &str, text: &str) -> RemoteTemplate {
        remote(json!({
            "id": id, "name": name, "language": language, "status": status,
            "category": "UTILITY", "parameter_format": "POSITIONAL",
            "components": [{"type": "BODY", "text": text}]
        }))
    }

    #[test]
    fn one_file_per_name_one_document_per_language() {
        let account = vec![
            body(
                "1",
                "order_update",
                "pt_BR",
                "APPROVED",
                "Seu pedido foi enviado.",
            ),
            body(
                "2",
                "order_update",
                "en_US",
                "APPROVED",
                "Your order has shipped.\nThanks!",
            ),
            body(
                "3",
                "welcome",
                "en_US",
                "PENDING",
                "Welcome aboard, friend.",
            ),
        ];
        let import = build(
            &ImportFilter::default().select(&account),
            "../schemas/t.json",
        );
        assert!(import.unimportable.is_empty(), "{:?}", import.unimportable);
        let names: Vec<(&str, &[String])> = import
            .files
            .iter()
            .map(|f| (f.file_name.as_str(), f.languages.as_slice()))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "order_update.yaml",
                    &["en_US".to_owned(), "pt_BR".to_owned()][..]
                ),
                ("welcome.yaml", &["en_US".to_owned()][..]),
            ]
        );
        let text = &import.files[0].text;
        let documents: Vec<&str> = text.split("---\n").collect();
        assert_eq!(documents.len(), 2);
        for document in &documents {
            assert!(
                document.starts_with("# yaml-language-server: $schema=../schemas/t.json\nname: order_update\nlanguage: "),
                "{document}"
            );
        }
        assert!(
            documents[0].contains("language: en_US\ncategory: UTILITY\n"),
            "{text}"
        );
        // A multi-line text is a block scalar.
        assert!(
            documents[0].contains("text: |-\n      Your order has shipped.\n      Thanks!\n"),
            "{text}"
        );
    }

    #[test]
    fn awkward_texts_read_back_exactly_and_survive_editors() {
        let texts = [
            "Trailing space here \nand next line",
            "Double  spaces  in  a  long  line  that  a  serializer  might  fold  somewhere  past  eighty  characters",
            "Line one\n\n\nLine four after blank lines",
            "  leading spaces on the first line\nsecond",
            "Ends with a newline\n",
            "Tabs\tinside, a # hash, a : colon, 'single' and \"double\" quotes",
            "Emoji 🎉 and accents é à ü, in a line long enough to be folded at eighty characters",
            "- starts like a list item",
            "yes",
            "x\r\ny",
            "Ends with a space ",
        ];
        for (i, text) in texts.iter().enumerate() {
            let template = body(&i.to_string(), "awkward", "en", "APPROVED", text);
            let import = build(&[&template], "s.json");
            assert!(
                import.unimportable.is_empty(),
                "{text:?}: {:?}",
                import.unimportable
            );
            let file = &import.files[0].text;
            assert!(
                !file.lines().any(|l| l.ends_with([' ', '\t'])),
                "{text:?}: trailing whitespace in\n{file}"
            );
            assert!(!file.contains(">-"), "{text:?}: folded in\n{file}");
        }
    }

    #[test]
    fn gone_statuses_are_left_out_unless_asked_for() {
        let account = vec![
            body("1", "a", "en", "DELETED", "Old text here."),
            body("2", "a", "en", "APPROVED", "New text here."),
            body("3", "b", "en", "PENDING_DELETION", "Going away."),
            body("4", "c", "en", "REJECTED", "Rejected text."),
        ];
        let ids = |filter: &ImportFilter| -> Vec<String> {
            filter
                .select(&account)
                .iter()
                .map(|r| r.id.clone())
                .collect()
        };
        assert_eq!(ids(&ImportFilter::default()), ["2", "4"]);
        let deleted = ImportFilter {
            statuses: vec![RemoteStatus::Deleted, RemoteStatus::PendingDeletion],
            ..ImportFilter::default()
        };
        assert_eq!(ids(&deleted), ["1", "3"]);
        let by_name = ImportFilter {
            selection: Selection {
                names: vec!["c*".into()],
                languages: vec!["en".into()],
            },
            ..ImportFilter::default()
        };
        assert_eq!(ids(&by_name), ["4"]);
    }

    #[test]
    fn media_samples_from_meta_get_a_comment() {
        let account = vec![remote(json!({
            "id": "1", "name": "promo", "language": "en", "status": "APPROVED",
            "category": "MARKETING",
            "components": [
                {"type": "HEADER", "format": "IMAGE",
                 "example": {"header_handle": ["https://scontent.whatsapp.net/v/t61/x.jpg"]}},
                {"type": "BODY", "text": "Our new roast is here."}
            ]
        }))];
        let import = build(&ImportFilter::default().select(&account), "s.json");
        let file = &import.files[0];
        assert_eq!(file.media_urls, ["en"]);
        assert!(
            file.text
                .contains(&format!("      {MEDIA_URL_NOTE}\n      header_handle:\n")),
            "{}",
            file.text
        );
        assert_eq!(
            file.warnings,
            ["en: warning[header-handle-format]: this looks like a URL, not an upload handle"]
        );
    }

    #[test]
    fn what_cannot_be_a_valid_file_is_named_with_the_reason() {
        let account = vec![
            remote(
                json!({"id": "1", "name": "odd", "language": "en", "category": "UTILITY",
                "components": [{"type": "HOLOGRAM"}]}),
            ),
            // A legacy authentication template: Meta kept it, the rules no longer allow it.
            remote(
                json!({"id": "2", "name": "legacy_code", "language": "en", "category": "AUTHENTICATION",
                "components": [{"type": "BODY", "text": "Your code is {{1}}."}]}),
            ),
            body("3", "../escape", "en", "APPROVED", "Hello there."),
            body("4", "odd", "pt_BR", "APPROVED", "Olá, tudo bem?"),
        ];
        let import = build(&ImportFilter::default().select(&account), "s.json");
        let failed: Vec<(&str, &str)> = import
            .unimportable
            .iter()
            .map(|u| (u.name.as_str(), u.language.as_str()))
            .collect();
        assert_eq!(
            failed,
            [("../escape", "en"), ("legacy_code", "en"), ("odd", "en")]
        );
        assert!(import.unimportable[0].reason.contains("file name"));
        assert!(
            import.unimportable[1].reason.contains("auth-"),
            "{:?}",
            import.unimportable[1]
        );
        assert!(
            import.unimportable[2].reason.contains("HOLOGRAM"),
            "{:?}",
            import.unimportable[2]
        );
        // The other language of `odd` is still written.
        assert_eq!(import.files.len(), 1);
        assert_eq!(import.files[0].languages, ["pt_BR"]);
    }
}
