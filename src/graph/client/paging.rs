//! Reading the template list page by page: the page size (with one fallback when Meta refuses
//! it), `paging.next` links kept on the configured host, and cursor loops stopped.

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use reqwest::{Method, Url};

use super::GraphClient;
use super::api_base::host_label;
use super::request::{Effect, Request};
use crate::graph::error::{ErrorClass, GraphError};
use crate::graph::wire::{ListPage, RemoteTemplate, TEMPLATE_FIELDS};

/// Templates per list page. Meta documents no maximum; public clients send 100 to 250 with
/// `fields=components`. Fewer pages means fewer calls against the account's call budget.
pub const DEFAULT_PAGE_SIZE: u32 = 250;
/// The page size to fall back to, once, when Meta refuses a larger `limit`.
pub const FALLBACK_PAGE_SIZE: u32 = 100;
/// A bound on list pages: 6000 templates (the largest account) fit in 24 pages of 250, or in
/// 240 if Meta shrinks pages to its default of 25.
pub const DEFAULT_MAX_PAGES: u32 = 1000;

impl GraphClient {
    /// The account's templates named exactly `name` (every language and status). Meta's `name`
    /// filter may match parts of names, so the exact match is made here.
    pub async fn list_templates_named(
        &self,
        waba_id: &str,
        name: &str,
    ) -> Result<Vec<RemoteTemplate>, GraphError> {
        let mut templates = self.list_where(waba_id, Some(name)).await?;
        templates.retain(|t| t.name == name);
        Ok(templates)
    }

    async fn list_where(
        &self,
        waba_id: &str,
        name: Option<&str>,
    ) -> Result<Vec<RemoteTemplate>, GraphError> {
        let filters: Vec<(&str, &str)> = name.map(|n| ("name", n)).into_iter().collect();
        let first = self.first_page(waba_id, &filters).await?;
        self.rest_of_cursor(first).await
    }

    /// The first page of the template list with these server-side filters, with the
    /// filtered total (`summary=total_count`). When Meta refuses the page size, asks once more
    /// with [`FALLBACK_PAGE_SIZE`] and keeps that size for the rest of the run.
    pub(crate) async fn first_page(
        &self,
        waba_id: &str,
        filters: &[(&str, &str)],
    ) -> Result<ListPage<RemoteTemplate>, GraphError> {
        loop {
            let size = self.page_size.load(Ordering::Relaxed);
            let mut url = self.endpoint(&[waba_id, "message_templates"]);
            url.query_pairs_mut()
                .append_pair("fields", TEMPLATE_FIELDS)
                .append_pair("limit", &size.to_string())
                .append_pair("summary", "total_count")
                .extend_pairs(filters);
            let operation = match filters {
                [] => "list templates (page 1)".to_owned(),
                _ => format!("list templates where {} (page 1)", describe(filters)),
            };
            match self.list_page(url, operation).await {
                Err(GraphError::Api(error))
                    if error.class == ErrorClass::Invalid && size > FALLBACK_PAGE_SIZE =>
                {
                    tracing::info!(
                        size,
                        fallback = FALLBACK_PAGE_SIZE,
                        "the server refused the page size; using the smaller one from now on"
                    );
                    self.page_size.store(FALLBACK_PAGE_SIZE, Ordering::Relaxed);
                }
                answer => return answer,
            }
        }
    }

    async fn list_page(
        &self,
        url: Url,
        operation: String,
    ) -> Result<ListPage<RemoteTemplate>, GraphError> {
        self.call(Request {
            operation,
            method: Method::GET,
            url,
            body: None,
            effect: Effect::Read,
        })
        .await
    }

