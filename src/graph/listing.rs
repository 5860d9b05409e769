//! Reading a whole account in few calls, which is what Meta's call budget counts.
//!
//! The first page (as large as Meta serves) comes with the account's total. A small account
//! ends there. A larger one is read through one cursor per language seen on that page, side by
//! side, each filtered by the server: a template's language never changes, so the partitions
//! cannot overlap or lose a template that changes status or category meanwhile. Completeness
//! is checked against the total: when the partitions' totals do not add up to it (a language
//! the first page did not show, or templates added meanwhile), the first page's cursor is read
//! to its end instead, as a single cursor would have. Every template is kept once, by id.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use super::client::GraphClient;
use super::error::GraphError;
use super::wire::{ListPage, RemoteTemplate};

/// Cursors read at once.
pub const PARTITION_CONCURRENCY: usize = 4;
/// An account of this many pages or fewer is read on its one cursor.
pub const MIN_PAGES_TO_PARTITION: u64 = 3;

/// What the server may filter on: exact languages and an exact name. The results are filtered
/// exactly here too (Meta's `name` filter may match parts of names).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ListScope {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl ListScope {
    /// The whole account.
    pub fn is_whole(&self) -> bool {
        self.languages.is_empty() && self.name.is_none()
    }
}

impl ListScope {
    fn keeps(&self, template: &RemoteTemplate) -> bool {
        self.name.as_ref().is_none_or(|n| template.name == *n)
            && (self.languages.is_empty() || self.languages.contains(&template.language))
    }
}

/// Every template in `scope` (the whole account for the default scope).
pub async fn list_account(
    client: &GraphClient,
    waba_id: &str,
    scope: &ListScope,
) -> Result<Vec<RemoteTemplate>, GraphError> {
    let name: Vec<(&str, &str)> = scope.name.iter().map(|n| ("name", n.as_str())).collect();
    let mut templates = if scope.languages.is_empty() {
        whole(client, waba_id, &name).await?
    } else {
        // Scoped to languages: those cursors are the whole answer.
        let parts = partitions(client, waba_id, &scope.languages, scope.name.as_deref()).await?;
        merge(parts.into_iter().map(|p| p.templates))
    };
    templates.retain(|t| scope.keeps(t));
    Ok(templates)
}

async fn whole(
    client: &GraphClient,
    waba_id: &str,
    name: &[(&str, &str)],
) -> Result<Vec<RemoteTemplate>, GraphError> {
    let first = client.first_page(waba_id, name).await?;
    let more = first.paging.as_ref().is_some_and(|p| p.next.is_some());
    let (Some(total), true) = (total_count(&first), more) else {
        return client.rest_of_cursor(first).await;
    };
    let languages = languages_by_frequency(&first.data);
    if !worth_partitioning(&languages, first.data.len(), total) {
        return client.rest_of_cursor(first).await;
    }
    let languages: Vec<String> = languages.into_iter().map(|(l, _)| l).collect();
    let name = name.first().map(|(_, n)| *n);
    let parts = partitions(client, waba_id, &languages, name).await?;
    let counted: Option<u64> = parts.iter().map(|p| p.total).sum();
    let templates = merge(parts.into_iter().map(|p| p.templates));
    if counted == Some(total) && templates.len() as u64 == total {
        tracing::debug!(
            partitions = languages.len(),
            templates = templates.len(),
            "listed by language"
        );
        return Ok(templates);
    }
    tracing::debug!(
        total,
        partitioned = templates.len(),
        "the languages of the first page do not cover the account; reading its cursor"
    );
    let mut all = client.rest_of_cursor(first).await?;
    let seen: HashSet<String> = all.iter().map(|t| t.id.clone()).collect();
    all.extend(templates.into_iter().filter(|t| !seen.contains(&t.id)));
    Ok(all)
}

struct Partition {
    templates: Vec<RemoteTemplate>,
    total: Option<u64>,
}

