//! `wabactl apply [PATH...]` and `wabactl apply --plan FILE`: compute (or load and re-check)
//! the plan, confirm, carry it out with progress, report, and optionally wait for review.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};

use super::account::{self, AccountArgs, Connection};
use super::duration::parse_duration;
use super::plan::{PlanScope, compute, list, read_and_list};
use super::{Exit, Format};
use crate::apply::wait::{self, WaitOptions};
use crate::apply::{ApplyOptions, Event, Executor, INTERRUPT_GRACE, Report};
use crate::config::DEFAULT_MAX_DELETE_PERCENT;
use crate::graph::error::human_duration;
use crate::reconcile::Plan;
use crate::reconcile::filter::glob_match;
use crate::reconcile::plan::{Action, Kind, fingerprint};
use crate::render;

const DEFAULT_PARALLELISM: usize = 4;
const DEFAULT_CREATE_QUOTA: u32 = 100;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
A saved plan (`wabactl plan --out FILE`) is applied with --plan FILE, or as the only PATH:
no prompt, but the account is read again first and the plan is refused if the account
changed since (stale) or is another account.

Exit codes:
  0  every planned change was applied (and, with --wait, approved)
  1  an error, a refused or cancelled apply, or a change that failed or did not start
     (quota, --fail-fast, or Ctrl-C / SIGTERM / SIGHUP: no new change starts, running ones
     get 30 s to finish, then the report is printed); nothing done is undone, and running
     apply again finishes the rest
  3  applied, but review rejected a template or --wait timed out")]
pub struct Args {
    /// Template files or directories (default: the project file's `templates`), or one saved
    /// plan file.
    pub paths: Vec<PathBuf>,
    /// Apply a plan saved by `wabactl plan --out FILE`, without a prompt.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["paths", "names", "languages"])]
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
}

/// Where the plan comes from.
enum Source {
    Files(Vec<PathBuf>),
    Saved(PathBuf),
}

pub fn run(args: Args, account_args: &AccountArgs, verbose: u8) -> anyhow::Result<Exit> {
    let source = source(&args)?;
    if matches!(source, Source::Files(_)) && !args.auto_approve && !std::io::stdin().is_terminal() {
        bail!(
            "apply asks for confirmation, and there is no terminal to ask on: pass \
             --auto-approve (as CI does), or apply a reviewed plan with `wabactl apply --plan \
             FILE`. Nothing was changed"
        );
    }
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let project = crate::config::find_project(&cwd)?;
    let pacing = project
        .as_ref()
        .map(|p| p.config.apply.clone())
        .unwrap_or_default();
    let mut options = ApplyOptions {
        parallelism: args
            .parallelism
            .map(usize::from)
            .or(pacing.parallelism)
            .unwrap_or(DEFAULT_PARALLELISM)
            .clamp(1, 64),
        create_quota: args
            .create_quota
            .or(pacing.create_quota)
            .unwrap_or(DEFAULT_CREATE_QUOTA),
        wait_for_quota: args.wait_for_quota,
        fail_fast: args.fail_fast,
        ..ApplyOptions::default()
    };
    let plan_options = args.scope.options()?;
    if plan_options.prune {
        options.prune_scope = Some(plan_options.prune_scope.clone());
    }
    let saved = matches!(source, Source::Saved(_));

    let runtime = account::runtime()?;
    runtime.block_on(async {
        let connection = account::connect(account_args).await?;
        crate::graph::endpoint::check_apply_host(
            &connection.endpoint(),
            connection.settings.allow_custom_api_base,
        )
        .map_err(anyhow::Error::msg)?;
        let outcome = async {
            let plan = match &source {
                Source::Files(paths) => {
                    let scope = plan_options.selection.list_scope();
                    let (desired, listed) = read_and_list(paths, list(&connection, scope)).await?;
                    compute(desired, listed, plan_options)
                }
                Source::Saved(file) => load_checked(&connection, file).await?,
            };
            apply(&connection, &plan, &args, saved, options, verbose).await
        }
        .await;
        connection.close().await?;
        outcome
    })
}

/// `--plan FILE`, or a single PATH that is a saved plan, or template paths.
fn source(args: &Args) -> anyhow::Result<Source> {
    if let Some(file) = &args.plan {
        return Ok(Source::Saved(file.clone()));
    }
    if let [only] = args.paths.as_slice()
        && is_saved_plan(only)
    {
        return Ok(Source::Saved(only.clone()));
    }
    Ok(Source::Files(super::template_paths(args.paths.clone())?))
}

/// A JSON file with the plan document's `format_version` and `fingerprint` keys (template
/// files cannot have them).
fn is_saved_plan(path: &Path) -> bool {
    if !path.is_file() || path.extension().is_none_or(|e| e != "json") {
        return false;
    }
    crate::input_file::read_text(path, crate::input_file::ACCOUNT_FILE_LIMIT)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .is_some_and(|v| v.get("format_version").is_some() && v.get("fingerprint").is_some())
}

