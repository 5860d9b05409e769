//! The review status of every template and language on the account, next to whether the files
//! declare it: what `wabactl status` shows.

use crate::graph::usage::Requests;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::diff::pick;
use super::filter::{Selection, status_matches};
use super::plan::{Source, status_of};
use crate::graph::RemoteStatus;
use crate::graph::wire::RemoteTemplate;
use crate::template::model::TemplateKey;

/// The version of the JSON document; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// How the JSON document and `--status` spell a template the files declare but the account
/// does not hold (a row whose `status` is `None`).
pub const NOT_ON_ACCOUNT: &str = "NOT_ON_ACCOUNT";

/// A status asked for with `--status` (any case; `not-on-account` selects declared templates
/// missing from the account, `None`).
pub fn wanted(text: &str) -> Option<RemoteStatus> {
    match RemoteStatus::typed(text) {
        RemoteStatus::Other(other) if other == NOT_ON_ACCOUNT => None,
        status => Some(status),
    }
}

/// Writes and reads a row's status: Meta's spelling, or NOT_ON_ACCOUNT for `None`.
mod row_status {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::NOT_ON_ACCOUNT;
    use crate::graph::RemoteStatus;

    pub fn serialize<S: Serializer>(
        status: &Option<RemoteStatus>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(status.as_ref().map_or(NOT_ON_ACCOUNT, RemoteStatus::as_str))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<RemoteStatus>, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok((text != NOT_ON_ACCOUNT).then(|| RemoteStatus::from(text)))
    }
}

/// What `wabactl status --format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusReport {
    /// Version of this document's format (currently 1).
    pub format_version: u32,
    /// The WhatsApp Business Account id.
    pub account: Option<String>,
    /// The Graph API version the account was read with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Where the account was read (Meta, a local sandbox, or another host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<crate::graph::endpoint::Endpoint>,
    /// The Graph calls made to read the account, and its usage as Meta last reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<Requests>,
    /// Sorted by name, then language.
    pub rows: Vec<StatusRow>,
}

/// One (name, language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRow {
    pub name: String,
    pub language: String,
    /// Meta's status (APPROVED, PENDING, REJECTED, PAUSED, DISABLED, ...; UNKNOWN when the
    /// account did not say); `None` (NOT_ON_ACCOUNT in JSON) for a declared template the
    /// account lacks.
    #[serde(with = "row_status")]
    pub status: Option<RemoteStatus>,
    /// The template id (`hsm_id`); null when not on the account.
    pub id: Option<String>,
    /// The category on the account.
    pub category: Option<String>,
    /// The category before Meta re-categorised the template, when it did.
    pub previous_category: Option<String>,
    /// A re-categorisation Meta has announced but not made yet.
    pub correct_category: Option<String>,
    /// GREEN, YELLOW, RED or UNKNOWN; null when Meta gave none.
    pub quality: Option<String>,
    /// Why review rejected it; null unless rejected.
    pub rejected_reason: Option<String>,
    /// Whether a template file declares it.
    pub declared: bool,
    /// Where it is declared.
    pub source: Option<Source>,
    /// For a PAUSED template, when `wabactl unpause` can lift the pause: `now`, or
    /// `after 2026-12-01 10:05 UTC` (5 minutes after the pause), when the account says when it
    /// began; `now, if paused more than 5 minutes ago` when it does not (Meta's listing never
    /// does); null otherwise.
    #[serde(default)]
    pub unpause: Option<String>,
}

impl StatusRow {
    pub fn on_account(&self) -> bool {
        self.status.is_some()
    }

    /// The previous category when Meta changed it to another one.
    pub fn recategorised_from(&self) -> Option<&str> {
        let previous = self.previous_category.as_deref()?;
        (Some(previous) != self.category.as_deref()).then_some(previous)
    }
}

/// Which rows to show: name globs and languages, and statuses (`None` selects declared
/// templates missing from the account).
#[derive(Debug, Clone, Default)]
pub struct StatusFilter {
    pub selection: Selection,
    pub statuses: Vec<Option<RemoteStatus>>,
}

