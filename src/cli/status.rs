//! `wabactl status [PATH...]`: review status, category, quality and rejection reason of every
//! template and language on the account, and whether the files declare it.

use std::io::Write;
use std::path::PathBuf;

use super::{Exit, Format};
use crate::ops::{self, Connection};
use crate::reconcile::filter::Selection;
use crate::reconcile::status::{self, StatusFilter};
use crate::render;
use crate::settings::Settings;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Rows are sorted by name, then language (numbers in names by value: promo_2 before promo_10). A template the files declare but the account does not
hold shows as `not on account` (NOT_ON_ACCOUNT in JSON, and for --status).

JSON (--format json): {\"format_version\": 1, \"account\": ID, \"rows\": [{\"name\", \"language\",
\"status\", \"id\", \"category\", \"previous_category\", \"correct_category\", \"quality\",
\"rejected_reason\", \"declared\", \"source\": {\"file\", \"line\"}, \"unpause\"}]}; absent values are
null. For a PAUSED template, REASON (and \"unpause\") says when `wabactl unpause` can lift the
pause: now, or after a time (5 minutes after the pause).")]
pub struct Args {
    #[command(flatten)]
    pub account: super::scope::AccountArgs,
    /// Template files or directories (default: the project file's `templates`).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Only templates whose name matches GLOB (`*` and `?`; repeatable).
    #[arg(long = "name", value_name = "GLOB", add = clap_complete::ArgValueCandidates::new(super::candidates::templates))]
    pub names: Vec<String>,
    /// Only rows with status STATUS, e.g. REJECTED or NOT_ON_ACCOUNT (repeatable, any case).
    #[arg(long = "status", value_name = "STATUS", add = clap_complete::ArgValueCandidates::new(super::candidates::statuses))]
    pub statuses: Vec<String>,
    /// Only templates in language LANG, e.g. en_US (repeatable).
    #[arg(long = "language", value_name = "LANG")]
    pub languages: Vec<String>,
    /// How the declared templates perform (Meta's template analytics): sent, delivered, read,
    /// clicked, read and click rates, messages sent per day. Costs a call per 10 templates.
    #[arg(long, conflicts_with = "statuses")]
    pub metrics: bool,
    /// With --metrics: the days to show, `7d`, `30d` (up to 90d, Meta's lookback) or a date
    /// YYYY-MM-DD, through today (UTC).
    #[arg(
        long,
        value_name = "7d|30d|DATE",
        default_value = "7d",
        requires = "metrics"
    )]
    pub since: String,
    /// With --metrics: only the templates of the template group NAME declared in wabactl.yaml,
    /// added up as the group (repeatable). Without it every declared group gets a row.
    #[arg(long = "group", value_name = "NAME", requires = "metrics")]
    pub groups: Vec<String>,
}

pub fn run(args: Args, settings: &Settings) -> anyhow::Result<Exit> {
    let filter = StatusFilter {
        selection: Selection {
            names: args.names.clone(),
            languages: args.languages.clone(),
        },
        statuses: args.statuses.iter().map(|s| status::wanted(s)).collect(),
    };
    if args.metrics {
        return metrics(&args, settings, filter.selection);
    }
    if settings.several_accounts || settings.accounts()?.len() != 1 {
        let runs = ops::status::status_accounts(settings, &args.paths, &filter)?;
        let colored = super::colored(&std::io::stdout());
        let text = render::status::accounts(&runs, args.format == Format::Json, colored);
        super::write_all(&mut anstream::stdout().lock(), &text)?;
        let failed = runs.iter().any(|run| run.failed());
        return Ok(if failed { Exit::Error } else { Exit::Success });
    }
    let status = ops::with_connection(settings, async |connection: &Connection| {
        ops::status::status(connection, settings, &args.paths, &filter).await
    })?;
    write_notes(&status.notes)?;
    let text = match args.format {
        Format::Human => render::status::human(&status.report, super::colored(&std::io::stdout())),
        Format::Json => render::status::json(&status.report),
    };
    super::write_all(&mut anstream::stdout().lock(), &text)?;
    Ok(Exit::Success)
}

/// `status --metrics`: one account's template analytics.
fn metrics(args: &Args, settings: &Settings, selection: Selection) -> anyhow::Result<Exit> {
    if settings.several_accounts || settings.accounts()?.len() != 1 {
        anyhow::bail!("status --metrics reads one account at a time: pick it with --account NAME");
    }
    let period = crate::metrics::Period::parse(&args.since, crate::utc::now_secs())
        .map_err(anyhow::Error::msg)?;
    let metrics = ops::with_connection(settings, async |connection: &Connection| {
        ops::metrics::metrics(
            connection,
            settings,
            &args.paths,
            &selection,
            &args.groups,
            period,
        )
        .await
    })?;
    write_notes(&metrics.notes)?;
    let text = match args.format {
        Format::Human => {
            render::metrics::human(&metrics.report, super::colored(&std::io::stdout()))
        }
        Format::Json => render::metrics::json(&metrics.report),
    };
    super::write_all(&mut anstream::stdout().lock(), &text)?;
    Ok(Exit::Success)
}

/// The notes of a report on standard error, each wrapped to the terminal.
fn write_notes(notes: &[String]) -> anyhow::Result<()> {
    let mut stderr = anstream::stderr().lock();
    let width = render::wrap::stdout_width();
    for note in notes {
        write!(
            stderr,
            "{}",
            render::wrap::labelled("", "note: ", note, width)
        )?;
    }
    Ok(())
}