/// Reads a saved plan and checks it still fits the account: same account, same state.
async fn load_checked(connection: &Connection, file: &Path) -> anyhow::Result<Plan> {
    let text = crate::input_file::read_text(file, crate::input_file::ACCOUNT_FILE_LIMIT)
        .with_context(|| format!("cannot read the plan file {}", file.display()))?;
    let plan = render::plan_json::parse(&text)
        .with_context(|| format!("cannot use the plan file {}", file.display()))?;
    if !plan.is_intact() {
        bail!(
            "the plan in {} was changed after `wabactl plan --out` wrote it (its plan_digest \
             does not match its content): refusing to apply an edited plan. Make a new one with \
             `wabactl plan --out` and review that. Nothing was changed",
            file.display()
        );
    }
    let waba_id = connection.waba_id()?;
    match plan.account.as_deref() {
        Some(account) if account == waba_id => {}
        Some(account) => bail!(
            "the plan in {} was made for account {account}, but this is account {waba_id}: \
             refusing to apply it here. Choose the account with --account (or \
             WHATSAPP_BUSINESS_ACCOUNT_ID), or make a plan for this account. Nothing was changed",
            file.display()
        ),
        None => bail!(
            "the plan in {} does not say which account it was made for: run `wabactl plan --out` \
             again. Nothing was changed",
            file.display()
        ),
    }
    let scope = plan.listing.clone().unwrap_or_default();
    let remote = crate::graph::listing::list_account(&connection.client, waba_id, &scope)
        .await
        .with_context(|| {
            format!("cannot list the templates of account {waba_id}; nothing was changed")
        })?;
    if fingerprint(&remote) != plan.fingerprint {
        bail!(
            "stale plan: the account changed since the plan was made; run `wabactl plan --out` \
             again (and review it). Nothing was changed"
        );
    }
    Ok(plan)
}

async fn apply(
    connection: &Connection,
    plan: &Plan,
    args: &Args,
    saved: bool,
    mut options: ApplyOptions,
    verbose: u8,
) -> anyhow::Result<Exit> {
    let json = args.format == Format::Json;
    let stdout_colored = colored(&std::io::stdout());
    let stderr_colored = colored(&std::io::stderr());
    let plan_text = render::human::render(
        plan,
        render::human::Options {
            colored: if json { stderr_colored } else { stdout_colored },
            verbose: verbose > 0,
        },
    );
    if json {
        write_all(&mut anstream::stderr().lock(), &plan_text)?;
    } else {
        write_all(&mut anstream::stdout().lock(), &plan_text)?;
    }

    check_prune(plan, args, saved, &mut options)?;
    let executable = plan
        .changes
        .iter()
        .filter(|c| matches!(c.kind(), Kind::Create | Kind::Update | Kind::Delete))
        .count();
    if executable > 0 && !saved && !args.auto_approve && !confirm()? {
        bail!("apply cancelled: nothing was changed");
    }

    let waba_id = connection.waba_id()?.to_owned();
    let executor = Executor::new(connection.client.clone(), waba_id.clone(), options);
    let mut progress = Progress::new(executable, stderr_colored);
    // Listening replaces the signals' default (ending the process at once) from here on.
    let mut signals = StopSignals::listen();
    let bar = progress.bar.clone();
    let interrupt = async {
        let name = signals.next().await;
        say(
            bar.as_ref(),
            &format!(
                "{name} received: no new change starts; changes already running get up to {} to \
             finish, then the report follows",
                human_duration(INTERRUPT_GRACE)
            ),
        );
    };
    let mut report = executor
        .run(plan, interrupt, |event| progress.event(&event))
        .await;
    progress.finish();

    if args.wait && !report.interrupted && report.counts.created + report.counts.updated > 0 {
        let watched = wait::watched(plan, &report);
        let mut waiting = Progress::spinner(stderr_colored);
        let review = wait::wait_for_review(
            &connection.client,
            &waba_id,
            &watched,
            WaitOptions {
                timeout: args.timeout,
                ..WaitOptions::default()
            },
            |pending| waiting.pending(pending),
        );
        // A stop signal while waiting ends the wait; the report of what was applied follows.
        let review = tokio::select! {
            review = review => Some(review),
            name = signals.next() => {
                waiting.line(&format!("{name} received: stopped waiting for review"));
                None
            }
        };
        waiting.finish();
        report.interrupted |= review.is_none();
        report.review = review;
    }

    report.requests = Some(connection.client.requests());
    let text = if json {
        render::apply::json(&report)
    } else {
        render::apply::human(&report, stdout_colored)
    };
    write_all(&mut anstream::stdout().lock(), &text)?;
    Ok(exit_code(&report))
}

