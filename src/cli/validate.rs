//! `wabactl validate [PATH...]`: offline checks with located messages.

use std::io::Write;
use std::path::PathBuf;

use super::{Exit, Format};
use crate::render;
use crate::spec::{load, rules};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Template files or directories (default: the project file's `templates`).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: Args) -> anyhow::Result<Exit> {
    let paths = super::template_paths(args.paths)?;
    let loaded = load::load_paths(&paths);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(rules::check_all(&loaded.documents));
    let report = render::diagnostics::Report {
        files: loaded.files,
        templates: loaded.documents.len(),
        diagnostics: &diagnostics,
    };
    let mut out = anstream::stdout().lock();
    match args.format {
        Format::Human => {
            render::diagnostics::human(&report, &mut out)?;
            writeln!(out, "{}", report.summary())?;
        }
        Format::Json => writeln!(out, "{}", render::diagnostics::json(&report))?,
    }
    Ok(if report.errors() > 0 {
        Exit::Error
    } else {
        Exit::Success
    })
}