/// One server-filtered cursor per language, at most [`PARTITION_CONCURRENCY`] at a time.
async fn partitions(
    client: &GraphClient,
    waba_id: &str,
    languages: &[String],
    name: Option<&str>,
) -> Result<Vec<Partition>, GraphError> {
    let permits = Arc::new(Semaphore::new(PARTITION_CONCURRENCY));
    let mut tasks = tokio::task::JoinSet::new();
    for (index, language) in languages.iter().enumerate() {
        let (client, waba_id, language) = (client.clone(), waba_id.to_owned(), language.clone());
        let name = name.map(str::to_owned);
        let permits = permits.clone();
        tasks.spawn(async move {
            let _permit = permits
                .acquire()
                .await
                .expect("the semaphore is never closed");
            let mut filters = vec![("language", language.as_str())];
            filters.extend(name.as_deref().map(|n| ("name", n)));
            let first = client.first_page(&waba_id, &filters).await?;
            let total = total_count(&first);
            let templates = client.rest_of_cursor(first).await?;
            Ok::<_, GraphError>((index, Partition { templates, total }))
        });
    }
    let mut parts: Vec<Option<Partition>> = languages.iter().map(|_| None).collect();
    while let Some(joined) = tasks.join_next().await {
        let (index, part) = joined.map_err(|e| {
            GraphError::Pagination(format!("a listing task stopped unexpectedly ({e})"))
        })??;
        parts[index] = Some(part);
    }
    Ok(parts.into_iter().flatten().collect())
}

fn total_count(page: &ListPage<RemoteTemplate>) -> Option<u64> {
    page.summary.as_ref()?.get("total_count")?.as_u64()
}

/// The languages of `templates` with their counts, most frequent first (ties by code).
fn languages_by_frequency(templates: &[RemoteTemplate]) -> Vec<(String, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for template in templates {
        *counts.entry(template.language.as_str()).or_default() += 1;
    }
    let mut languages: Vec<(String, usize)> =
        counts.into_iter().map(|(l, n)| (l.to_owned(), n)).collect();
    languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    languages
}

/// Partitions read side by side, so they save time; but each ends on a partial page, and calls
/// are what the account's budget counts. Partition only an account of more than
/// [`MIN_PAGES_TO_PARTITION`] pages, and only when, estimated from the first page's language
/// mix, it costs at most a tenth more calls (plus one) than the one cursor.
fn worth_partitioning(languages: &[(String, usize)], page: usize, total: u64) -> bool {
    if languages.len() < 2 || page == 0 {
        return false;
    }
    let pages = |templates: f64| (templates / page as f64).ceil().max(1.0) as u64;
    let one_cursor = pages(total as f64);
    let partitioned: u64 = 1 + languages
        .iter()
        .map(|(_, n)| pages(total as f64 * *n as f64 / page as f64))
        .sum::<u64>();
    one_cursor > MIN_PAGES_TO_PARTITION && partitioned <= one_cursor + one_cursor.div_ceil(10) + 1
}

/// The templates of every partition, each id once.
fn merge(parts: impl Iterator<Item = Vec<RemoteTemplate>>) -> Vec<RemoteTemplate> {
    let mut seen = HashSet::new();
    parts
        .flatten()
        .filter(|t| seen.insert(t.id.clone()))
        .collect()
}

impl GraphClient {
    /// Every template of the account, read as [`list_account`] reads a whole account.
    pub async fn list_templates(&self, waba_id: &str) -> Result<Vec<RemoteTemplate>, GraphError> {
        list_account(self, waba_id, &ListScope::default()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mix(counts: &[usize]) -> Vec<(String, usize)> {
        counts
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("l{i}"), *n))
            .collect()
    }

    #[test]
    fn partitions_only_when_it_costs_few_more_calls() {
        // 6,000 templates in three even languages: 24 pages on one cursor, 1 + 3 × 8 split.
        assert!(worth_partitioning(&mix(&[84, 83, 83]), 250, 6000));
        // 600 templates: 3 pages on one cursor is small enough.
        assert!(!worth_partitioning(&mix(&[84, 83, 83]), 250, 600));
        assert!(worth_partitioning(&mix(&[125, 125]), 250, 1001));
        // One language, or a first page that is the whole account: nothing to split.
        assert!(!worth_partitioning(&mix(&[250]), 250, 6000));
        assert!(!worth_partitioning(&mix(&[]), 0, 0));
        // Ten even languages: 11 calls instead of 10.
        assert!(worth_partitioning(&mix(&[25; 10]), 250, 2500));
        // Fifty small languages: each would cost a call of its own.
        assert!(!worth_partitioning(&mix(&[5; 50]), 250, 1000));
    }
}
