//! Reading templates: `fields=` selection with Meta's defaults, list filters, cursor
//! pagination with absolute `paging.next`/`previous` URLs back to the sandbox, and `summary`.

use std::borrow::Cow;

use super::assume::Assumption;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::b64;
use super::errors::{self, ErrorReply};
use super::state::{AccountState, StoredTemplate};
use super::uploads::{absolute_urls, has_sample_path};

/// Page size when `limit` is not given (Meta's default).
pub const DEFAULT_LIMIT: usize = 25;
/// Largest page served; a larger `limit` is silently reduced (Meta's maximum is undocumented,
/// so clients must follow `paging.next` rather than trust `limit`).
pub const MAX_LIMIT: usize = 250;

/// Fields a template node has (a `fields=` name outside this list is an error, as on Meta).
const KNOWN_FIELDS: &[&str] = &[
    "id",
    "name",
    "language",
    "status",
    "category",
    "previous_category",
    "correct_category",
    "sub_category",
    "parameter_format",
    "components",
    "message_send_ttl_seconds",
    "quality_score",
    "rejected_reason",
    "library_template_name",
    "cta_url_link_tracking_opted_out",
    "degrees_of_freedom_spec",
    "source",
];

/// Without `fields=`: always these (in Meta's order) ...
const DEFAULT_FIELDS: &[&str] = &[
    "name",
    "parameter_format",
    "components",
    "language",
    "status",
    "category",
];
/// ... plus these when the template has them, then `id`.
const DEFAULT_IF_PRESENT: &[&str] = &[
    "sub_category",
    "previous_category",
    "library_template_name",
    "message_send_ttl_seconds",
];

/// Where the list lives, for building `paging` URLs.
pub struct ListContext<'a> {
    pub base_url: &'a str,
    pub version: &'a str,
    pub waba_id: &'a str,
    pub template_limit: usize,
    /// Undocumented fields are listed only when assumed.
    pub assume: &'a super::assume::Assumptions,
}

/// A field's value, including the ones Meta computes (`rejected_reason`, `quality_score`).
fn value_of<'a>(template: &'a StoredTemplate, field: &str) -> Option<Cow<'a, Value>> {
    if let Some(value) = template.fields.get(field) {
        return Some(Cow::Borrowed(value));
    }
    match field {
        "rejected_reason" => Some(Cow::Owned(json!("NONE"))),
        "quality_score" => Some(Cow::Owned(
            json!({"score": "UNKNOWN", "date": template.created_ms / 1000}),
        )),
        _ => None,
    }
}

/// Parses `fields=` into field names (`quality_score{score}` or `a.b(c)` count as their base).
fn requested_fields(fields: &str) -> Result<Vec<String>, ErrorReply> {
    let mut out: Vec<String> = Vec::new();
    for raw in fields.split(',') {
        let base: String = raw
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if base.is_empty() {
            continue;
        }
        if !KNOWN_FIELDS.contains(&base.as_str()) {
            return Err(errors::invalid_parameter(
                "Unknown field",
                format!("{base} is not a field of a message template."),
            )
            .with_message(
                100,
                format!(
                    "(#100) Tried accessing nonexisting field ({base}) on node type \
                     (WhatsAppBusinessHSM)"
                ),
            ));
        }
        if !out.contains(&base) {
            out.push(base);
        }
    }
    Ok(out)
}

/// A template as GET shows it, its values borrowed from the store: a page of 250 is written
/// without copying them.
pub struct Shown<'a> {
    fields: Vec<(Cow<'a, str>, Cow<'a, Value>)>,
}

impl<'a> Shown<'a> {
    fn push(&mut self, field: impl Into<Cow<'a, str>>, value: Cow<'a, Value>) {
        self.fields.push((field.into(), value));
    }

    /// Sample paths made absolute URLs under `base_url` (copying only the values that hold one).
    fn with_base_url(mut self, base_url: &str) -> Self {
        for (_, value) in &mut self.fields {
            if has_sample_path(value) {
                absolute_urls(value.to_mut(), base_url);
            }
        }
        self
    }

    pub fn into_value(self, base_url: &str) -> Value {
        let shown = self.with_base_url(base_url);
        Value::Object(
            shown
                .fields
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }
}

impl Serialize for Shown<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.fields.iter().map(|(k, v)| (k, v)))
    }
}

