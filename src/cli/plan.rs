//! `wabactl plan [PATH...]`: read the files and the account, show what `apply` would do.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;

use super::Exit;
use super::account::{self, AccountArgs, Connection};
use crate::graph::endpoint::Endpoint;
use crate::graph::listing::{ListScope, list_account};
use crate::graph::usage::Requests;
use crate::graph::wire::RemoteTemplate;
use crate::reconcile::filter::Selection;
use crate::reconcile::plan::Source;
use crate::reconcile::{self, Desired, Plan, PlanOptions};
use crate::render;
use crate::template::diagnostic::Diagnostic;
use crate::template::model::TemplateKey;
use crate::template::{load, rules};

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
    /// Exit with 1 when an update would break applications that send the template today.
    #[arg(long)]
    pub fail_on_breaking: bool,
    /// Also add the plan, as Markdown, to the GitHub Actions job summary (the file named by
    /// GITHUB_STEP_SUMMARY), whatever --format prints.
    #[arg(long)]
    pub step_summary: bool,
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

/// The account as listed, and which account and API version it was read with.
pub(crate) struct Listed {
    remote: Vec<RemoteTemplate>,
    waba_id: String,
    api_version: String,
    endpoint: Endpoint,
    requests: Requests,
    scope: ListScope,
}

/// Lists the templates of the connection's account in `scope` (the server filters; see
/// [`crate::graph::listing`]).
pub(crate) async fn list(connection: &Connection, scope: ListScope) -> anyhow::Result<Listed> {
    let waba_id = connection.waba_id()?.to_owned();
    let remote = list_account(&connection.client, &waba_id, &scope)
        .await
        .with_context(|| {
            format!("cannot list the templates of account {waba_id}; nothing was changed")
        })?;
    Ok(Listed {
        remote,
        waba_id,
        api_version: connection.settings.client.api_version.clone(),
        endpoint: connection.endpoint(),
        requests: connection.client.requests(),
        scope,
    })
}

/// Reads the files while the account is listed (listing is mostly waiting), on the same
/// thread: a file at a time between network events. Problems in the files come first: they
/// are the user's to fix whatever the account says.
pub(crate) async fn read_and_list(
    paths: &[PathBuf],
    listing: impl std::future::Future<Output = anyhow::Result<Listed>>,
) -> anyhow::Result<(Vec<Desired>, Listed)> {
    let started = std::time::Instant::now();
    let read = async {
        let read = read_templates(paths).await;
        tracing::debug!(
            elapsed_ms = started.elapsed().as_millis(),
            "template files read"
        );
        read
    };
    let (read, listed) = tokio::join!(read, listing);
    let desired = read.map_err(Unreadable::report)?;
    let listed = listed?;
    tracing::debug!(elapsed_ms = started.elapsed().as_millis(), "account listed");
    Ok((desired, listed))
}

/// The plan of `desired` against the listed account.
pub(crate) fn compute(desired: Vec<Desired>, listed: Listed, mut options: PlanOptions) -> Plan {
    options.account = Some(listed.waba_id);
    options.api_version = Some(listed.api_version);
    let mut plan = reconcile::plan_owned(desired, &listed.remote, &options);
    plan.endpoint = Some(listed.endpoint);
    plan.requests = Some(listed.requests);
    plan.listing = (!listed.scope.is_whole()).then_some(listed.scope);
    // Sealed again: the digest covers where and how the account was read, too.
    plan.sealed()
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
    let started = std::time::Instant::now();
    let runtime = account::runtime()?;
    let (desired, listed) = runtime.block_on(read_and_list(&paths, async {
        let connection = account::connect(account_args).await?;
        let listed = list(&connection, options.selection.list_scope()).await;
        connection.close().await?;
        listed
    }))?;
    let plan = compute(desired, listed, options);
    tracing::debug!(elapsed_ms = started.elapsed().as_millis(), "planned");

    if let Some(out) = &args.out {
        crate::atomic_file::write(out, render::plan_json::render(&plan)).with_context(|| {
            format!(
                "cannot write the plan to {} (a plan already there is unchanged)",
                out.display()
            )
        })?;
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
    if args.step_summary {
        add_to_step_summary(&plan)?;
    }
    if let Some(out) = &args.out {
        let _ = writeln!(
            anstream::stderr(),
            "Saved the plan to {} (apply it with `wabactl apply --plan {}`).",
            out.display(),
            out.display()
        );
    }
    let breaking: Vec<String> = crate::reconcile::compat::breaking(&plan)
        .map(|c| format!("{} ({})", c.name, c.language))
        .collect();
    if args.fail_on_breaking && !breaking.is_empty() {
        let _ = writeln!(
            anstream::stderr(),
            "error: {} would break applications that send {} today (--fail-on-breaking): \
             declare the changed version under a new name, as the plan suggests",
            breaking.join(", "),
            if breaking.len() == 1 { "it" } else { "them" }
        );
        return Ok(Exit::Error);
    }
    Ok(if args.exit_code && plan.has_changes {
        Exit::Changes
    } else {
        Exit::Success
    })
}

/// Appends the Markdown plan to the job summary. GitHub gives each step its own file and reads
/// it when the step ends; outside GitHub Actions there is none, which is said, not fatal, so
/// the same command runs on a laptop.
fn add_to_step_summary(plan: &Plan) -> anyhow::Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        let _ = writeln!(
            anstream::stderr(),
            "warning: --step-summary: GITHUB_STEP_SUMMARY is not set (not in GitHub Actions), so \
             no job summary was written"
        );
        return Ok(());
    };
    let path = PathBuf::from(path);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .with_context(|| format!("cannot open the job summary {}", path.display()))?;
    // One write: the file is GitHub's, shared with the step's other writers, and appended to.
    file.write_all(format!("{}\n", render::markdown::render(plan)).as_bytes())
        .with_context(|| format!("cannot write the job summary {}", path.display()))?;
    Ok(())
}

