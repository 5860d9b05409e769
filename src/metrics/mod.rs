//! How the declared templates perform: Meta's template analytics (sent, delivered, read,
//! clicked per template per UTC day) gathered into a typed report, with read and click rates,
//! totals, and the figures of a set of templates (a group). Pure: the figures come in, the
//! report goes out; `ops::metrics` reads them and `render::metrics` shows them.

pub mod period;

use std::collections::HashMap;

use serde::Serialize;

use crate::graph::analytics::{DataPoint, MAX_TEMPLATE_IDS};
use crate::graph::endpoint::Endpoint;
use crate::graph::usage::Requests;
pub use period::Period;

/// The version of the JSON document; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// Message counts over some days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub sent: u64,
    pub delivered: u64,
    pub read: u64,
    /// Clicks on URL and quick-reply buttons (MARKETING and UTILITY templates only).
    pub clicked: u64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.sent += other.sent;
        self.delivered += other.delivered;
        self.read += other.read;
        self.clicked += other.clicked;
    }

    /// Read messages per delivered message; `None` when none was delivered.
    pub fn read_rate(&self) -> Option<f64> {
        rate(self.read, self.delivered)
    }

    /// Button clicks per delivered message; `None` when none was delivered.
    pub fn click_rate(&self) -> Option<f64> {
        rate(self.clicked, self.delivered)
    }

    fn figures(self) -> Figures {
        Figures {
            counts: self,
            read_rate: self.read_rate(),
            click_rate: self.click_rate(),
        }
    }
}

fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Counts with their rates, as the JSON writes them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    #[serde(flatten)]
    pub counts: Counts,
    /// `read / delivered`, between 0 and 1; null when nothing was delivered.
    pub read_rate: Option<f64>,
    /// `clicked / delivered`; null when nothing was delivered.
    pub click_rate: Option<f64>,
}

/// One UTC day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// A declared template and how it did; `id` is null (and the figures zero) when the account
/// does not hold it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateMetrics {
    pub name: String,
    pub language: String,
    pub id: Option<String>,
    #[serde(flatten)]
    pub figures: Figures,
    /// Every day of the period, oldest first.
    pub days: Vec<Day>,
}

/// Several templates as one: a group, or every template shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetMetrics {
    /// The group's name; `total` for every template shown.
    pub name: String,
    /// How many templates it adds up.
    pub templates: usize,
    #[serde(flatten)]
    pub figures: Figures,
    pub days: Vec<Day>,
}

/// What `wabactl status --metrics --format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricsReport {
    pub format_version: u32,
    /// The WhatsApp Business Account id.
    pub account: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    /// The first and last UTC day, `YYYY-MM-DD`, and how many days.
    pub since: String,
    pub until: String,
    pub days: u32,
    /// Sorted by name, then language.
    pub templates: Vec<TemplateMetrics>,
    /// The named sets asked for (groups), each adding up its templates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<SetMetrics>,
    /// Every template shown, added up.
    pub total: SetMetrics,
    /// The Graph calls made (listing, the analytics switch, the analytics).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests: Option<Requests>,
}

/// The template ids in requests of at most [`MAX_TEMPLATE_IDS`], Meta's limit per call.
pub fn batches(ids: &[String]) -> impl Iterator<Item = &[String]> {
    ids.chunks(MAX_TEMPLATE_IDS)
}

/// The report's templates: each declared `(name, language)` with its id on the account (if
/// any) and its figures over `period`, from Meta's data points. Points of other days or
/// templates are left out.
pub fn templates(
    declared: &[(String, String, Option<String>)],
    points: &[DataPoint],
    period: &Period,
) -> Vec<TemplateMetrics> {
    let mut by_id: HashMap<&str, Vec<Counts>> = HashMap::new();
    for point in points {
        let Some(day) = period.index_of(point.start) else {
            continue;
        };
        let days = by_id
            .entry(point.template_id.as_str())
            .or_insert_with(|| vec![Counts::default(); period.days as usize]);
        days[day].add(Counts {
            sent: point.sent.unwrap_or(0),
            delivered: point.delivered.unwrap_or(0),
            read: point.read.unwrap_or(0),
            clicked: point.clicks(),
        });
    }
    let mut rows: Vec<TemplateMetrics> = declared
        .iter()
        .map(|(name, language, id)| {
            let daily = id
                .as_deref()
                .and_then(|id| by_id.get(id))
                .cloned()
                .unwrap_or_else(|| vec![Counts::default(); period.days as usize]);
            let mut total = Counts::default();
            daily.iter().for_each(|day| total.add(*day));
            TemplateMetrics {
                name: name.clone(),
                language: language.clone(),
                id: id.clone(),
                figures: total.figures(),
                days: period.days_of(&daily),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        crate::reconcile::natural::key_cmp((&a.name, &a.language), (&b.name, &b.language))
    });
    rows
}

/// The templates `member` picks (a group's, or all), added up under `name`, day by day.
pub fn set(
    name: &str,
    templates: &[TemplateMetrics],
    period: &Period,
    member: impl Fn(&TemplateMetrics) -> bool,
) -> SetMetrics {
    let mut daily = vec![Counts::default(); period.days as usize];
    let mut total = Counts::default();
    let mut count = 0;
    for template in templates.iter().filter(|t| member(t)) {
        count += 1;
        total.add(template.figures.counts);
        for (sum, day) in daily.iter_mut().zip(&template.days) {
            sum.add(day.counts);
        }
    }
    SetMetrics {
        name: name.to_owned(),
        templates: count,
        figures: total.figures(),
        days: period.days_of(&daily),
    }
}

#[cfg(test)]
mod tests;
