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

use tokio::sync::Semaphore;

use super::client::GraphClient;
use super::error::GraphError;
use super::wire::{ListPage, RemoteTemplate};

/// Cursors read at once.
pub const PARTITION_CONCURRENCY: usize = 4;

/// What the server may filter on: exact languages and an exact name. The results are filtered
/// exactly here too (Meta's `name` filter may match parts of names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListScope {
    pub languages: Vec<String>,
    pub name: Option<String>,
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
    let total = total_count(&first);
    let languages = languages_by_frequency(&first.data);
    let (Some(total), true, true) = (total, more, languages.len() > 1) else {
        return client.rest_of_cursor(first).await;
    };
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
            let _permit = permits.acquire().await.expect("the semaphore is never closed");
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

/// The languages of `templates`, most frequent first (ties by code, for a stable order).
fn languages_by_frequency(templates: &[RemoteTemplate]) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for template in templates {
        *counts.entry(template.language.as_str()).or_default() += 1;
    }
    let mut languages: Vec<(&str, usize)> = counts.into_iter().collect();
    languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    languages.into_iter().map(|(l, _)| l.to_owned()).collect()
}

/// The templates of every partition, each id once.
fn merge(parts: impl Iterator<Item = Vec<RemoteTemplate>>) -> Vec<RemoteTemplate> {
    let mut seen = HashSet::new();
    parts
        .flatten()
        .filter(|t| seen.insert(t.id.clone()))
        .collect()
}
