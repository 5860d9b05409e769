//! `status --metrics`: how the declared templates perform over a period, from Meta's template
//! analytics. Lists the account for the templates' ids, reads whether analytics are on (and
//! stops with how to turn them on when not), then reads the figures ten templates a call, the
//! most Meta takes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, bail};

use super::connect::Connection;
use crate::graph::analytics::DataPoint;
use crate::graph::listing::list_account;
use crate::graph::wire::RemoteTemplate;
use crate::groups::declared::DeclaredGroup;
use crate::metrics::{self, MetricsReport, Period};
use crate::reconcile::filter::Selection;
use crate::settings::Settings;

/// The report, and notes about the files for the person reading it.
#[derive(Debug)]
pub struct Metrics {
    pub report: MetricsReport,
    pub notes: Vec<String>,
}

/// The figures of the declared templates in `selection`, over `period`.
pub async fn metrics(
    connection: &Connection,
    settings: &Settings,
    paths: &[PathBuf],
    selection: &Selection,
    group_names: &[String],
    period: Period,
) -> anyhow::Result<Metrics> {
    let mut notes = Vec::new();
    let receives = &connection.settings.receives;
    let groups = asked_groups(&connection.settings.template_groups.groups, group_names)?;
    let mut keys: Vec<(String, String)> = super::status::declared(settings, paths, &mut notes)?
        .into_iter()
        .filter(|(key, source)| {
            selection.matches(&key.name, &key.language)
                && (group_names.is_empty() || groups.iter().any(|g| g.covers(&key.name)))
                && receives.matches(&key.name, &key.language)
                && receives.matches_file(&source.file)
        })
        .map(|(key, _)| (key.name, key.language))
        .collect();
    keys.sort();
    keys.dedup();
    let waba_id = connection.waba_id()?.to_owned();
    let client = &connection.client;
    let remote = list_account(client, &waba_id, &selection.list_scope())
        .await
        .with_context(|| format!("cannot list the templates of account {waba_id}"))?;
    let ids = ids_of(&remote);
    let declared: Vec<(String, String, Option<String>)> = keys
        .into_iter()
        .map(|(name, language)| {
            let id = ids.get(&(name.as_str(), language.as_str())).cloned();
            (name, language, id)
        })
        .collect();
    let on_account: Vec<String> = declared
        .iter()
        .filter_map(|(_, _, id)| id.clone())
        .collect();
    let Some(points) = figures(connection, &waba_id, &on_account, &period).await? else {
        bail!(not_enabled(connection, &waba_id));
    };
    let templates = metrics::templates(&declared, &points, &period);
    let total = metrics::set("total", &templates, &period, |_| true);
    let groups = groups
        .iter()
        .map(|g| metrics::set(&g.name, &templates, &period, |t| g.covers(&t.name)))
        .collect();
    let report = MetricsReport {
        format_version: metrics::FORMAT_VERSION,
        account: waba_id,
        api_version: Some(connection.settings.client.api_version.clone()),
        endpoint: Some(connection.endpoint()),
        since: period.date(0),
        until: period.date(period.days as usize - 1),
        days: period.days,
        templates,
        groups,
        total,
        requests: Some(client.requests()),
    };
    Ok(Metrics { report, notes })
}

/// The declared groups a report adds up: those `names` asks for, or every one when it names
/// none. A name the account does not declare is an error naming those it does.
fn asked_groups<'g>(
    declared: &'g [DeclaredGroup],
    names: &[String],
) -> anyhow::Result<Vec<&'g DeclaredGroup>> {
    if names.is_empty() {
        return Ok(declared.iter().collect());
    }
    names
        .iter()
        .map(|name| {
            declared.iter().find(|g| &g.name == name).ok_or_else(|| {
                let known: Vec<&str> = declared.iter().map(|g| g.name.as_str()).collect();
                anyhow::anyhow!(
                    "no template group `{name}` is declared for this account in wabactl.yaml{}; \
                     declare it under `template_groups`",
                    if known.is_empty() {
                        String::new()
                    } else {
                        format!(" (declared: {})", known.join(", "))
                    }
                )
            })
        })
        .collect()
}

