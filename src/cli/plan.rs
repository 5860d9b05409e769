//! `wabactl plan [PATH...]`: read the files and the account, show what `apply` would do.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;

use super::Exit;
use super::scope::PlanScope;
use crate::ops::plan_accounts::{AccountsPlanRequest, plan_run};
use crate::reconcile::plan_set::Planned;
use crate::render;
use crate::render::plan::file_link::FileLinks;
use crate::settings::Settings;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit codes with --exit-code:
  0  the account matches the files (unmanaged templates alone do not count)
  2  something to create, update, delete, archive or unarchive, a template that needs a new
     name, one that is blocked or held, drift, or a declared template that needs attention: on
     the account as the file says but not sendable (REJECTED, PAUSED, DISABLED, IN_APPEAL): a
     person must act either way, and a scheduled `plan --exit-code` is how a team hears of it
     (with several accounts: in any of them)
  1  an error (with several accounts: any account that could not be planned, after the
     report of the others)")]
pub struct Args {
    #[command(flatten)]
    pub account: super::scope::AccountArgs,
    /// Template files or directories (default: the project file's `templates`).
    pub paths: Vec<PathBuf>,
    /// Output format: human (terminal), markdown (pull-request comment), json, or html (a
    /// self-contained page with each change's message as a customer sees it).
    #[arg(long, value_enum, default_value_t = PlanFormat::Human)]
    pub format: PlanFormat,
    /// Also save the plan as JSON in FILE (for review or `wabactl apply FILE`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write the plan as an HTML page to FILE (the messages before and after), whatever
    /// --format prints: for a CI artifact beside the pull-request comment.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Exit with 2 when the plan has changes (like `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
    /// Exit with 1 when an update would break applications that send the template today.
    #[arg(long)]
    pub fail_on_breaking: bool,
    /// Also add the plan, as Markdown, to the GitHub Actions job summary (the file named by
    /// GITHUB_STEP_SUMMARY), whatever --format prints.
    #[arg(long)]
    pub step_summary: bool,
    /// Change only templates that account NAME holds approved with the same content; hold
    /// the others (`held`), so review meets them there first.
    #[arg(long, value_name = "NAME")]
    pub promote_from: Option<String>,
    /// Names the pull-request comment in the Markdown plan's hidden first line, beside the
    /// accounts and the shard, so that each workflow and job updates a comment of its own
    /// (letters, digits and . _ / : @ + -).
    #[arg(long, value_name = "KEY", value_parser = render::plan::comment::check_key)]
    pub comment_key: Option<String>,
    /// Markdown: add each changed template's last 7 days (sent, read, clicked) from Meta's
    /// template analytics. Off by default: it costs a call per 10 templates.
    #[arg(long)]
    pub metrics: bool,
    #[command(flatten)]
    pub scope: PlanScope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Human,
    Markdown,
    Json,
    Html,
}

pub fn run(args: Args, settings: &Settings, verbose: u8) -> anyhow::Result<Exit> {
    let request = AccountsPlanRequest {
        plan: args.scope.request(settings, &args.paths)?,
        concurrency: settings.account_concurrency,
        promote_from: args.promote_from.clone(),
    };
    let plan = plan_run(settings, &request)?;
    let identity = render::plan::comment::Identity {
        key: args.comment_key.clone(),
        shard: settings.shard.map(|s| format!("{}/{}", s.index, s.count)),
    };
    let links = FileLinks::from_vars(|name| settings.environment().var(name));

    // A plan written out as JSON is sealed; one only shown needs no seal.
    let wants_json = args.out.is_some() || args.format == PlanFormat::Json;
    let plan = if wants_json { plan.sealed() } else { plan };
    let json = wants_json.then(|| render::plan::json_of(&plan));
    if let (Some(out), Some(json)) = (&args.out, &json) {
        crate::atomic_file::write(out, json).with_context(|| {
            format!(
                "cannot write the plan to {} (a plan already there is unchanged)",
                out.display()
            )
        })?;
    }
    let text = match args.format {
        PlanFormat::Human => render::plan::human_of(
            &plan,
            render::plan::human::Options {
                colored: super::colored(&std::io::stdout()),
                verbose: verbose > 0,
                width: render::wrap::stdout_width(),
            },
        ),
        PlanFormat::Markdown if args.metrics => {
            let figures = crate::ops::metrics::for_plan(settings, &plan)?;
            render::plan::markdown_of(&plan, &identity, &links)
                + &render::metrics::plan_markdown(&figures)
        }
        PlanFormat::Markdown => render::plan::markdown_of(&plan, &identity, &links),
        PlanFormat::Json => json.unwrap_or_default(),
        PlanFormat::Html => html_page(&plan),
    };
    if let Some(file) = &args.html {
        crate::atomic_file::write(file, html_page(&plan))
            .with_context(|| format!("cannot write the HTML plan to {}", file.display()))?;
    }
    super::write_all(&mut anstream::stdout().lock(), &text)?;
    if args.step_summary {
        add_to_step_summary(&plan, &identity, &links)?;
    }
    if let Some(out) = &args.out {
        let _ = writeln!(
            anstream::stderr(),
            "Saved the plan to {} (apply it with `wabactl apply --plan {}`).",
            out.display(),
            out.display()
        );
    }
    let breaking: Vec<String> = plan
        .plans()
        .flat_map(crate::reconcile::compat::breaking)
        .map(|c| format!("{} ({})", c.name, c.language))
        .collect();
    if args.fail_on_breaking && !breaking.is_empty() {
        let _ = writeln!(
            anstream::stderr(),
            "error: {} would break applications that send {} today (--fail-on-breaking): \
             declare the changed version under a new name, as the plan suggests",
            breaking.join(", "),
            if breaking.len() == 1 { "it" } else { "them" }
        );
        return Ok(Exit::Error);
    }
    Ok(if plan.failed() > 0 {
        Exit::Error
    } else if args.exit_code && plan.exits_with_changes() {
        Exit::Changes
    } else {
        Exit::Success
    })
}

/// The plan as an HTML page; local image samples of the declared templates embedded.
fn html_page(plan: &Planned) -> String {
    render::plan::html::html_of(plan, &|change, sample| match &change.source {
        Some(source) => crate::ops::preview::embed(&source.file, sample),
        None => Err(format!("{sample}: the template's file is not known")),
    })
}

/// Appends the Markdown plan to the job summary. GitHub gives each step its own file and reads
/// it when the step ends; outside GitHub Actions there is none, which is said, not fatal, so
/// the same command runs on a laptop.
fn add_to_step_summary(
    plan: &Planned,
    identity: &render::plan::comment::Identity,
    links: &FileLinks,
) -> anyhow::Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        let _ = writeln!(
            anstream::stderr(),
            "warning: --step-summary: GITHUB_STEP_SUMMARY is not set (not in GitHub Actions), so \
             no job summary was written"
        );
        return Ok(());
    };
    let path = PathBuf::from(path);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .with_context(|| format!("cannot open the job summary {}", path.display()))?;
    // One write: the file is GitHub's, shared with the step's other writers, and appended to.
    file.write_all(format!("{}\n", render::plan::markdown_of(plan, identity, links)).as_bytes())
        .with_context(|| format!("cannot write the job summary {}", path.display()))?;
    Ok(())
}
