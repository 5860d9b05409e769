//! The command line: clap definitions and one file per command. Glue only: each command parses
//! its arguments, calls one operation of `ops` with the settings resolved here once, hands the
//! result to `render`, and maps the outcome to an exit code.

// The terminal is this module's to write to (see clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

mod apply;
mod candidates;
mod completions;
mod duration;
mod help;
mod import;
mod init;
mod man;
mod plan;
mod preview;
mod sandbox;
mod schema;
mod scope;
mod send;
mod status;
mod unpause;
mod usage;
mod validate;

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::ops::plan::Unreadable;
use crate::settings::Settings;
use crate::settings::environment::ACCOUNT_COMMANDS;
use scope::AccountArgs;

/// Exit codes, documented in the README and in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success; for `plan`, no changes.
    Success = 0,
    /// An error: bad input, invalid templates, or an API failure.
    Error = 1,
    /// `plan --exit-code`: the files and the account disagree.
    Changes = 2,
    /// `apply`: applied, but review rejected a template or `--wait` timed out.
    ReviewFailed = 3,
    /// `apply`: every change it could make was made, but a declared template is left blocked,
    /// needing a new template, or rejected: a person must act, and running apply again
    /// changes nothing.
    Stuck = 4,
}

impl Exit {
    /// `apply`: 1 when anything failed or was left; 3 when review rejected or timed out; 4 when
    /// a declared template is left stuck; else 0.
    fn of_report(report: &crate::apply::Report) -> Exit {
        if report.has_failures() {
            Exit::Error
        } else if report.review.as_ref().is_some_and(|r| r.has_failures()) {
            Exit::ReviewFailed
        } else if report.counts.stuck > 0 {
            Exit::Stuck
        } else {
            Exit::Success
        }
    }

    /// The exit of a run of several accounts: an error anywhere, else a failed review, else
    /// the rest.
    fn worst(exits: impl IntoIterator<Item = Exit>) -> Exit {
        let rank = |exit: &Exit| match exit {
            Exit::Error => 4,
            Exit::ReviewFailed => 3,
            Exit::Stuck => 2,
            Exit::Changes => 1,
            Exit::Success => 0,
        };
        exits.into_iter().max_by_key(rank).unwrap_or(Exit::Success)
    }
}

const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success (plan: no changes)
  1  error: invalid templates, bad input, a usage error or an API failure; an apply that
     left changes undone (one failed, e.g. an approved template's edit limit was reached, or
     did not start; also when stopped by Ctrl-C, SIGTERM or SIGHUP, after its report);
     plan --fail-on-breaking: an update would break current senders
  2  plan --exit-code: there are changes to apply (archives and unarchives included), or a
     declared template cannot be sent
  3  apply: applied, but review rejected a template or --wait timed out
  4  apply: applied what it could, but a declared template is left blocked (a name lock),
     needing a new template, or rejected at once: act on it; running apply again changes
     nothing (changes held by --promote-from do not count)";

#[derive(Debug, Parser)]
#[command(
    name = "wabactl",
    version,
    about = "WhatsApp Business message templates as code: validate, plan, apply.",
    after_help = EXIT_CODES_HELP
)]
pub struct Cli {
    /// When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// More log output on stderr (-v: info, -vv: debug, -vvv: trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// `--account` and `--sandbox` before the command, as older scripts write them; each
    /// account command lists them as its own.
    #[command(flatten)]
    pub account: AccountArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check template files offline against Meta's rules.
    Validate(validate::Args),
    /// Compare the files with the account and show what apply would change.
    Plan(plan::Args),
    /// Carry out the plan: create, update and (with prune) delete templates on the account.
    Apply(apply::Args),
    /// Show templates as a customer sees them: an HTML page (--out DIR), or one on the terminal.
    Preview(preview::Args),
    /// Write the account's templates as template files (adopt an existing account).
    Import(import::Args),
    /// Show every template's review status, category, quality and rejection reason.
    Status(status::Args),
    /// Send one message with a declared template (a smoke test), parameters checked first.
    Send(send::Args),
    /// Lift Meta's pause of a paused template (POST /{TEMPLATE_ID}/unpause); never done by apply.
    Unpause(unpause::Args),
    /// Write the JSON Schemas for template files and the project file.
    Schema(schema::Args),
    /// A local Graph-API-compatible account on loopback, for tests and rehearsals.
    Sandbox(sandbox::Args),
    /// Print the shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), or write one per command with --dir.
    Man(man::Args),
    /// Write a new project: wabactl.yaml, example templates, schemas (and a CI pipeline).
    Init(init::Args),
}