/// Deletes need prune on here and now, inside its scope, and `--force` past the threshold.
fn check_prune(
    plan: &Plan,
    args: &Args,
    saved: bool,
    options: &mut ApplyOptions,
) -> anyhow::Result<()> {
    let deletes: Vec<&str> = plan
        .changes
        .iter()
        .filter_map(|c| match &c.action {
            Action::Delete { request } => Some(request.name.as_str()),
            _ => None,
        })
        .collect();
    if deletes.is_empty() {
        return Ok(());
    }
    if saved || options.prune_scope.is_none() {
        // A saved plan: prune must be on here too, with a scope holding every delete.
        let resolved = args.scope.options()?;
        if !resolved.prune {
            bail!(
                "the plan deletes {} templates, but prune is off here: pass --prune (or set \
                 `prune.enabled: true` in wabactl.yaml) to apply it. Nothing was changed",
                deletes.len()
            );
        }
        options.prune_scope = Some(resolved.prune_scope);
    }
    let scope = options.prune_scope.as_deref().unwrap_or_default();
    if let Some(outside) = deletes
        .iter()
        .find(|name| !scope.iter().any(|g| glob_match(g, name)))
    {
        bail!(
            "the plan deletes `{outside}`, which is outside the prune scope ({}): refusing. \
             Widen `prune.scope` (or --prune-scope) if that is intended. Nothing was changed",
            scope.join(", ")
        );
    }
    if plan.needs_force && !args.force {
        let percent = args
            .scope
            .options()
            .map_or(DEFAULT_MAX_DELETE_PERCENT, |o| o.prune_threshold * 100.0);
        bail!(
            "the plan deletes {} template(s): every template the prune scope covers, or more than \
             the {percent}% of them allowed without --force (prune.max_delete_percent): check \
             the plan, then run again with --force. Nothing was changed",
            deletes.len(),
        );
    }
    Ok(())
}

/// Ctrl-C, SIGTERM and SIGHUP: each asks `apply` to stop starting changes and report.
struct StopSignals {
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    hup: Option<tokio::signal::unix::Signal>,
}

impl StopSignals {
    fn listen() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            StopSignals {
                term: signal(SignalKind::terminate()).ok(),
                hup: signal(SignalKind::hangup()).ok(),
            }
        }
        #[cfg(not(unix))]
        StopSignals {}
    }

    /// The name of the next stop signal received.
    async fn next(&mut self) -> &'static str {
        let ctrl_c = async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        #[cfg(unix)]
        {
            let term = recv_or_never(self.term.as_mut());
            let hup = recv_or_never(self.hup.as_mut());
            tokio::select! {
                () = ctrl_c => "Ctrl-C (SIGINT)",
                () = term => "SIGTERM",
                () = hup => "SIGHUP",
            }
        }
        #[cfg(not(unix))]
        {
            ctrl_c.await;
            "Ctrl-C"
        }
    }
}

#[cfg(unix)]
async fn recv_or_never(signal: Option<&mut tokio::signal::unix::Signal>) {
    match signal {
        Some(signal) => {
            if signal.recv().await.is_none() {
                std::future::pending::<()>().await;
            }
        }
        None => std::future::pending().await,
    }
}

/// 1 when anything failed or was left; 3 when review rejected or timed out; else 0.
fn exit_code(report: &Report) -> Exit {
    if report.has_failures() {
        Exit::Error
    } else if report.review.as_ref().is_some_and(|r| r.has_failures()) {
        Exit::ReviewFailed
    } else {
        Exit::Success
    }
}

fn confirm() -> anyhow::Result<bool> {
    let mut stderr = anstream::stderr().lock();
    write!(stderr, "\nApply these changes? [y/N] ")?;
    stderr.flush()?;
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("cannot read the answer")?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

fn colored<S: anstream::stream::RawStream>(stream: &S) -> bool {
    anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never
}

fn write_all(out: &mut dyn Write, text: &str) -> anyhow::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// A line on stderr, above the progress bar when there is one.
fn say(bar: Option<&indicatif::ProgressBar>, text: &str) {
    match bar {
        Some(bar) => bar.println(text),
        None => {
            let _ = writeln!(anstream::stderr(), "{text}");
        }
    }
}

/// Progress on stderr: a bar on a terminal (lines printed above it), plain lines otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    colored: bool,
    last_pending: Option<usize>,
}

impl Progress {
    fn new(total: usize, colored: bool) -> Self {
        let bar = (total > 0 && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} [{bar:30}] {pos}/{len} {msg} ({elapsed})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress {
            bar,
            colored,
            last_pending: None,
        }
    }

    /// For waiting without a known end.
    fn spinner(colored: bool) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress {
            bar,
            colored,
            last_pending: None,
        }
    }

    fn line(&self, text: &str) {
        say(self.bar.as_ref(), text);
    }

    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Started { total } => {
                if let Some(bar) = &self.bar {
                    bar.set_length(*total as u64);
                }
            }
            Event::Finished(outcome) => {
                if let Some(line) = render::apply::progress_line(outcome, self.colored) {
                    self.line(&line);
                    if let Some(bar) = &self.bar {
                        bar.inc(1);
                    }
                }
            }
            Event::Waiting { until, reason } => {
                self.line(&format!("… {reason}: waiting until {until}"));
                if let Some(bar) = &self.bar {
                    bar.set_message(format!("waiting until {until}"));
                }
            }
        }
    }

    fn pending(&mut self, pending: usize) {
        if self.last_pending == Some(pending) {
            return;
        }
        self.last_pending = Some(pending);
        let text = format!("waiting for review: {pending} still pending");
        match &self.bar {
            Some(bar) => bar.set_message(text),
            None => self.line(&text),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