/// The template as GET shows it: the requested fields plus `id`, or Meta's default fields.
pub fn select<'a>(
    template: &'a StoredTemplate,
    fields: Option<&str>,
) -> Result<Shown<'a>, ErrorReply> {
    let mut out = Shown { fields: Vec::new() };
    match fields.filter(|f| !f.trim().is_empty()) {
        Some(fields) => {
            for field in requested_fields(fields)? {
                if field != "id"
                    && let Some(value) = value_of(template, &field)
                {
                    out.push(field, value);
                }
            }
        }
        None => {
            for field in DEFAULT_FIELDS.iter().chain(DEFAULT_IF_PRESENT) {
                if let Some(value) = template.fields.get(*field) {
                    out.push(*field, Cow::Borrowed(value));
                }
            }
        }
    }
    out.push("id", Cow::Owned(json!(template.id())));
    Ok(out)
}

fn param<'q>(query: &'q [(String, String)], key: &str) -> Option<&'q str> {
    query
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn list_values(value: &str) -> Vec<String> {
    value
        .trim_matches(|c| c == '[' || c == ']')
        .split(',')
        .map(|v| v.trim().trim_matches('"').to_ascii_uppercase())
        .filter(|v| !v.is_empty())
        .collect()
}

fn texts(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if let ("text", Value::String(s)) = (key.as_str(), v) {
                    out.push_str(s);
                    out.push('\n');
                } else {
                    texts(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| texts(v, out)),
        _ => {}
    }
}

fn content_matches(template: &StoredTemplate, needle: &str) -> bool {
    let mut text = String::new();
    if let Some(components) = template.fields.get("components") {
        texts(components, &mut text);
    }
    text.to_lowercase().contains(&needle.to_lowercase())
}

/// Meta's list filters: `name` (substring), `status`, `category`, `language`, `quality_score`
/// (comma lists, any case), `content`, `name_or_content`. Parsed once per request, so checking
/// a template allocates nothing.
struct Filters {
    name: Option<String>,
    content: Option<String>,
    name_or_content: Option<String>,
    status: Option<Vec<String>>,
    category: Option<Vec<String>>,
    language: Option<Vec<String>>,
    quality_score: Option<Vec<String>>,
}

impl Filters {
    fn parse(query: &[(String, String)]) -> Self {
        let lower = |key: &str| param(query, key).map(str::to_lowercase);
        let list = |key: &str| param(query, key).map(list_values);
        Filters {
            name: lower("name"),
            content: lower("content"),
            name_or_content: lower("name_or_content"),
            status: list("status"),
            category: list("category"),
            language: list("language"),
            quality_score: list("quality_score"),
        }
    }

    fn matches(&self, template: &StoredTemplate) -> bool {
        let one_of =
            |wanted: &[String], value: &str| wanted.iter().any(|v| v.eq_ignore_ascii_case(value));
        // The value is looked up only when the filter is given.
        let in_list = |wanted: &Option<Vec<String>>, value: fn(&StoredTemplate) -> &str| {
            wanted.as_ref().is_none_or(|w| one_of(w, value(template)))
        };
        if !(in_list(&self.language, StoredTemplate::language)
            // The query as sent against the stored spelling: Meta filters without regard to case.
            && in_list(&self.status, |t| t.field("status"))
            && in_list(&self.category, StoredTemplate::category))
        {
            return false;
        }
        if let Some(wanted) = &self.quality_score {
            let quality = value_of(template, "quality_score")
                .and_then(|q| q.get("score").and_then(Value::as_str).map(str::to_owned))
                .unwrap_or_default();
            if !one_of(wanted, &quality) {
                return false;
            }
        }
        let name_has = |needle: &str| template.name().to_lowercase().contains(needle);
        self.name.as_deref().is_none_or(name_has)
            && self
                .content
                .as_deref()
                .is_none_or(|c| content_matches(template, c))
            && self
                .name_or_content
                .as_deref()
                .is_none_or(|c| name_has(c) || content_matches(template, c))
    }
}

fn encode_cursor(seq: u64) -> String {
    b64::encode(format!("sandbox-cursor:{seq}").as_bytes())
}