    /// The templates of `first` and of every page after it, following `paging.next` to the
    /// end. Each template is kept once, and a cursor that loops is an error.
    pub(crate) async fn rest_of_cursor(
        &self,
        first: ListPage<RemoteTemplate>,
    ) -> Result<Vec<RemoteTemplate>, GraphError> {
        let mut seen_urls = HashSet::new();
        let mut seen_cursors = HashSet::new();
        let mut seen_ids = HashSet::new();
        let mut templates = Vec::new();
        let mut page = first;
        for page_number in 1..=self.max_pages {
            // Cursors shift when templates are added meanwhile; never count one twice.
            for template in page.data {
                if seen_ids.insert(template.id.clone()) {
                    templates.push(template);
                } else {
                    tracing::debug!(id = %template.id, "template listed twice; kept once");
                }
            }
            let paging = page.paging.unwrap_or_default();
            let Some(next) = paging.next else {
                tracing::debug!(pages = page_number, templates = templates.len(), "listed");
                return Ok(templates);
            };
            let url = self.follow(&next)?;
            let cursor = paging
                .cursors
                .and_then(|c| c.after)
                .or_else(|| query_value(&url, "after"));
            let repeated_cursor = cursor.is_some_and(|c| !seen_cursors.insert(c));
            if repeated_cursor || !seen_urls.insert(url.to_string()) {
                return Err(GraphError::Pagination(format!(
                    "page {page_number} points back to a page already read (a cursor loop); \
                     stopped instead of reading forever. Run again; if it persists the server's \
                     paging is broken"
                )));
            }
            page = self
                .list_page(url, format!("list templates (page {})", page_number + 1))
                .await?;
        }
        Err(GraphError::Pagination(format!(
            "still more pages after {} pages of {}; stopped. Lower the number of templates or \
             check the server's paging",
            self.max_pages,
            self.page_size.load(Ordering::Relaxed)
        )))
    }

    /// Checks a `paging.next` URL: it must stay on the configured host. Any `access_token` in
    /// it is dropped (the token goes in the header only, and URLs end up in logs and errors).
    pub(super) fn follow(&self, next: &str) -> Result<Url, GraphError> {
        let url = Url::parse(next).map_err(|e| {
            GraphError::Pagination(format!("the server's next-page link is not a URL ({e})"))
        })?;
        let same_origin = url.scheme() == self.base.scheme()
            && url.host_str() == self.base.host_str()
            && url.port_or_known_default() == self.base.port_or_known_default();
        if !same_origin {
            return Err(GraphError::Pagination(format!(
                "the server's next-page link leads to {} instead of {}; refusing to send the \
                 token there. Check `api_base`",
                host_label(&url),
                self.host()
            )));
        }
        // A parameter that *is* the token goes; one that merely contains it stays (a short
        // sandbox token can occur inside a base64 cursor, and dropping the cursor loops).
        let carries_token = |(k, v): &(std::borrow::Cow<str>, std::borrow::Cow<str>)| {
            k == "access_token" || self.token.is(v)
        };
        if !url.query_pairs().any(|pair| carries_token(&pair)) {
            return Ok(url);
        }
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|pair| !carries_token(pair))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut clean = url;
        clean.set_query(None);
        if !kept.is_empty() {
            clean.query_pairs_mut().extend_pairs(kept);
        }
        tracing::debug!("dropped an access token from the next-page link");
        Ok(clean)
    }
}

/// `language=en_US, name=promo` for messages.
fn describe(filters: &[(&str, &str)]) -> String {
    filters
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn query_value(url: &Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{TOKEN, client};
    use super::*;

    #[test]
    fn next_links_stay_on_the_base_host_and_lose_tokens() {
        let c = client("http://127.0.0.1:8089");
        let ok = c
            .follow("http://127.0.0.1:8089/v25.0/1/message_templates?limit=2&after=MQZDZD")
            .unwrap();
        assert_eq!(query_value(&ok, "after").as_deref(), Some("MQZDZD"));

        let with_token =
            format!("http://127.0.0.1:8089/v25.0/1/message_templates?access_token={TOKEN}&after=X");
        let clean = c.follow(&with_token).unwrap();
        assert!(!clean.as_str().contains(TOKEN), "{clean}");
        assert_eq!(query_value(&clean, "after").as_deref(), Some("X"));

        for foreign in [
            "http://127.0.0.1:9999/v25.0/1/message_templates",
            "https://127.0.0.1:8089/v25.0/1/message_templates",
            "http://evil.example/v25.0/1/message_templates",
            "not a url",
        ] {
            let err = c.follow(foreign).unwrap_err();
            assert!(matches!(err, GraphError::Pagination(_)), "{foreign}");
        }
    }

    #[test]
    fn meta_next_links_are_followed() {
        let c = client("https://graph.facebook.com");
        // As Meta sends it (corpus: sdk_java_ptbr_get_list_paging_next.json), older version.
        assert!(
            c.follow(
                "https://graph.facebook.com/v15.0/0000000000/message_templates?limit=2&after=MQZDZD"
            )
            .is_ok()
        );
    }
}
