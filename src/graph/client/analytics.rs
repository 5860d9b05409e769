//! Template analytics: whether the account has confirmed them, and the figures of up to
//! [`MAX_TEMPLATE_IDS`] templates over a time range, page by page.

use reqwest::Method;

use super::GraphClient;
use super::request::{Effect, Request};
use crate::graph::analytics::{
    AnalyticsSeries, DataPoint, InsightsFlag, MAX_TEMPLATE_IDS, METRIC_TYPES,
};
use crate::graph::error::GraphError;
use crate::graph::wire::ListPage;

impl GraphClient {
    /// `GET /{WABA_ID}?fields=is_enabled_for_insights`: whether template analytics are on.
    pub async fn insights_enabled(&self, waba_id: &str) -> Result<bool, GraphError> {
        let mut url = self.endpoint(&[waba_id]);
        url.query_pairs_mut()
            .append_pair("fields", "is_enabled_for_insights");
        let flag: InsightsFlag = self
            .call(Request {
                operation: format!("read whether account {waba_id} has template analytics on"),
                method: Method::GET,
                url,
                body: None,
                effect: Effect::Read,
            })
            .await?;
        Ok(flag.is_enabled_for_insights == Some(true))
    }

    /// `GET /{WABA_ID}/template_analytics` for `ids` (at most [`MAX_TEMPLATE_IDS`]), daily, from
    /// `start` to `end` (unix seconds), following `paging.next` when Meta pages the answer.
    pub async fn template_analytics(
        &self,
        waba_id: &str,
        ids: &[String],
        start: i64,
        end: i64,
    ) -> Result<Vec<DataPoint>, GraphError> {
        debug_assert!(!ids.is_empty() && ids.len() <= MAX_TEMPLATE_IDS);
        let mut url = self.endpoint(&[waba_id, "template_analytics"]);
        url.query_pairs_mut()
            .append_pair("start", &start.to_string())
            .append_pair("end", &end.to_string())
            .append_pair("granularity", "DAILY")
            .append_pair("metric_types", METRIC_TYPES)
            .append_pair("template_ids", &format!("[{}]", ids.join(",")));
        let mut points = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for page_number in 1..=self.max_pages {
            let page: ListPage<AnalyticsSeries> = self
                .call(Request {
                    operation: format!(
                        "read template analytics of {} template{} (page {page_number})",
                        ids.len(),
                        if ids.len() == 1 { "" } else { "s" }
                    ),
                    method: Method::GET,
                    url: url.clone(),
                    body: None,
                    effect: Effect::Read,
                })
                .await?;
            points.extend(page.data.into_iter().flat_map(|s| s.data_points));
            let Some(next) = page.paging.and_then(|p| p.next) else {
                return Ok(points);
            };
            url = self.follow(&next)?;
            if !seen.insert(url.to_string()) {
                return Err(GraphError::Pagination(
                    "the template analytics point back to a page already read (a cursor loop); \
                     stopped instead of reading forever"
                        .into(),
                ));
            }
        }
        Err(GraphError::Pagination(format!(
            "the template analytics ran past {} pages; stopped",
            self.max_pages
        )))
    }
}