/// A row per (name, language) on the account (a live copy stands for its key before a deleted
/// one), and one per declared template the account lacks. `now_secs` decides whether a paused
/// template can be unpaused yet.
pub fn rows(
    remote: &[RemoteTemplate],
    declared: &[(TemplateKey, Source)],
    filter: &StatusFilter,
    now_secs: i64,
) -> Vec<StatusRow> {
    let mut sources: HashMap<(&str, &str), &Source> = HashMap::new();
    for (key, source) in declared {
        // The first declaration wins, as in `plan`.
        sources
            .entry((key.name.as_str(), key.language.as_str()))
            .or_insert(source);
    }
    let mut by_key: BTreeMap<(&str, &str), Vec<&RemoteTemplate>> = BTreeMap::new();
    for r in remote {
        by_key
            .entry((r.name.as_str(), r.language.as_str()))
            .or_default()
            .push(r);
    }
    let mut rows: Vec<StatusRow> = by_key
        .iter()
        .filter_map(|(key, entries)| {
            let r = pick(entries)?;
            let upper = |s: &Option<String>| {
                s.as_deref()
                    .map(|s| s.trim().to_uppercase())
                    .filter(|s| !s.is_empty())
            };
            let category = upper(&r.category);
            let source = sources.get(key).map(|s| (*s).clone());
            Some(StatusRow {
                name: r.name.clone(),
                language: r.language.clone(),
                status: Some(status_of(r)),
                id: Some(r.id.clone()),
                previous_category: upper(&r.previous_category),
                correct_category: upper(&r.correct_category)
                    .filter(|c| Some(c) != category.as_ref()),
                category,
                quality: r.quality_score.as_ref().map(|q| q.score.to_uppercase()),
                rejected_reason: r
                    .rejected_reason
                    .clone()
                    .filter(|reason| !reason.is_empty() && reason != "NONE"),
                declared: source.is_some(),
                source,
                unpause: super::unpause::readiness(r, now_secs).label(),
            })
        })
        .collect();
    let mut missing: Vec<StatusRow> = sources
        .iter()
        .filter(|(key, _)| !by_key.contains_key(*key))
        .map(|((name, language), source)| StatusRow {
            name: (*name).to_owned(),
            language: (*language).to_owned(),
            status: None,
            id: None,
            category: None,
            previous_category: None,
            correct_category: None,
            quality: None,
            rejected_reason: None,
            unpause: None,
            declared: true,
            source: Some((*source).clone()),
        })
        .collect();
    rows.append(&mut missing);
    rows.retain(|row| {
        filter.selection.matches(&row.name, &row.language)
            && status_matches(&filter.statuses, &row.status)
    });
    rows.sort_by(|a, b| super::natural::key_cmp((&a.name, &a.language), (&b.name, &b.language)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote(json: serde_json::Value) -> RemoteTemplate {
        serde_json::from_value(json).unwrap()
    }

    fn source(file: &str) -> Source {
        Source {
            file: file.into(),
            line: 1,
        }
    }

    fn key(name: &str, language: &str) -> TemplateKey {
        TemplateKey {
            name: name.into(),
            language: language.into(),
        }
    }

    #[test]
    fn rows_join_the_account_and_the_files() {
        let account = vec![
            remote(
                serde_json::json!({"id": "3", "name": "b", "language": "en", "status": "REJECTED",
                "category": "MARKETING", "rejected_reason": "INVALID_FORMAT"}),
            ),
            remote(
                serde_json::json!({"id": "1", "name": "a", "language": "pt_BR", "status": "approved",
                "category": "MARKETING", "previous_category": "UTILITY",
                "quality_score": {"score": "GREEN"}, "rejected_reason": "NONE"}),
            ),
            remote(
                serde_json::json!({"id": "2", "name": "a", "language": "en_US", "status": "DELETED",
                "category": "UTILITY"}),
            ),
            remote(
                serde_json::json!({"id": "4", "name": "a", "language": "en_US", "status": "PENDING",
                "category": "UTILITY"}),
            ),
        ];
        let declared = vec![
            (key("a", "pt_BR"), source("templates/a.yaml")),
            (key("c", "en"), source("templates/c.yaml")),
        ];
        let rows = rows(&account, &declared, &StatusFilter::default(), 0);
        let summary: Vec<(&str, &str, Option<RemoteStatus>, bool)> = rows
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.language.as_str(),
                    r.status.clone(),
                    r.declared,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("a", "en_US", Some(RemoteStatus::Pending), false),
                ("a", "pt_BR", Some(RemoteStatus::Approved), true),
                ("b", "en", Some(RemoteStatus::Rejected), false),
                ("c", "en", None, true),
            ]
        );
        let json = serde_json::to_value(&rows[3]).unwrap();
        assert_eq!(json["status"], NOT_ON_ACCOUNT);
        assert_eq!(serde_json::from_value::<StatusRow>(json).unwrap(), rows[3]);
        assert_eq!(rows[1].recategorised_from(), Some("UTILITY"));
        assert_eq!(rows[1].quality.as_deref(), Some("GREEN"));
        assert_eq!(rows[1].rejected_reason, None);
        assert_eq!(rows[2].rejected_reason.as_deref(), Some("INVALID_FORMAT"));
        assert!(!rows[3].on_account());

        let filter = StatusFilter {
            selection: Selection::default(),
            statuses: vec![wanted("not-on-account"), wanted("rejected")],
        };
        let picked: Vec<String> = super::rows(&account, &declared, &filter, 0)
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(picked, ["b", "c"]);
    }
}
