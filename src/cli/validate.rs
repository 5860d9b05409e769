//! `wabactl validate [PATH...]`: offline checks with located messages.

use std::io::Write;
use std::path::PathBuf;

use super::Exit;
use crate::render;
use crate::settings::Settings;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Template files or directories (default: the project file's `templates`).
    pub paths: Vec<PathBuf>,
    /// Output format: human, json, github (workflow commands: annotations in the pull
    /// request's diff), sarif (SARIF 2.1.0, for code scanning).
    #[arg(long, value_enum, default_value_t = ValidateFormat::Human)]
    pub format: ValidateFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ValidateFormat {
    Human,
    Json,
    Github,
    Sarif,
}

pub fn run(args: Args, settings: &Settings) -> anyhow::Result<Exit> {
    let set = crate::ops::validate::validate(settings, &args.paths)?;
    let diagnostics = set.diagnostics;
    let report = render::diagnostics::Findings {
        files: set.files,
        templates: set.documents,
        diagnostics: &diagnostics,
        not_shown: set.not_shown,
    };
    let mut out = anstream::stdout().lock();
    match args.format {
        ValidateFormat::Human => {
            render::diagnostics::human(&report, super::findings_colored(), &mut out)?;
            writeln!(out, "{}", report.summary())?;
        }
        ValidateFormat::Json => writeln!(out, "{}", render::diagnostics::json(&report))?,
        ValidateFormat::Github => {
            write!(out, "{}", render::annotations::github(&diagnostics))?;
            if let Some(line) = report.not_shown_line() {
                writeln!(out, "::warning::{line}")?;
            }
            writeln!(out, "{}", report.summary())?;
        }
        ValidateFormat::Sarif => writeln!(
            out,
            "{}",
            render::sarif::sarif(&diagnostics, report.not_shown_line())
        )?,
    }
    Ok(if report.errors() > 0 {
        Exit::Error
    } else {
        Exit::Success
    })
}
