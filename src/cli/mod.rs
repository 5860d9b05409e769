//! The command line: clap definitions and one file per command. Glue only: each command parses
//! its arguments, calls one operation of `ops` with the settings resolved here once, hands the
//! result to `render`, and maps the outcome to an exit code.

// The terminal is this module's to write to (see clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

mod apply;
mod candidates;
mod codegen;
mod completions;
mod duration;
mod exit;
mod help;
mod import;
mod init;
mod man;
mod plan;
mod preview;
mod report;
mod sandbox;
mod schema;
mod scope;
mod send;
mod status;
mod terminal;
mod unpause;
mod usage;
mod validate;

use std::process::ExitCode;

use clap::{FromArgMatches, Parser, Subcommand, ValueEnum};

use exit::EXIT_CODES_HELP;
pub use exit::Exit;
use report::{is_broken_pipe, report_error, usage_error};
pub use terminal::ColorChoice;
use terminal::{apply_color_choice, ignore_file_size_signal, init_logging};
// Shared by the commands.
use terminal::{ask_yes_no, colored, findings_colored, write_all};

use crate::settings::Settings;
use scope::AccountArgs;

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
    /// Write typed sender code (TypeScript, Python, Go, JSON Schema) for the templates.
    Codegen(codegen::Args),
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
    let matches = help::command().try_get_matches();
    let (cli, name) = match matches.and_then(|m| Ok((Cli::from_arg_matches(&m)?, m))) {
        Ok((cli, matches)) => (cli, matches.subcommand_name().map(str::to_owned)),
        Err(err) => return usage_error(usage::without_destructive_suggestion(err, &args)),
    };
    apply_color_choice(cli.color);
    init_logging(cli.verbose);
    let outcome = run(cli, name.as_deref());
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

/// Runs one command. The commands that read templates or talk to an account get the settings,
/// resolved here once.
fn run(cli: Cli, name: Option<&str>) -> anyhow::Result<Exit> {
    let before = &cli.account;
    let env = |name: &str| std::env::var(name).ok();
    // A PATH that is a project's directory makes that project the run's (see
    // `Settings::resolve_for`).
    let settings_for = |own: &AccountArgs, paths: &[std::path::PathBuf]| {
        Settings::resolve_for(&own.or(before), &env, paths)
    };
    // Before the command, the account flags are still taken where they apply (validate ignores
    // them, as it always has); elsewhere they are a mistake worth saying.
    let accounts = help::account_commands();
    let takes_account = matches!(cli.command, Command::Validate(_))
        || name.is_some_and(|name| accounts.iter().any(|a| a == name));
    if before.is_given() && !takes_account {
        anyhow::bail!(
            "--account and --sandbox choose the account of {}; this command has none",
            accounts.join(", ")
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
        Command::Codegen(args) => {
            let settings = settings_for(&AccountArgs::default(), &args.paths)?;
            codegen::run(args, &settings)
        }
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => man::run(args),
        Command::Sandbox(args) => sandbox::run(args),
        Command::Init(args) => init::run(args),
    }
}