/// Output formats shared by the commands that report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Parses the command line, runs the command, and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    ignore_file_size_signal();
    // Called by the completion scripts (`COMPLETE=bash wabactl -- ARGS`): answer and exit.
    clap_complete::CompleteEnv::with_factory(help::command).complete();
    let args: Vec<String> = std::env::args().collect();
    let cli = match help::command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(err) => return usage_error(usage::without_destructive_suggestion(err, &args)),
    };
    apply_color_choice(cli.color);
    init_logging(cli.verbose);
    let outcome = run(cli);
    match outcome {
        Ok(exit) => ExitCode::from(exit as u8),
        // A closed pipe (`wabactl man | head`) is the reader's choice, not a failure.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            report_error(&err);
            ExitCode::from(Exit::Error as u8)
        }
    }
}

/// A write past the file-size limit (`ulimit -f`) would kill the process by SIGXFSZ, with no
/// message and a temporary file left behind; ignored, the write fails with EFBIG instead and
/// `atomic_file` reports it and cleans up.
fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN before any thread starts; no handler
    // runs our code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// Runs one command. The commands that read templates or talk to an account get the settings,
/// resolved here once.
fn run(cli: Cli) -> anyhow::Result<Exit> {
    let before = &cli.account;
    let env = |name: &str| std::env::var(name).ok();
    // A PATH that is a project's directory makes that project the run's (see
    // `Settings::resolve_for`).
    let settings_for = |own: &AccountArgs, paths: &[std::path::PathBuf]| {
        Settings::resolve_for(&own.or(before), &env, paths)
    };
    // Before the command, the account flags are still taken where they apply (validate ignores
    // them, as it always has); elsewhere they are a mistake worth saying.
    let takes_account = matches!(
        cli.command,
        Command::Validate(_)
            | Command::Plan(_)
            | Command::Apply(_)
            | Command::Import(_)
            | Command::Status(_)
            | Command::Send(_)
            | Command::Unpause(_)
    );
    if before.is_given() && !takes_account {
        anyhow::bail!(
            "--account and --sandbox choose the account of {}; this command has none",
            ACCOUNT_COMMANDS.join(", ")
        );
    }
    match cli.command {
        Command::Validate(args) => {
            let settings = settings_for(&AccountArgs::default(), &args.paths)?;
            validate::run(args, &settings)
        }
        Command::Plan(args) => {
            let settings = settings_for(&args.account, &args.paths)?;
            plan::run(args, &settings, cli.verbose)
        }
        Command::Apply(args) => {
            let settings = settings_for(&args.account, &args.paths)?;
            apply::run(args, &settings, cli.verbose)
        }
        Command::Import(args) => {
            let paths: Vec<_> = args.path.iter().cloned().collect();
            let settings = settings_for(&args.account.as_account_args(), &paths)?;
            import::run(args, &settings)
        }
        Command::Status(args) => {
            let settings = settings_for(&args.account, &args.paths)?;
            status::run(args, &settings)
        }
        Command::Send(args) => {
            let settings = settings_for(&args.account.as_account_args(), &args.paths)?;
            send::run(args, &settings)
        }
        Command::Unpause(args) => {
            let settings = settings_for(&args.account.as_account_args(), &[])?;
            unpause::run(args, &settings)
        }
        Command::Preview(args) => preview::run(args, &settings_for(&AccountArgs::default(), &[])?),
        Command::Schema(args) => schema::run(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => man::run(args),
        Command::Sandbox(args) => sandbox::run(args),
        Command::Init(args) => init::run(args),
    }
}

/// Help and version go to stdout with success; a usage error (an unknown flag, a typo) exits 1,
/// never 2, which `plan --exit-code` reserves for "there are changes".
fn usage_error(err: clap::Error) -> ExitCode {
    let _ = err.print();
    if err.use_stderr() {
        ExitCode::from(Exit::Error as u8)
    } else {
        ExitCode::SUCCESS
    }
}

fn apply_color_choice(choice: ColorChoice) {
    let choice = match choice {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
}

fn init_logging(verbose: u8) {
    use std::io::IsTerminal;
    let level = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("WABACTL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("wabactl={level}")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .try_init();
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints an error and its causes on stderr: what happened, then why. Findings in the files
/// that stopped a plan come first, as `validate` shows them.
fn report_error(err: &anyhow::Error) {
    let mut stderr = anstream::stderr().lock();
    if let Some(unreadable) = err.downcast_ref::<Unreadable>() {
        let report = crate::render::diagnostics::Findings {
            files: unreadable.files,
            templates: unreadable.templates,
            diagnostics: &unreadable.diagnostics,
            not_shown: crate::template::diagnostic::Tally {
                errors: unreadable
                    .count
                    .saturating_sub(unreadable.diagnostics.len()),
                warnings: 0,
            },
        };
        let _ = crate::render::diagnostics::human(&report, &mut stderr);
    }
    let style = anstyle::AnsiColor::Red.on_default().bold();
    let cwd = std::env::current_dir().unwrap_or_default();
    if let Some(config) = project_file_error(err)
        && let Some(diagnostic) = crate::settings::config_diagnostic(config, &cwd)
    {
        let report = crate::render::diagnostics::Findings {
            files: 1,
            templates: 0,
            diagnostics: std::slice::from_ref(&diagnostic),
            not_shown: Default::default(),
        };
        let _ = crate::render::diagnostics::human(&report, &mut stderr);
        let _ = writeln!(
            stderr,
            "{style}error{style:#}: {} is not a valid project file: fix it as shown above; \
             nothing was done",
            diagnostic.location.file.path.display()
        );
        return;
    }
    let _ = writeln!(stderr, "{style}error{style:#}: {err}");
    for cause in err.chain().skip(1) {
        let _ = writeln!(stderr, "  caused by: {cause}");
    }
}

/// The project file problem behind `err`, if that is what it is.
fn project_file_error(err: &anyhow::Error) -> Option<&crate::config::ConfigError> {
    use crate::settings::AccountError;
    err.chain().find_map(|cause| {
        let account = cause
            .downcast_ref::<AccountError>()
            .or_else(|| cause.downcast_ref::<Arc<AccountError>>().map(Arc::as_ref));
        match account {
            Some(AccountError::InProjectFile(config)) => Some(config),
            _ => cause.downcast_ref::<crate::config::ConfigError>(),
        }
    })
}

/// Whether `stream` gets colour (the `--color` choice, `NO_COLOR`, a terminal).
fn colored<S: anstream::stream::RawStream>(stream: &S) -> bool {
    anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never
}

/// Asks `question` on stderr and reads the answer: yes only for `y` or `yes`.
fn ask_yes_no(question: &str) -> anyhow::Result<bool> {
    use std::io::BufRead;
    let mut stderr = anstream::stderr().lock();
    write!(stderr, "{question} [y/N] ")?;
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

/// Writes all of `text` and flushes.
fn write_all(out: &mut dyn Write, text: &str) -> anyhow::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
