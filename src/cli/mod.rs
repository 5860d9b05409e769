//! The command line: clap definitions and one file per command. Glue only: the rules live in
//! the library modules, and what a person sees is shaped in `render`.

pub mod account;
mod apply;
mod completions;
mod duration;
mod import;
mod plan;
mod sandbox;
mod schema;
mod send;
mod status;
mod validate;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
}

const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success (plan: no changes)
  1  error: invalid templates, bad input, a usage error or an API failure; an apply that
     left changes undone (also when stopped by Ctrl-C, SIGTERM or SIGHUP, after its report);
     plan --fail-on-breaking: an update would break current senders
  2  plan --exit-code: there are changes to apply
  3  apply: applied, but review rejected a template or --wait timed out";

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

    #[command(flatten)]
    pub account: account::AccountArgs,

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
    /// Write the account's templates as template files (adopt an existing account).
    Import(import::Args),
    /// Show every template's review status, category, quality and rejection reason.
    Status(status::Args),
    /// Send one message with a declared template (a smoke test), parameters checked first.
    Send(send::Args),
    /// Write the JSON Schemas for template files and the project file.
    Schema(schema::Args),
    /// A local Graph-API-compatible account on loopback, for tests and rehearsals.
    Sandbox(sandbox::Args),
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff).
    Man,
}

/// Output formats shared by the commands that report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Parses the command line, runs the command, and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    apply_color_choice(cli.color);
    init_logging(cli.verbose);
    let outcome = match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Plan(args) => plan::run(args, &cli.account, cli.verbose),
        Command::Apply(args) => apply::run(args, &cli.account, cli.verbose),
        Command::Schema(args) => schema::run(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man => completions::man(),
        Command::Sandbox(args) => sandbox::run(args),
        Command::Send(args) => send::run(args, &cli.account),
        Command::Import(args) => import::run(args, &cli.account),
        Command::Status(args) => status::run(args, &cli.account),
    };
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

/// Prints an error and its causes on stderr: what happened, then why.
fn report_error(err: &anyhow::Error) {
    let mut stderr = anstream::stderr().lock();
    let style = anstyle::AnsiColor::Red.on_default().bold();
    let _ = writeln!(stderr, "{style}error{style:#}: {err}");
    for cause in err.chain().skip(1) {
        let _ = writeln!(stderr, "  caused by: {cause}");
    }
}

/// The template locations: the paths given, else the project file's, else `./templates`.
///
/// A directory that holds a project file stands for that project's templates, so
/// `wabactl validate examples` reads what `cd examples && wabactl validate` reads.
pub(crate) fn template_paths(paths: Vec<PathBuf>) -> anyhow::Result<Vec<PathBuf>> {
    if !paths.is_empty() {
        let mut resolved = Vec::new();
        for path in paths {
            match crate::config::project_in(&path)? {
                Some(project) => resolved.extend(project.template_paths()),
                None => resolved.push(path),
            }
        }
        return Ok(resolved);
    }
    let cwd = std::env::current_dir()?;
    match crate::config::find_project(&cwd)? {
        Some(project) => Ok(project.template_paths()),
        None if PathBuf::from("templates").is_dir() => Ok(vec![PathBuf::from("templates")]),
        None => anyhow::bail!(
            "no templates to read: give a PATH, or create wabactl.yaml with `templates: [DIR]`"
        ),
    }
}