/// The data points of templates `ids` over `period`, ten templates a call; `None` when the
/// account has not turned template analytics on. No call at all for no template.
async fn figures(
    connection: &Connection,
    waba_id: &str,
    ids: &[String],
    period: &Period,
) -> anyhow::Result<Option<Vec<DataPoint>>> {
    let client = &connection.client;
    let mut points = Vec::new();
    if ids.is_empty() {
        return Ok(Some(points));
    }
    let enabled = client
        .insights_enabled(waba_id)
        .await
        .with_context(|| format!("cannot read whether account {waba_id} has analytics on"))?;
    if !enabled {
        return Ok(None);
    }
    let end = crate::utc::now_secs().min(period.end() - 1);
    for batch in metrics::batches(ids) {
        let batch_points = client
            .template_analytics(waba_id, batch, period.first_day, end)
            .await
            .with_context(|| format!("cannot read the template analytics of {waba_id}"))?;
        points.extend(batch_points);
    }
    Ok(Some(points))
}

/// For `plan --metrics`: the figures over `period` of the templates a plan changes on the
/// account (those with an id there); `Err` with the reason to show instead when analytics are
/// off.
pub async fn of_changed(
    connection: &Connection,
    plan: &crate::reconcile::plan::Plan,
    period: Period,
) -> anyhow::Result<Result<Vec<metrics::TemplateMetrics>, String>> {
    use crate::reconcile::plan::Kind;
    let waba_id = connection.waba_id()?.to_owned();
    let changed: Vec<(String, String, Option<String>)> = plan
        .changes
        .iter()
        .filter(|c| !matches!(c.kind(), Kind::InSync | Kind::Unmanaged))
        .filter_map(|c| {
            let id = c.remote.as_ref()?.id.clone();
            Some((c.name.clone(), c.language.clone(), Some(id)))
        })
        .collect();
    let ids: Vec<String> = changed.iter().filter_map(|(_, _, id)| id.clone()).collect();
    Ok(match figures(connection, &waba_id, &ids, &period).await? {
        Some(points) => Ok(metrics::templates(&changed, &points, &period)),
        None => Err(format!(
            "template analytics are not enabled on account {waba_id} (see `wabactl status \
             --metrics`)"
        )),
    })
}

/// The id of each (name, language) on the account: the live copy before a deleted one.
fn ids_of(remote: &[RemoteTemplate]) -> BTreeMap<(&str, &str), String> {
    let mut by_key: BTreeMap<(&str, &str), Vec<&RemoteTemplate>> = BTreeMap::new();
    for r in remote {
        by_key
            .entry((r.name.as_str(), r.language.as_str()))
            .or_default()
            .push(r);
    }
    by_key
        .into_iter()
        .filter_map(|(key, entries)| {
            crate::reconcile::diff::pick(&entries).map(|r| (key, r.id.clone()))
        })
        .collect()
}

/// What to do when the account has not confirmed template analytics.
fn not_enabled(connection: &Connection, waba_id: &str) -> String {
    let base = connection.client.base_url();
    let sandbox = if connection.sandbox.is_some() {
        " (this is the in-process sandbox, gone when the command ends: serve its state with \
         `wabactl sandbox serve --state STATE --port 0`, the file --sandbox names, and send the \
         POST to the base URL it prints, token `sandbox-token`)"
    } else {
        ""
    };
    format!(
        "template analytics are not enabled on account {waba_id}, so Meta has no figures for \
         its templates. Turn them on once in WhatsApp Manager, or with \
         `curl -X POST -H \"Authorization: Bearer $WHATSAPP_ACCESS_TOKEN\" \
         '{base}/{waba_id}?is_enabled_for_insights=true'`. Meta counts from then on; once on, \
         they cannot be turned off, and they include link tracking of URL buttons{sandbox}"
    )
}

/// The figures `plan --metrics` adds to the Markdown plan.
#[derive(Debug)]
pub struct PlanFigures {
    pub period: Period,
    /// The changed templates' figures, or why there are none.
    pub figures: Result<Vec<metrics::TemplateMetrics>, String>,
}

/// The last seven days of the templates `planned` changes on its account (a plan of one
/// account; several are left without figures, which the result says).
pub fn for_plan(
    settings: &Settings,
    planned: &crate::reconcile::plan_set::Planned,
) -> anyhow::Result<PlanFigures> {
    let period = Period::parse("7d", crate::utc::now_secs()).map_err(anyhow::Error::msg)?;
    let crate::reconcile::plan_set::Planned::One(plan) = planned else {
        let figures = Err("figures are shown for a plan of one account (`--account NAME`)".into());
        return Ok(PlanFigures { period, figures });
    };
    let figures = super::with_connection(settings, async |connection: &Connection| {
        of_changed(connection, plan, period).await
    })?;
    Ok(PlanFigures { period, figures })
}