fn decode_cursor(name: &str, cursor: &str) -> Result<u64, ErrorReply> {
    b64::decode(cursor)
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("sandbox-cursor:")?.parse().ok())
        .ok_or_else(|| {
            errors::invalid_parameter(
                "Invalid cursor",
                format!("The {name} cursor is not one this API returned."),
            )
        })
}

fn limit(query: &[(String, String)]) -> Result<usize, ErrorReply> {
    match param(query, "limit") {
        None => Ok(DEFAULT_LIMIT),
        Some(raw) => match raw.trim().parse::<usize>() {
            Ok(0) | Err(_) => Err(errors::invalid_parameter(
                "Invalid limit",
                format!("limit must be a positive whole number, not {raw:?}."),
            )),
            Ok(n) => Ok(n.min(MAX_LIMIT)),
        },
    }
}

/// Percent-encodes a query component.
fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn page_url(ctx: &ListContext, query: &[(String, String)], cursor: (&str, &str)) -> String {
    let mut parts: Vec<String> = query
        .iter()
        .filter(|(k, _)| k != "after" && k != "before")
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect();
    if param(query, "limit").is_none() {
        parts.push(format!("limit={DEFAULT_LIMIT}"));
    }
    parts.push(format!("{}={}", cursor.0, encode_component(cursor.1)));
    format!(
        "{}/{}/{}/message_templates?{}",
        ctx.base_url,
        ctx.version,
        ctx.waba_id,
        parts.join("&")
    )
}

/// Where a page starts: the first, or after / before a cursor (a template's `seq`).
#[derive(Clone, Copy)]
enum Cursor {
    Start,
    After(u64),
    Before(u64),
}

/// One page of matching templates, and whether more match on either side.
struct Window<'a> {
    page: Vec<&'a StoredTemplate>,
    more_after: bool,
    more_before: bool,
}

/// The page at `cursor`. The account keeps its templates in creation order (`seq`), which is
/// the listing's order, so a cursor is found by binary search and a page reads only as far as
/// its `limit` matches (and one more): the cost of a page does not grow with the account.
fn window<'a>(
    templates: &'a [StoredTemplate],
    filters: &Filters,
    cursor: Cursor,
    limit: usize,
) -> Window<'a> {
    debug_assert!(
        templates.is_sorted_by_key(|t| t.seq),
        "kept in creation order"
    );
    let matches = |t: &&StoredTemplate| filters.matches(t);
    match cursor {
        Cursor::Start | Cursor::After(_) => {
            let start = match cursor {
                Cursor::After(seq) => templates.partition_point(|t| t.seq <= seq),
                _ => 0,
            };
            let mut after = templates[start..].iter().filter(matches);
            let page: Vec<_> = after.by_ref().take(limit).collect();
            Window {
                more_after: after.next().is_some(),
                more_before: templates[..start].iter().rev().any(|t| filters.matches(t)),
                page,
            }
        }
        Cursor::Before(seq) => {
            let end = templates.partition_point(|t| t.seq < seq);
            let mut before = templates[..end].iter().rev().filter(matches);
            let mut page: Vec<_> = before.by_ref().take(limit).collect();
            page.reverse();
            Window {
                more_before: before.next().is_some(),
                more_after: templates[end..].iter().any(|t| filters.matches(t)),
                page,
            }
        }
    }
}

