//! Typed sender code from the templates' send signatures: for every declared template, a
//! parameters type, the closed set of its languages, and a function that builds exactly the
//! body `wabactl send` builds (`crate::send::build_send_body`), in TypeScript, Python and Go,
//! and a JSON Schema for any other language. When a template's signature changes, the
//! regenerated types change with it, and the compiler points at every call site.
//!
//! This module decides what to generate ([`Model`], from [`signature`]); one file per language
//! says how it is written. Every generated file names its sources and carries a digest of the
//! signatures, and one marker line per template (`wabactl:signature NAME DIGEST`) by which
//! `codegen --check` names the templates whose signatures changed.

pub mod go;
pub mod json_schema;
pub mod names;
pub mod python;
pub mod typescript;

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::send::{ParamKind, SendParam, signature};
use crate::template::model::{Component, ParameterFormat, Template};
use names::Name;

/// A language code is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    TypeScript,
    Python,
    Go,
    JsonSchema,
}

impl Lang {
    /// The one file written for the language.
    pub fn file_name(self) -> &'static str {
        match self {
            Lang::TypeScript => "templates.ts",
            Lang::Python => "templates.py",
            Lang::Go => "templates.go",
            Lang::JsonSchema => "templates.schema.json",
        }
    }

    /// The file's text for `model`.
    pub fn render(self, model: &Model) -> String {
        match self {
            Lang::TypeScript => typescript::render(model),
            Lang::Python => python::render(model),
            Lang::Go => go::render(model),
            Lang::JsonSchema => json_schema::render(model),
        }
    }
}

/// One declared template to generate for: its file and the template.
pub struct Input<'a> {
    pub source: &'a str,
    pub template: &'a Template,
}

/// Everything generated from a set of templates.
#[derive(Debug)]
pub struct Model {
    /// The template files, sorted.
    pub sources: Vec<String>,
    /// `sha256:HEX` over every template's signature digest.
    pub digest: String,
    /// By name.
    pub templates: Vec<TemplateCode>,
}

/// The code of one template name, over all its languages.
#[derive(Debug)]
pub struct TemplateCode {
    pub name: String,
    /// The first 16 hex digits of the SHA-256 of its signatures in each language.
    pub digest: String,
    /// One per set of languages with the same signature: a single one when all agree.
    pub variants: Vec<Variant>,
}

/// The types and builder of a template in the languages that share one signature.
#[derive(Debug)]
pub struct Variant {
    pub name: String,
    pub category: String,
    /// `OrderConfirmation`, or `OrderConfirmationEnUs` when the languages differ.
    pub type_name: String,
    /// `order_confirmation`, or `order_confirmation_en_us`.
    pub snake_name: String,
    pub languages: Vec<String>,
    /// The fields at the top level, then those of each carousel card (a fixed number).
    pub fields: Vec<Field>,
    pub cards: Option<Vec<Vec<Field>>>,
    /// The send body's parameters, in request order.
    pub parts: Vec<Part>,
}

impl Variant {
    /// True when every card has the same fields, so one card type serves them all.
    pub fn uniform_cards(&self) -> bool {
        self.cards
            .as_ref()
            .is_none_or(|cards| cards.windows(2).all(|pair| pair[0] == pair[1]))
    }

    pub fn has_params(&self) -> bool {
        !self.fields.is_empty() || self.cards.is_some()
    }
}

/// One field of a parameters type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Its key in a parameters file, within its card (`body.1`, `buttons.0.payload`).
    pub key: String,
    pub name: Name,
    pub value: Value,
    pub required: bool,
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A text, a currency or a date-time (body and header variables).
    Text,
    /// A plain string (button texts, coupon codes, payloads, ids, tokens).
    String,
    /// A media id or link.
    Media,
    Location,
    Product,
    Sections,
    /// A whole number (Unix milliseconds, minutes).
    Integer,
    /// A map handed on as it is (Flow action data).
    Map,
    TapTarget,
}

/// Where one field goes in the send body, and as what.
#[derive(Debug, Clone)]
pub struct Part {
    pub card: Option<usize>,
    pub component: &'static str,
    pub button_index: Option<usize>,
    pub sub_type: Option<&'static str>,
    /// The field it takes (in the card's fields when `card` is set).
    pub field: usize,
    pub convert: Convert,
}

/// How a value becomes a parameter of the body (as `crate::send` makes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Convert {
    /// `{type: text, text}` (or currency, date_time), with `parameter_name` when named.
    Text {
        parameter_name: Option<String>,
    },
    /// `{type: text, text}` of a button.
    ButtonText,
    /// `{type: image|video|document, KIND: {id} or {link}}`.
    Media(&'static str),
    Location,
    Product,
    CouponCode,
    Payload,
    Expiration,
    TtlMinutes,
    TapTarget,
    /// A field of the button's `action` parameter: `thumbnail_product_retailer_id`,
    /// `sections`, `flow_token` or `flow_action_data`.
    Action(&'static str),
}

/// Two templates that would take the same name in generated code.
#[derive(Debug, thiserror::Error)]
#[error(
    "`{first}` and `{second}` would both be called `{type_name}` in generated code: rename one of the templates"
)]
pub struct NameClash {
    pub first: String,
    pub second: String,
    pub type_name: String,
}

