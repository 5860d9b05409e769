//! `wabactl plan [PATH...]`: read the files and the account, show what `apply` would do.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;

use super::Exit;
use super::account::{self, AccountArgs, Connection};
use crate::reconcile::filter::Selection;
use crate::reconcile::plan::Source;
use crate::reconcile::{self, Desired, Plan, PlanOptions};
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
    #[command(flatten)]
    pub scope: PlanScope,
}

/// What a plan looks at: the filters and prune. Shared by `plan` and `apply`.
#[derive(Debug, Clone, clap::Args)]
pub struct PlanScope {
    /// Only templates whose name matches GLOB (`*` and `?`; repeatable).
    #[arg(long = "name", value_name = "GLOB")]
    pub names: Vec<String>,
    /// Only templates in language LANG, e.g. en_US (repeatable).
    #[arg(long = "language", value_name = "LANG")]
    pub languages: Vec<String>,
    /// Plan deletes for templates on the account that the files do not declare, inside the
    /// prune scope (each language on its own, by id). Off unless given or `prune.enabled` is
    /// set in wabactl.yaml.
    #[arg(long)]
    pub prune: bool,
    /// The names prune may delete (GLOB, repeatable); replaces `prune.scope` of wabactl.yaml.
    /// Prune needs a scope: `--prune-scope '*'` puts every template under it.
    #[arg(long = "prune-scope", value_name = "GLOB")]
    pub prune_scope: Vec<String>,
}

impl PlanScope {
    /// The plan options from these flags and the project file (prune settings, threshold).
    pub(crate) fn options(&self) -> anyhow::Result<PlanOptions> {
        let cwd = std::env::current_dir().context("cannot read the working directory")?;
        let project = crate::config::find_project(&cwd)?;
        let mut prune = project
            .as_ref()
            .map(|p| p.config.prune.clone())
            .unwrap_or_default();
        if !self.prune_scope.is_empty() {
            if !self.prune && !prune.enabled {
                anyhow::bail!(
                    "--prune-scope only applies with prune on: add --prune (or set \
                     `prune.enabled: true` in wabactl.yaml)"
                );
            }
            prune.scope.clone_from(&self.prune_scope);
        }
        let prune = prune.resolve(self.prune)?;
        Ok(PlanOptions {
            selection: Selection {
                names: self.names.clone(),
                languages: self.languages.clone(),
            },
            prune: prune.enabled,
            prune_scope: prune.scope,
            prune_threshold: prune.threshold,
            ..PlanOptions::default()
        })
    }
}

/// Lists the account and computes the plan of `desired` against it.
pub(crate) async fn compute(
    connection: &Connection,
    desired: &[Desired],
    mut options: PlanOptions,
) -> anyhow::Result<Plan> {
    let waba_id = connection.waba_id()?.to_owned();
    let remote = connection
        .client
        .list_templates(&waba_id)
        .await
        .with_context(|| {
            format!("cannot list the templates of account {waba_id}; nothing was changed")
        })?;
    options.account = Some(waba_id);
    options.api_version = Some(connection.settings.client.api_version.clone());
    Ok(reconcile::plan(desired, &remote, &options))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Human,
    Markdown,
    Json,
}

pub fn run(args: Args, account_args: &AccountArgs, verbose: u8) -> anyhow::Result<Exit> {
    let options = args.scope.options()?;
    let paths = super::template_paths(args.paths)?;
    let desired = read_templates(&paths)?;

    let runtime = account::runtime()?;
    let plan = runtime.block_on(async {
        let connection = account::connect(account_args).await?;
        let plan = compute(&connection, &desired, options).await;
        connection.close().await?;
        plan
    })?;

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
            "Saved the plan to {} (apply it with `wabactl apply --plan {}`).",
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
pub(crate) fn read_templates(paths: &[PathBuf]) -> anyhow::Result<Vec<Desired>> {
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