/// One page of `GET /{WABA_ID}/message_templates`.
pub fn list(
    state: &AccountState,
    query: &[(String, String)],
    ctx: &ListContext,
) -> Result<Vec<u8>, ErrorReply> {
    let limit = limit(query)?;
    let fields = param(query, "fields");
    let filters = Filters::parse(query);
    let cursor = match (param(query, "after"), param(query, "before")) {
        (Some(after), _) => Cursor::After(decode_cursor("after", after)?),
        (None, Some(before)) => Cursor::Before(decode_cursor("before", before)?),
        (None, None) => Cursor::Start,
    };
    let window = window(&state.templates, &filters, cursor, limit);
    let page = &window.page;
    let data = page
        .iter()
        .map(|t| {
            let mut selected = select(t, fields)?;
            // Not documented Meta fields: when a DELETED copy was deleted (so a client can
            // tell when its name frees up) and when a PAUSED template was paused.
            if let Some(ms) = t
                .deleted_ms
                .filter(|_| ctx.assume.has(Assumption::DeletedListing))
            {
                selected.push("deleted_time", Cow::Owned(json!(ms / 1000)));
            }
            let paused = ctx.assume.has(Assumption::PausedTime)
                && t.status() == super::status::Status::Paused;
            if let Some(ms) = t.paused_ms.filter(|_| paused) {
                selected.push("paused_time", Cow::Owned(json!(ms / 1000)));
            }
            Ok(selected.with_base_url(ctx.base_url))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut answer = Page {
        data,
        paging: None,
        summary: None,
    };
    if let (Some(first), Some(last)) = (page.first(), page.last()) {
        let before = encode_cursor(first.seq);
        let after = encode_cursor(last.seq);
        let mut paging = Map::new();
        paging.insert("cursors".into(), json!({"before": before, "after": after}));
        if window.more_after {
            paging.insert(
                "next".into(),
                json!(page_url(ctx, query, ("after", &after))),
            );
        }
        if window.more_before {
            paging.insert(
                "previous".into(),
                json!(page_url(ctx, query, ("before", &before))),
            );
        }
        answer.paging = Some(Value::Object(paging));
    }
    if let Some(summary) = param(query, "summary") {
        answer.summary = Some(summary_of(summary, &filters, state, ctx));
    }
    Ok(serde_json::to_vec(&answer).expect("JSON values and strings"))
}

/// A page as written: `data`, then `paging` and `summary` when there are any.
#[derive(Serialize)]
struct Page<'a> {
    data: Vec<Shown<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paging: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<Value>,
}

fn summary_of(asked: &str, filters: &Filters, state: &AccountState, ctx: &ListContext) -> Value {
    let mut summary = Map::new();
    for key in asked.split(',').map(str::trim) {
        let value = match key {
            "total_count" | "true" => {
                let total = state
                    .templates
                    .iter()
                    .filter(|t| filters.matches(t))
                    .count();
                ("total_count", json!(total))
            }
            "message_template_count" => ("message_template_count", json!(state.live_count())),
            "message_template_limit" => ("message_template_limit", json!(ctx.template_limit)),
            "are_translations_complete" => ("are_translations_complete", json!(true)),
            _ => continue,
        };
        summary.insert(value.0.into(), value.1);
    }
    Value::Object(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page as the client reads it.
    fn list(
        state: &AccountState,
        query: &[(String, String)],
        ctx: &ListContext,
    ) -> Result<Value, ErrorReply> {
        super::list(state, query, ctx).map(|page| serde_json::from_slice(&page).unwrap())
    }

    fn account(n: usize) -> AccountState {
        let data: Vec<Value> = (0..n)
            .map(|i| {
                json!({"name": format!("t_{i:03}"), "language": "en_US", "category": "UTILITY",
                            "components": [{"type": "BODY", "text": format!("Body {i}")}]})
            })
            .collect();
        AccountState::from_seed(&json!({ "data": data })).unwrap()
    }

    const CTX: ListContext = ListContext {
        base_url: "http://127.0.0.1:1",
        version: "v25.0",
        waba_id: "42",
        template_limit: 6000,
        assume: &crate::sandbox::Assumptions::NONE,
    };

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn query_of(url: &str) -> Vec<(String, String)> {
        url.split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_owned(), v.replace("%2C", ","))
            })
            .collect()
    }

    #[test]
    fn pages_forward_and_back() {
        let state = account(60);
        let first = list(&state, &q(&[("limit", "25")]), &CTX).unwrap();
        assert_eq!(first["data"].as_array().unwrap().len(), 25);
        let next = first["paging"]["next"].as_str().unwrap();
        assert!(next.starts_with("http://127.0.0.1:1/v25.0/42/message_templates?"));
        assert!(first["paging"].get("previous").is_none());
        let second = list(&state, &query_of(next), &CTX).unwrap();
        assert_eq!(second["data"][0]["name"], "t_025");
        let third = list(
            &state,
            &query_of(second["paging"]["next"].as_str().unwrap()),
            &CTX,
        )
        .unwrap();
        assert_eq!(third["data"].as_array().unwrap().len(), 10);
        assert!(third["paging"].get("next").is_none());
        let back = list(
            &state,
            &query_of(third["paging"]["previous"].as_str().unwrap()),
            &CTX,
        )
        .unwrap();
        assert_eq!(back["data"][0]["name"], "t_025");
    }

    /// A filtered listing, page by page both ways, holds each match once and in order, and
    /// knows where the matches end (the page window is found by cursor, not by filtering all).
    #[test]
    fn filtered_pages_hold_every_match_once_both_ways() {
        let data: Vec<Value> = (0..600)
            .map(|i| {
                let language = ["en_US", "pt_BR", "es"][i % 3];
                json!({"name": format!("t_{:03}", i / 3), "language": language,
                       "category": "UTILITY", "components": [{"type": "BODY", "text": "Hi"}]})
            })
            .collect();
        let state = AccountState::from_seed(&json!({ "data": data })).unwrap();
        let mut query = q(&[
            ("limit", "30"),
            ("language", "pt_BR"),
            ("summary", "total_count"),
        ]);
        let mut seen: Vec<String> = Vec::new();
        let mut pages = Vec::new();
        loop {
            let page = list(&state, &query, &CTX).unwrap();
            assert_eq!(page["summary"]["total_count"], 200);
            for t in page["data"].as_array().unwrap() {
                assert_eq!(t["language"], "pt_BR");
                seen.push(t["name"].as_str().unwrap().to_owned());
            }
            assert_eq!(page["paging"].get("previous").is_some(), !pages.is_empty());
            pages.push(page.clone());
            match page["paging"]["next"].as_str() {
                Some(next) => query = query_of(next),
                None => break,
            }
        }
        let expected: Vec<String> = (0..200).map(|i| format!("t_{i:03}")).collect();
        assert_eq!(seen, expected);
        assert_eq!(pages.len(), 7, "200 matches in pages of 30");
        // Back from the last page: the page before it, exactly.
        let back = list(
            &state,
            &query_of(pages[6]["paging"]["previous"].as_str().unwrap()),
            &CTX,
        )
        .unwrap();
        assert_eq!(back["data"], pages[5]["data"]);
        let first_again = list(
            &state,
            &query_of(pages[1]["paging"]["previous"].as_str().unwrap()),
            &CTX,
        )
        .unwrap();
        assert_eq!(first_again["data"], pages[0]["data"]);
        assert!(first_again["paging"].get("previous").is_none());
    }

    #[test]
    fn fields_defaults_and_filters() {
        let state = account(3);
        let page = list(
            &state,
            &q(&[("fields", "name,status"), ("name", "T_00")]),
            &CTX,
        )
        .unwrap();
        let first = page["data"][0].as_object().unwrap();
        assert_eq!(first.keys().collect::<Vec<_>>(), ["name", "status", "id"]);
        let default = select(&state.templates[0], None)
            .unwrap()
            .into_value(CTX.base_url);
        assert_eq!(
            default.as_object().unwrap().keys().collect::<Vec<_>>(),
            [
                "name",
                "parameter_format",
                "components",
                "language",
                "status",
                "category",
                "id"
            ]
        );
        assert!(list(&state, &q(&[("fields", "nope")]), &CTX).is_err());
        let summary = list(
            &state,
            &q(&[
                ("summary", "total_count,message_template_limit"),
                ("status", "rejected"),
            ]),
            &CTX,
        )
        .unwrap();
        assert_eq!(
            summary["summary"],
            json!({"total_count": 0, "message_template_limit": 6000})
        );
        assert!(summary.get("paging").is_none());
    }

    #[test]
    fn listed_samples_are_absolute_urls_and_stay_relative_in_the_store() {
        let header = json!({"type": "HEADER", "format": "IMAGE",
            "example": {"header_handle": ["/media/7.png"]}});
        let seed = json!({"data": [
            {"name": "with_image", "components": [header, {"type": "BODY", "text": "Hi"}]},
            {"name": "plain", "components": [{"type": "BODY", "text": "Hi"}]},
        ]});
        let state = AccountState::from_seed(&seed).unwrap();
        let page = list(&state, &q(&[]), &CTX).unwrap();
        assert_eq!(
            page["data"][0]["components"][0]["example"]["header_handle"][0],
            "http://127.0.0.1:1/media/7.png"
        );
        assert_eq!(page["data"][1]["components"][0]["text"], "Hi");
        let stored = &state.templates[0].fields["components"][0]["example"]["header_handle"];
        assert_eq!(stored[0], "/media/7.png");
    }
}