/// The model of `inputs` (valid templates; a (name, language) at most once).
pub fn model(inputs: &[Input]) -> Result<Model, NameClash> {
    let mut by_name: BTreeMap<&str, Vec<&Input>> = BTreeMap::new();
    for input in inputs {
        by_name.entry(&input.template.name).or_default().push(input);
    }
    let mut sources: Vec<String> = inputs.iter().map(|i| i.source.to_owned()).collect();
    sources.sort();
    sources.dedup();
    let mut templates = Vec::new();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for (name, mut declared) in by_name {
        declared.sort_by(|a, b| a.template.language.cmp(&b.template.language));
        let code = template_code(name, &declared);
        for variant in &code.variants {
            if let Some(first) = taken.insert(variant.type_name.clone(), name.to_owned()) {
                return Err(NameClash {
                    first,
                    second: name.to_owned(),
                    type_name: variant.type_name.clone(),
                });
            }
        }
        templates.push(code);
    }
    let mut all = Sha256::new();
    for code in &templates {
        all.update(format!("{} {}\n", code.name, code.digest));
    }
    Ok(Model {
        sources,
        digest: format!("sha256:{}", hex(&all.finalize())),
        templates,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn template_code(name: &str, declared: &[&Input]) -> TemplateCode {
    // Languages with the same signature share a variant, in language order.
    let mut groups: Vec<(Vec<SendParam>, Vec<&Template>)> = Vec::new();
    let mut hasher = Sha256::new();
    for input in declared {
        let template = input.template;
        let params = signature(template);
        let named = template.parameter_format() == ParameterFormat::Named;
        hasher.update(
            serde_json::json!([template.language, named, params])
                .to_string()
                .as_bytes(),
        );
        hasher.update(b"\n");
        match groups
            .iter_mut()
            .find(|(p, t)| *p == params && named_of(t[0]) == named)
        {
            Some((_, templates)) => templates.push(template),
            None => groups.push((params, vec![template])),
        }
    }
    let split = groups.len() > 1;
    let variants = groups
        .into_iter()
        .map(|(params, templates)| variant(name, split, &params, &templates))
        .collect();
    TemplateCode {
        name: name.to_owned(),
        digest: hex(&hasher.finalize())[..16].to_owned(),
        variants,
    }
}

fn named_of(template: &Template) -> bool {
    template.parameter_format() == ParameterFormat::Named
}

fn variant(name: &str, split: bool, params: &[SendParam], templates: &[&Template]) -> Variant {
    let first = templates[0];
    let (type_name, snake_name) = if split {
        let suffix = Name::of(&first.language);
        (
            format!("{}{}", names::type_name(name), suffix.pascal()),
            format!("{name}_{}", suffix.snake()),
        )
    } else {
        (names::type_name(name), name.to_owned())
    };
    let cards = first.components.iter().find_map(|c| match c {
        Component::Carousel(carousel) => Some(carousel.cards.len()),
        _ => None,
    });
    let named = named_of(first);
    let mut builder = Fields::default();
    let mut card_fields: Vec<Fields> = (0..cards.unwrap_or(0)).map(|_| Fields::default()).collect();
    let mut parts = Vec::new();
    for param in params {
        let (fields, key) = match param.card {
            Some(card) => {
                let prefix = format!("cards[{card}].");
                let key = param.key.strip_prefix(&prefix).unwrap_or(&param.key);
                (&mut card_fields[card], key.to_owned())
            }
            None => (&mut builder, param.key.clone()),
        };
        let (convert, value) = convert(param, named);
        let field = fields.add(key, value, param.required);
        parts.push(Part {
            card: param.card,
            component: param.component,
            button_index: param.button_index,
            sub_type: param.sub_type,
            field,
            convert,
        });
    }
    Variant {
        name: name.to_owned(),
        category: first.category.to_uppercase(),
        type_name,
        snake_name,
        languages: templates.iter().map(|t| t.language.clone()).collect(),
        fields: builder.finish(),
        cards: cards.map(|_| card_fields.into_iter().map(Fields::finish).collect()),
        parts,
    }
}

/// The conversion of a parameter, and the value its field holds.
fn convert(param: &SendParam, named: bool) -> (Convert, Value) {
    let button = param.component == "button";
    match param.kind {
        ParamKind::Text if button => (Convert::ButtonText, Value::String),
        ParamKind::Text => {
            let parameter_name =
                (named && param.name.parse::<u32>().is_err()).then(|| param.name.clone());
            (Convert::Text { parameter_name }, Value::Text)
        }
        ParamKind::Image => (Convert::Media("image"), Value::Media),
        ParamKind::Video => (Convert::Media("video"), Value::Media),
        ParamKind::Document => (Convert::Media("document"), Value::Media),
        ParamKind::Location => (Convert::Location, Value::Location),
        ParamKind::Product => (Convert::Product, Value::Product),
        ParamKind::Sections => (Convert::Action("sections"), Value::Sections),
        ParamKind::Thumbnail => (
            Convert::Action("thumbnail_product_retailer_id"),
            Value::String,
        ),
        ParamKind::CouponCode => (Convert::CouponCode, Value::String),
        ParamKind::Payload => (Convert::Payload, Value::String),
        ParamKind::Expiration => (Convert::Expiration, Value::Integer),
        ParamKind::TtlMinutes => (Convert::TtlMinutes, Value::Integer),
        ParamKind::FlowToken => (Convert::Action("flow_token"), Value::String),
        ParamKind::FlowActionData => (Convert::Action("flow_action_data"), Value::Map),
        ParamKind::TapTarget => (Convert::TapTarget, Value::TapTarget),
    }
}

/// The fields of a template or a card, one per distinct key.
#[derive(Default)]
struct Fields {
    fields: Vec<(String, Value, bool)>,
}

impl Fields {
    /// The field of `key` (the one-time password's `body.1` fills the body and the button,
    /// so a key may come twice: its value is then the narrower of the two).
    fn add(&mut self, key: String, value: Value, required: bool) -> usize {
        if let Some(at) = self.fields.iter().position(|(k, _, _)| *k == key) {
            let field = &mut self.fields[at];
            if value == Value::String {
                field.1 = Value::String;
            }
            field.2 |= required;
            return at;
        }
        self.fields.push((key, value, required));
        self.fields.len() - 1
    }

    fn finish(self) -> Vec<Field> {
        let keys: Vec<&str> = self.fields.iter().map(|(k, _, _)| k.as_str()).collect();
        let names = names::field_names(&keys);
        self.fields
            .iter()
            .zip(names)
            .map(|((key, value, required), name)| Field {
                key: key.clone(),
                name,
                value: *value,
                required: *required,
            })
            .collect()
    }
}

/// The marker line of a template, for `--check` (`wabactl:signature NAME DIGEST`).
pub fn marker(code: &TemplateCode) -> String {
    format!("{MARKER} {} {}", code.name, code.digest)
}

const MARKER: &str = "wabactl:signature";

/// The templates a stale file names differently from the fresh one: changed, added, removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Staleness {
    pub changed: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Staleness {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

/// How the signatures in `existing` (a generated file) differ from those in `fresh`.
pub fn staleness(existing: &str, fresh: &str) -> Staleness {
    let old = markers(existing);
    let new = markers(fresh);
    let mut out = Staleness::default();
    for (name, digest) in &new {
        match old.get(name) {
            Some(before) if before != digest => out.changed.push(name.clone()),
            Some(_) => {}
            None => out.added.push(name.clone()),
        }
    }
    out.removed = old
        .keys()
        .filter(|n| !new.contains_key(*n))
        .cloned()
        .collect();
    out
}

fn markers(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let after = &line[line.find(MARKER)? + MARKER.len()..];
            let mut words = after
                .split(|c: char| c.is_whitespace() || c == '"' || c == ',')
                .filter(|w| !w.is_empty());
            Some((words.next()?.to_owned(), words.next()?.to_owned()))
        })
        .collect()
}

/// The header lines every generated file starts with (without comment markers).
pub fn header(model: &Model) -> Vec<String> {
    let mut lines = vec![
        "Code generated by wabactl codegen from the templates' send signatures. DO NOT EDIT."
            .to_owned(),
        "Regenerate after editing a template: wabactl codegen (wabactl codegen --check tells)."
            .to_owned(),
        format!("Signatures: {}", model.digest),
        "Sources:".to_owned(),
    ];
    lines.extend(model.sources.iter().map(|s| format!("  {s}")));
    lines
}

#[cfg(test)]
mod tests;

/// How a language lays out its file: its comment mark, and the blank lines its formatter
/// (Prettier, Black, gofmt) puts after the header, before each template and between the
/// variants of one template.
pub(super) struct Layout {
    pub comment: &'static str,
    pub after_header: &'static str,
    pub before_template: &'static str,
    pub between_variants: &'static str,
}

/// A source file: the header as comments, the language's runtime, then each template's marker
/// and the code of its variants.
pub(super) fn source_file(
    model: &Model,
    layout: &Layout,
    runtime: &str,
    variant_code: impl Fn(&Variant) -> String,
) -> String {
    let mut out = String::new();
    for line in header(model) {
        out.push_str(&format!("{} {line}\n", layout.comment));
    }
    out.push_str(layout.after_header);
    out.push_str(runtime);
    for code in &model.templates {
        out.push_str(&format!(
            "{}{} {}\n",
            layout.before_template,
            layout.comment,
            marker(code)
        ));
        for (index, variant) in code.variants.iter().enumerate() {
            if index > 0 {
                out.push_str(layout.between_variants);
            }
            out.push_str(&variant_code(variant));
        }
    }
    out
}

/// A string literal, in the JSON syntax TypeScript, Python and Go all read.
pub(super) fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}
