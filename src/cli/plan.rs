//! `wabactl plan [PATH...]`: read the files and the account, show what `apply` would do.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;

use super::Exit;
use super::account::{self, AccountArgs};
use crate::reconcile::filter::Selection;
use crate::reconcile::plan::Source;
use crate::reconcile::{self, Desired, PlanOptions};
use crate::render;
use crate::spec::diagnostic::Diagnostic;
use crate::spec::{load, rules};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit codes with --exit-code:
  0  the account matches the files (unmanaged templates alone do not count)
  2  something to create, update, delete, a template that needs a new name, one that is
     blocked, or drift
  1  an error")]
pub struct Args {
    /// Template files or directories (default: the project file's `templates`).
    pub paths: Vec<PathBuf>,
    /// Output format: human (terminal), markdown (pull-request comment) or json.
    #[arg(long, value_enum, default_value_t = PlanFormat::Human)]
    pub format: PlanFormat,
    /// Also save the plan as JSON in FILE (for review or `wabactl apply FILE`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit with 2 when the plan has changes (like `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
    /// Only templates whose name matches GLOB (`*` and `?`; repeatable).
    #[arg(long = "name", value_name = "GLOB")]
    pub names: Vec<String>,
    /// Only templates in language LANG, e.g. en_US (repeatable).
    #[arg(long = "language", value_name = "LANG")]
    pub languages: Vec<String>,
    /// Plan deletes for templates on the account that the files do not declare (each language
    /// on its own, by id). Off by default.
    #[arg(long)]
    pub prune: bool,
    /// With --prune: only names matching GLOB may be deleted (repeatable; default: every name).
    #[arg(long = "prune-scope", value_name = "GLOB", requires = "prune")]
    pub prune_scope: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Human,
    Markdown,
    Json,
}

pub fn run(args: Args, account_args: &AccountArgs, verbose: u8) -> anyhow::Result<Exit> {
    let paths = super::template_paths(args.paths)?;
    let desired = read_templates(&paths)?;

    let runtime = account::runtime()?;
    let (remote, account_id, api_version) = runtime.block_on(async {
        let connection = account::connect(account_args).await?;
        let waba_id = connection.waba_id()?.to_owned();
        let api_version = connection.settings.client.api_version.clone();
        let listed = connection.client.list_templates(&waba_id).await;
        connection.close().await?;
        let remote = listed.with_context(|| {
            format!("cannot list the templates of account {waba_id}; nothing was changed")
        })?;
        anyhow::Ok((remote, waba_id, api_version))
    })?;

    let options = PlanOptions {
        selection: Selection {
            names: args.names,
            languages: args.languages,
        },
        prune: args.prune,
        prune_scope: args.prune_scope,
        account: Some(account_id),
        api_version: Some(api_version),
        ..PlanOptions::default()
    };
    let plan = reconcile::plan(&desired, &remote, &options);

    if let Some(out) = &args.out {
        std::fs::write(out, render::plan_json::render(&plan))
            .with_context(|| format!("cannot write the plan to {}", out.display()))?;
    }
    let text = match args.format {
        PlanFormat::Human => {
            let colored =
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
            render::human::render(
                &plan,
                render::human::Options {
                    colored,
                    verbose: verbose > 0,
                },
            )
        }
        PlanFormat::Markdown => render::markdown::render(&plan),
        PlanFormat::Json => render::plan_json::render(&plan),
    };
    let mut stdout = anstream::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    if let Some(out) = &args.out {
        let _ = writeln!(
            anstream::stderr(),
            "Saved the plan to {} (apply it with `wabactl apply {}`).",
            out.display(),
            out.display()
        );
    }
    Ok(if args.exit_code && plan.has_changes {
        Exit::Changes
    } else {
        Exit::Success
    })
}

/// The declared templates. Files that cannot be read as templates stop the plan (a template
/// missing from the plan could look like one to delete); a template that breaks Meta's rules
/// is planned, but nothing is sent for it (see [`Desired::errors`]).
fn read_templates(paths: &[PathBuf]) -> anyhow::Result<Vec<Desired>> {
    let loaded = load::load_paths(paths);
    let unreadable: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !unreadable.is_empty() {
        let report = render::diagnostics::Report {
            files: loaded.files,
            templates: loaded.documents.len(),
            diagnostics: &unreadable,
        };
        let mut stderr = anstream::stderr().lock();
        render::diagnostics::human(&report, &mut stderr)?;
        anyhow::bail!(
            "{} cannot be read as templates: fix them (see `wabactl validate`) before planning",
            if unreadable.len() == 1 {
                "1 place in the template files".to_owned()
            } else {
                format!("{} places in the template files", unreadable.len())
            }
        );
    }
    let findings: Vec<Diagnostic> = rules::check_all(&loaded.documents)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    let mut desired: Vec<Desired> = loaded
        .documents
        .iter()
        .map(|document| Desired {
            template: document.template.clone(),
            source: Some(Source {
                file: document.file.path.display().to_string(),
                line: document.at("").span.line,
            }),
            errors: Vec::new(),
        })
        .collect();
    // A finding belongs to the last document of its file that starts at or before it.
    for finding in findings {
        let owner = loaded
            .documents
            .iter()
            .enumerate()
            .rev()
            .find(|(_, d)| {
                d.file.path == finding.location.file.path
                    && d.at("").span.offset <= finding.location.span.offset
            })
            .map(|(i, _)| i);
        if let Some(i) = owner {
            desired[i].errors.push(format!(
                "{} ({}: {})",
                finding.message, finding.rule, finding.location
            ));
        }
    }
    Ok(desired)
}
