//! `wabactl apply [PATH...]` and `wabactl apply --plan FILE`: compute (or load and re-check)
//! the plan, confirm, carry it out with progress, report, and optionally wait for review.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::bail;

use super::duration::parse_duration;
use super::scope::PlanScope;
use super::{Exit, Format};
use crate::apply::Pacing;
use crate::ops::apply::{ApplyRequest, PlanSource, is_saved_plan};
use crate::ops::apply_accounts::{Applied, apply_run};
use crate::render;
use crate::render::apply_ui::TerminalUi;
use crate::render::progress::Progress;
use crate::settings::Settings;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
A saved plan (`wabactl plan --out FILE`) is the approval of a plan, not its instructions:
with --plan FILE (or FILE as the only PATH) apply plans the files here against the account
again, with the paths and flags it is given (give it those plan had), and carries out that
plan without a prompt only when it makes the same creates, updates, deletes, archives and
unarchives, with the same request bodies, as the saved one. Otherwise nothing is changed: an
edited plan, a plan of another account, a stale one (the account changed since) or one the
files here no longer give is refused, naming the first difference; plan again and review.

Exit codes:
  0  every planned change was applied (and, with --wait, approved)
  1  an error, a refused or cancelled apply, or a change that failed or did not start
     (quota, --fail-fast, or Ctrl-C / SIGTERM / SIGHUP: no new change starts, running ones
     get 30 s to finish, then the report is printed); nothing done is undone, and running
     apply again finishes the rest
  3  applied, but review rejected a template or --wait timed out
  4  applied what it could, but a declared template is left as it is for a reason to act on
     (blocked by a name lock, needs a new template, rejected at once); the report names it.
     Changes held by --promote-from do not count")]
pub struct Args {
    #[command(flatten)]
    pub account: super::scope::AccountArgs,
    /// Template files or directories (default: the project file's `templates`), or one saved
    /// plan file.
    pub paths: Vec<PathBuf>,
    /// Apply the files only if they plan exactly as the reviewed plan saved by `wabactl plan
    /// --out FILE` (then without a prompt).
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Apply without asking (for CI). Needed when not on a terminal, except with --plan.
    #[arg(long)]
    pub auto_approve: bool,
    /// Apply a plan that deletes every template the prune scope covers, or more than
    /// `prune.max_delete_percent` (default 30%) of them.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub scope: PlanScope,
    /// Changes carried out at the same time (default: `apply.parallelism`, else 4).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub parallelism: Option<u16>,
    /// Templates created per rolling hour at most (default: `apply.create_quota`, else 100,
    /// Meta's quota; 0 = no limit of wabactl's own).
    #[arg(long, value_name = "N")]
    pub create_quota: Option<u32>,
    /// When the creation quota or Meta's rate limit is spent, wait and go on instead of
    /// stopping with a report of what is left.
    #[arg(long)]
    pub wait_for_quota: bool,
    /// Start no new change after the first failure (the rest is reported as not started).
    #[arg(long)]
    pub fail_fast: bool,
    /// After applying, wait until review has decided every template created or edited.
    #[arg(long)]
    pub wait: bool,
    /// With --wait: the longest wait, e.g. 90s, 10m, 2h.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "30m",
          requires = "wait")]
    pub timeout: Duration,
    /// The report's format on stdout (the plan and progress go to stderr with json).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Change only templates that account NAME holds approved with the same content.
    #[arg(long, value_name = "NAME")]
    pub promote_from: Option<String>,
}

pub fn run(args: Args, settings: &Settings, verbose: u8) -> anyhow::Result<Exit> {
    let source = source(&args, settings)?;
    if matches!(source, PlanSource::Files(_))
        && !args.auto_approve
        && !std::io::stdin().is_terminal()
    {
        bail!(
            "apply asks for confirmation, and there is no terminal to ask on: pass \
             --auto-approve (as CI does), or apply a reviewed plan with `wabactl apply --plan \
             FILE`. Nothing was changed"
        );
    }
    let request = ApplyRequest {
        source,
        prune: settings.prune(&args.scope.prune_flags())?,
        force: args.force,
        auto_approve: args.auto_approve,
        pacing: Pacing {
            parallelism: settings.parallelism(args.parallelism),
            create_quota: settings.create_quota(args.create_quota),
            wait_for_quota: args.wait_for_quota,
            fail_fast: args.fail_fast,
            ..Pacing::default()
        },
        wait: args.wait.then_some(args.timeout),
    };
    let json = args.format == Format::Json;
    let mut ask = |question: &str| super::ask_yes_no(question);
    let mut ui = TerminalUi {
        json,
        verbose: verbose > 0,
        progress: Progress::new(super::colored(&std::io::stderr())),
        ask: &mut ask,
    };
    let applied = apply_run(settings, &request, args.promote_from.as_deref(), &mut ui)?;
    let text = render::apply::applied(&applied, json, super::colored(&std::io::stdout()));
    super::write_all(&mut anstream::stdout().lock(), &text)?;
    Ok(match &applied {
        Applied::One(report) => Exit::of_report(report),
        Applied::Accounts(runs) => Exit::worst(
            runs.iter()
                .map(|run| run.outcome.as_ref().map_or(Exit::Error, Exit::of_report)),
        ),
    })
}

/// `--plan FILE`, or a single PATH that is a saved plan, or template paths.
fn source(args: &Args, settings: &Settings) -> anyhow::Result<PlanSource> {
    if let Some(file) = &args.plan {
        return Ok(PlanSource::Saved {
            file: file.clone(),
            files: args.scope.request(settings, &args.paths)?,
        });
    }
    if let [only] = args.paths.as_slice()
        && is_saved_plan(only)
    {
        return Ok(PlanSource::Saved {
            file: only.clone(),
            files: args.scope.request(settings, &[])?,
        });
    }
    Ok(PlanSource::Files(
        args.scope.request(settings, &args.paths)?,
    ))
}