/// The declared templates. Files that cannot be read as templates stop the plan (a template
/// missing from the plan could look like one to delete), and so does a (name, language)
/// declared twice; a template that breaks Meta's rules is planned, but nothing is sent for it
/// (see [`Desired::errors`]).
///
/// Files are read one at a time and only the templates are kept, so memory stays flat however
/// many files there are (the location index of a document is large next to its template).
async fn read_templates(paths: &[PathBuf]) -> Result<Vec<Desired>, Unreadable> {
    let mut unreadable = Vec::new();
    let files = load::discover(paths, &mut unreadable);
    let mut desired: Vec<Desired> = Vec::new();
    let mut first_seen: HashMap<TemplateKey, Source> = HashMap::new();
    for file in &files {
        // Lets the listing handle its network events between two files.
        tokio::task::yield_now().await;
        let loaded = load::load_paths(std::slice::from_ref(file));
        unreadable.extend(loaded.diagnostics.into_iter().filter(Diagnostic::is_error));
        let findings: Vec<Diagnostic> = rules::check_all(&loaded.documents)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        let mut errors: Vec<Vec<String>> = vec![Vec::new(); loaded.documents.len()];
        // A finding belongs to the last document that starts at or before it (documents are
        // in file order, so a binary search finds it).
        for finding in findings {
            let owner = loaded
                .documents
                .partition_point(|d| d.at("").span.offset <= finding.location.span.offset)
                .checked_sub(1);
            if let Some(i) = owner {
                errors[i].push(format!(
                    "{} ({}: {})",
                    finding.message, finding.rule, finding.location
                ));
            }
        }
        for (document, errors) in loaded.documents.into_iter().zip(errors) {
            let location = document.at("");
            let source = Source {
                file: document.file.path.display().to_string(),
                line: location.span.line,
            };
            let key = document.template.key();
            if let Some(first) = first_seen.get(&key) {
                unreadable.push(
                    Diagnostic::error(
                        "duplicate-template",
                        format!("{key} is declared twice; the first is at {first}"),
                        location,
                    )
                    .with_help("a name and language identify one template: remove one of them"),
                );
                continue;
            }
            first_seen.insert(key, source.clone());
            desired.push(Desired {
                template: document.template,
                source: Some(source),
                errors,
            });
        }
    }
    if unreadable.is_empty() {
        Ok(desired)
    } else {
        Err(Unreadable {
            files: files.len(),
            templates: desired.len(),
            diagnostics: unreadable,
        })
    }
}

/// Findings that stop a plan.
struct Unreadable {
    files: usize,
    templates: usize,
    diagnostics: Vec<Diagnostic>,
}

impl Unreadable {
    /// Shows the findings on stderr and turns them into the command's error.
    fn report(self) -> anyhow::Error {
        let report = render::diagnostics::Report {
            files: self.files,
            templates: self.templates,
            diagnostics: &self.diagnostics,
        };
        let mut stderr = anstream::stderr().lock();
        if let Err(err) = render::diagnostics::human(&report, &mut stderr) {
            return err.into();
        }
        let n = self.diagnostics.len();
        anyhow::anyhow!(
            "{} in the template files: fix {} (see `wabactl validate`) before planning",
            if n == 1 {
                "1 error".to_owned()
            } else {
                format!("{n} errors")
            },
            if n == 1 { "it" } else { "them" }
        )
    }
}
