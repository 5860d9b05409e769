//! `wabactl status [PATH...]`: review status, category, quality and rejection reason of every
//! template and language on the account, and whether the files declare it.

use crate::graph::listing::list_account;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::account::{self, AccountArgs};
use super::{Exit, Format};
use crate::reconcile::filter::Selection;
use crate::reconcile::plan::Source;
use crate::reconcile::status::{self, Filter, StatusReport};
use crate::render;
use crate::template::load;
use crate::template::model::TemplateKey;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Rows are sorted by name, then language. A template the files declare but the account does not
hold shows as `not on account` (NOT_ON_ACCOUNT in JSON, and for --status).

JSON (--format json): {\"format_version\": 1, \"account\": ID, \"rows\": [{\"name\", \"language\",
\"status\", \"id\", \"category\", \"previous_category\", \"correct_category\", \"quality\",
\"rejected_reason\", \"declared\", \"source\": {\"file\", \"line\"}}]}; absent values are null.")]
pub struct Args {
    /// Template files or directories (default: the project file's `templates`).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Only templates whose name matches GLOB (`*` and `?`; repeatable).
    #[arg(long = "name", value_name = "GLOB")]
    pub names: Vec<String>,
    /// Only rows with status STATUS, e.g. REJECTED or NOT_ON_ACCOUNT (repeatable, any case).
    #[arg(long = "status", value_name = "STATUS")]
    pub statuses: Vec<String>,
    /// Only templates in language LANG, e.g. en_US (repeatable).
    #[arg(long = "language", value_name = "LANG")]
    pub languages: Vec<String>,
}

pub fn run(args: Args, account_args: &AccountArgs) -> anyhow::Result<Exit> {
    let declared = declared(args.paths)?;

    let runtime = account::runtime()?;
    let filter = Filter {
        selection: Selection {
            names: args.names,
            languages: args.languages,
        },
        statuses: args.statuses,
    };
    let scope = filter.selection.list_scope();
    let (remote, account_id, requests) = runtime.block_on(async {
        let connection = account::connect(account_args).await?;
        let waba_id = connection.waba_id()?.to_owned();
        let listed = list_account(&connection.client, &waba_id, &scope).await;
        let requests = connection.client.requests();
        connection.close().await?;
        let remote =
            listed.with_context(|| format!("cannot list the templates of account {waba_id}"))?;
        anyhow::Ok((remote, waba_id, requests))
    })?;

    let report = StatusReport {
        format_version: status::FORMAT_VERSION,
        account: Some(account_id),
        requests: Some(requests),
        rows: status::rows(&remote, &declared, &filter),
    };
    let text = match args.format {
        Format::Human => {
            let colored =
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
            render::status::human(&report, colored)
        }
        Format::Json => render::status::json(&report),
    };
    let mut stdout = anstream::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(Exit::Success)
}

/// The declared templates and where. Status is for looking, so files that cannot be read do
/// not stop it: they are counted on stderr and their templates show as not in files.
fn declared(paths: Vec<PathBuf>) -> anyhow::Result<Vec<(TemplateKey, Source)>> {
    let given = !paths.is_empty();
    let paths = match super::template_paths(paths) {
        Ok(paths) => paths,
        Err(_) if !given => {
            let _ = writeln!(
                anstream::stderr(),
                "note: no template files (no wabactl.yaml, no ./templates): every template \
                 shows as not in files"
            );
            return Ok(Vec::new());
        }
        Err(err) => return Err(err),
    };
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let loaded = load::load_paths(&paths);
    let unreadable = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    if unreadable > 0 {
        let _ = writeln!(
            anstream::stderr(),
            "note: {unreadable} problem{} in the template files (see `wabactl validate`): \
             templates that could not be read show as not in files",
            if unreadable == 1 { "" } else { "s" }
        );
    }
    Ok(loaded
        .documents
        .iter()
        .map(|document| {
            (
                document.template.key(),
                Source {
                    // Relative to where the user stands when below it, as the paths they typed.
                    file: document
                        .file
                        .path
                        .strip_prefix(&cwd)
                        .unwrap_or(&document.file.path)
                        .display()
                        .to_string(),
                    line: document.at("").span.line,
                },
            )
        })
        .collect())
}
