//! `wabactl import [PATH]`: write the account's templates as template files (adoption), so
//! that `plan` right after shows no change.

use std::io::Write;
use std::path::PathBuf;

use super::Exit;
use crate::graph::RemoteStatus;
use crate::ops::import::{ImportRefusal, ImportRequest};
use crate::ops::{self, Connection};
use crate::reconcile::filter::Selection;
use crate::reconcile::import::ImportFilter;
use crate::render;
use crate::settings::Settings;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Writes one file per template name (<name>.yaml) with one YAML document per language, in the
form `plan` compares with: `wabactl plan` right after shows no change. Templates the files
already declare are left alone. Nothing is written when a file to write exists, unless --force.

Exit codes:
  0  written (or nothing to import); templates that cannot be written as files (each named
     with the reason, in a warning) stay on the account, unmanaged
  1  an error, a file in the way (nothing written); with --strict, also when some templates
     could not be imported (the others were written)")]
pub struct Args {
    #[command(flatten)]
    pub account: super::scope::OneAccountArgs,
    /// The directory to write into (default: the project file's first `templates` entry, else
    /// ./templates). A directory holding a wabactl.yaml stands for that project's templates.
    pub path: Option<PathBuf>,
    /// Overwrite files that exist (they are rewritten from the account).
    #[arg(long)]
    pub force: bool,
    /// Exit 1 when any template could not be imported (default: a warning, exit 0).
    #[arg(long)]
    pub strict: bool,
    /// Only templates whose name matches GLOB (`*` and `?`; repeatable).
    #[arg(long = "name", value_name = "GLOB")]
    pub names: Vec<String>,
    /// Only templates with status STATUS, e.g. APPROVED (repeatable, any case). Default: every
    /// status but DELETED and PENDING_DELETION.
    #[arg(long = "status", value_name = "STATUS")]
    pub statuses: Vec<String>,
    /// Only templates in language LANG, e.g. en_US (repeatable).
    #[arg(long = "language", value_name = "LANG")]
    pub languages: Vec<String>,
}

pub fn run(args: Args, settings: &Settings) -> anyhow::Result<Exit> {
    let strict = args.strict;
    let request = ImportRequest {
        path: args.path,
        force: args.force,
        filter: ImportFilter {
            selection: Selection {
                names: args.names,
                languages: args.languages,
            },
            statuses: args
                .statuses
                .iter()
                .map(|s| RemoteStatus::typed(s))
                .collect(),
        },
    };
    let imported = ops::with_connection(settings, async |connection: &Connection| {
        ops::import::import(connection, settings, &request).await
    });
    let imported = match imported {
        Ok(imported) => imported,
        Err(err) => {
            let mut stderr = anstream::stderr().lock();
            match err.downcast_ref::<ImportRefusal>() {
                Some(ImportRefusal::InTheWay(paths)) => {
                    writeln!(stderr, "These files exist already:")?;
                    for path in paths {
                        writeln!(stderr, "    {}", path.display())?;
                    }
                }
                Some(ImportRefusal::WouldLose(templates)) => {
                    writeln!(stderr, "Overwriting would lose:")?;
                    for template in templates {
                        writeln!(stderr, "    {template}")?;
                    }
                }
                None => {}
            }
            return Err(err);
        }
    };
    super::write_all(
        &mut anstream::stdout().lock(),
        &render::import::human(&imported),
    )?;
    match render::import::not_imported(&imported) {
        None => Ok(Exit::Success),
        Some((list, error)) if strict => {
            super::write_all(&mut anstream::stderr().lock(), &list)?;
            Err(anyhow::Error::msg(error))
        }
        // Adoption succeeded for what files can hold; what they cannot is said, not failed.
        Some((list, warning)) => {
            let style = anstyle::AnsiColor::Yellow.on_default().bold();
            super::write_all(
                &mut anstream::stderr().lock(),
                &format!("{list}{style}warning{style:#}: {warning}\n"),
            )?;
            Ok(Exit::Success)
        }
    }
}
