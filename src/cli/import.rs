//! `wabactl import [PATH]`: write the account's templates as template files (adoption), so
//! that `plan` right after shows no change.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;

use super::Exit;
use super::account::{self, AccountArgs};
use crate::config::{self, Project};
use crate::reconcile::filter::Selection;
use crate::reconcile::import::{self, Filter, Import};
use crate::reconcile::plan::Source;
use crate::template::load;
use crate::template::model::TemplateKey;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Writes one file per template name (<name>.yaml) with one YAML document per language, in the
form `plan` compares with: `wabactl plan` right after shows no change. Templates the files
already declare are left alone. Nothing is written when a file to write exists, unless --force.

Exit codes:
  0  written (or nothing to import)
  1  an error, a file in the way (nothing written), or some templates could not be imported
     (the others were written; each is named with the reason)")]
pub struct Args {
    /// The directory to write into (default: the project file's first `templates` entry, else
    /// ./templates). A directory holding a wabactl.yaml stands for that project's templates.
    pub path: Option<PathBuf>,
    /// Overwrite files that exist (they are rewritten from the account).
    #[arg(long)]
    pub force: bool,
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

/// Where the schema lives inside a project.
const SCHEMA: &str = "schemas/template.schema.json";

pub fn run(args: Args, account_args: &AccountArgs) -> anyhow::Result<Exit> {
    let target = Target::resolve(args.path)?;
    let declared = target.declared();

    let runtime = account::runtime()?;
    let (remote, account_id) = runtime.block_on(async {
        let connection = account::connect(account_args).await?;
        let waba_id = connection.waba_id()?.to_owned();
        let listed = connection.client.list_templates(&waba_id).await;
        connection.close().await?;
        let remote = listed.with_context(|| {
            format!("cannot list the templates of account {waba_id}; nothing was written")
        })?;
        anyhow::Ok((remote, waba_id))
    })?;

    let filter = Filter {
        selection: Selection {
            names: args.names,
            languages: args.languages,
        },
        statuses: args.statuses,
    };
    let selected = filter.select(&remote);
    // A template declared elsewhere stays there (a second declaration would stop `plan`); one
    // declared in a file about to be rewritten with --force is written again.
    let mut already: Vec<&Source> = Vec::new();
    let selected: Vec<_> = selected
        .into_iter()
        .filter(|r| {
            let key = TemplateKey {
                name: r.name.clone(),
                language: r.language.clone(),
            };
            match declared.get(&key) {
                Some(source)
                    if !(args.force
                        && same_path(
                            Path::new(&source.file),
                            &target.dir.join(format!("{}.yaml", r.name)),
                        )) =>
                {
                    already.push(source);
                    false
                }
                _ => true,
            }
        })
        .collect();
    let schema = target.schema_reference();
    let import = import::build(&selected, &schema);

    let mut stdout = anstream::stdout().lock();
    let mut stderr = anstream::stderr().lock();
    let in_the_way: Vec<PathBuf> = import
        .files
        .iter()
        .map(|f| target.dir.join(&f.file_name))
        .filter(|path| path.exists())
        .collect();
    if !in_the_way.is_empty() && !args.force {
        writeln!(stderr, "These files exist already:")?;
        for path in &in_the_way {
            writeln!(stderr, "    {}", path.display())?;
        }
        anyhow::bail!(
            "{} in the way, so nothing was written: use --force to overwrite {} with the \
             account's templates, or --name to leave {} out",
            plural(in_the_way.len(), "file is", "files are"),
            if in_the_way.len() == 1 { "it" } else { "them" },
            if in_the_way.len() == 1 {
                "its template"
            } else {
                "their templates"
            },
        );
    }

    // Overwriting must not lose a template that only the old file declares (e.g. a language
    // left out by --language).
    let lost: Vec<String> = declared
        .iter()
        .filter(|(key, source)| {
            import.files.iter().any(|f| {
                same_path(Path::new(&source.file), &target.dir.join(&f.file_name))
                    && !(f.name == key.name && f.languages.contains(&key.language))
            })
        })
        .map(|(key, source)| format!("{key} ({source})"))
        .collect();
    if !lost.is_empty() {
        let mut lost = lost;
        lost.sort();
        writeln!(stderr, "Overwriting would lose:")?;
        for template in &lost {
            writeln!(stderr, "    {template}")?;
        }
        anyhow::bail!(
            "--force would drop templates declared in the files it overwrites, so nothing was \
             written: select them too (--name, --language, --status) when the account holds \
             them, or move them to another file first"
        );
    }

    if !import.files.is_empty() {
        std::fs::create_dir_all(&target.dir)
            .with_context(|| format!("cannot create {}", target.dir.display()))?;
    }
    writeln!(stdout, "Account {account_id}\n")?;
    for file in &import.files {
        let path = target.dir.join(&file.file_name);
        let verb = if path.exists() { "overwrote" } else { "wrote" };
        crate::atomic_file::write(&path, &file.text).with_context(|| {
            format!(
                "cannot write {} (the files listed above were written)",
                path.display()
            )
        })?;
        writeln!(
            stdout,
            "{verb} {} ({})",
            path.display(),
            file.languages.join(", ")
        )?;
        for warning in &file.warnings {
            writeln!(stdout, "    {warning}")?;
        }
        if !file.dropped.is_empty() {
            writeln!(
                stdout,
                "    left out keys Meta returned that template files do not hold: {}",
                file.dropped.join(", ")
            )?;
        }
    }
    write_notes(&mut stdout, &import, &target, &schema)?;
    let written: usize = import.files.iter().map(|f| f.languages.len()).sum();
    let mut summary = if written == 0 {
        "Nothing to import".to_owned()
    } else {
        format!(
            "Imported {} into {} under {}",
            plural(written, "template", "templates"),
            plural(import.files.len(), "file", "files"),
            target.dir.display()
        )
    };
    if !already.is_empty() {
        summary.push_str(&format!(
            "; {} already declared in the files (left alone)",
            already.len()
        ));
    }
    if !import.unimportable.is_empty() {
        summary.push_str(&format!(
            "; {} could not be imported",
            import.unimportable.len()
        ));
    }
    if import.files.is_empty() {
        writeln!(stdout, "{summary}.")?;
    } else {
        writeln!(stdout, "\n{summary}.")?;
    }
    if written > 0 {
        writeln!(
            stdout,
            "Next: `wabactl plan` should show no change; then commit {}.",
            target.dir.display()
        )?;
    }
    stdout.flush()?;

    if import.unimportable.is_empty() {
        return Ok(Exit::Success);
    }
    writeln!(stderr, "\nNot imported:")?;
    for failure in &import.unimportable {
        writeln!(
            stderr,
            "    {} ({}): {}",
            failure.name, failure.language, failure.reason
        )?;
    }
    let n = import.unimportable.len();
    anyhow::bail!(
        "{} could not be imported (listed above; {} written): {} on the account, \
         unmanaged, and `plan` leaves {} alone",
        plural(n, "template", "templates"),
        if written == 0 {
            "nothing else was".to_owned()
        } else {
            format!("the other {written} were")
        },
        if n == 1 { "it stays" } else { "they stay" },
        if n == 1 { "it" } else { "them" },
    )
}

fn write_notes(
    out: &mut impl Write,
    import: &Import,
    target: &Target,
    schema: &str,
) -> std::io::Result<()> {
    let media: usize = import.files.iter().map(|f| f.media_urls.len()).sum();
    if media > 0 {
        writeln!(
            out,
            "\nnote: {} a media header whose sample came back from Meta as a URL (its copy \
             of the file). `plan` does not compare samples, so the files are in sync; but an \
             edit of such a header needs a new upload handle (4::...) from the Resumable \
             Upload API in `header_handle`. `validate` warns about these URLs \
             (header-handle-format).",
            plural(media, "template has", "templates have")
        )?;
    }
    let placeholders: Vec<String> = import
        .files
        .iter()
        .flat_map(|f| {
            f.app_placeholders
                .iter()
                .map(move |language| format!("{} ({language})", f.name))
        })
        .collect();
    if !placeholders.is_empty() {
        writeln!(
            out,
            "\nnote: Meta does not return the Android apps of one-tap and zero-tap buttons, so \
             `supported_apps` of {} holds the placeholder `{}`. `plan` shows them in sync as they \
             are; put the real package_name and signature_hash there before changing them (plan \
             blocks a change that would send the placeholder).",
            placeholders.join(", "),
            crate::reconcile::import::APP_PLACEHOLDER_PACKAGE
        )?;
    }
    if !import.files.is_empty() && !target.schema_path().is_file() {
        let command = match std::env::current_dir() {
            Ok(cwd) if same_path(&cwd, &target.root) => "wabactl schema".to_owned(),
            Ok(cwd) => format!(
                "wabactl schema --dir {}",
                relative_path(&cwd, &target.root.join("schemas"))
            ),
            Err(_) => "wabactl schema".to_owned(),
        };
        writeln!(
            out,
            "\nnote: the files point YAML editors at {schema}, which does not exist yet: \
             `{command}` writes it."
        )?;
    }
    Ok(())
}

/// The directory to write into and the project it belongs to.
struct Target {
    dir: PathBuf,
    project: Option<Project>,
    /// The project directory, else the working directory: where `schemas/` is looked for.
    root: PathBuf,
}

impl Target {
    fn resolve(path: Option<PathBuf>) -> anyhow::Result<Self> {
        let cwd = std::env::current_dir().context("cannot read the working directory")?;
        let (dir, project) = match path {
            Some(path) => match config::project_in(&path)? {
                Some(project) => (first_templates_entry(&project)?, Some(project)),
                None => {
                    let absolute = std::path::absolute(&path)?;
                    let existing = absolute.ancestors().find(|a| a.is_dir()).unwrap_or(&cwd);
                    (path, config::find_project(existing)?)
                }
            },
            None => match config::find_project(&cwd)? {
                Some(project) => (first_templates_entry(&project)?, Some(project)),
                None => (PathBuf::from("templates"), None),
            },
        };
        // Shown in every message: relative to where the user stands when it is below.
        let dir = match dir.strip_prefix(&cwd) {
            Ok(relative) if dir.is_absolute() && !relative.as_os_str().is_empty() => {
                relative.to_owned()
            }
            _ => dir,
        };
        if dir.is_file() {
            anyhow::bail!(
                "{} is a file: import writes one file per template name into a directory; \
                 give a directory as PATH",
                dir.display()
            );
        }
        let root = match &project {
            Some(project) if project.dir.as_os_str().is_empty() => cwd,
            Some(project) => std::path::absolute(&project.dir)?,
            None => cwd,
        };
        Ok(Target { dir, project, root })
    }

    fn schema_path(&self) -> PathBuf {
        self.root.join(SCHEMA)
    }

    /// The schema's path relative to the directory written into, with `/` separators.
    fn schema_reference(&self) -> String {
        let dir = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
        relative_path(&dir, &self.schema_path())
    }

    /// Where each template the files already declare is declared: the project's template
    /// locations and the target directory. Files that cannot be read are passed over here
    /// (`plan` and `validate` report them).
    fn declared(&self) -> HashMap<TemplateKey, Source> {
        let mut paths: Vec<PathBuf> = self
            .project
            .as_ref()
            .map(Project::template_paths)
            .unwrap_or_default();
        if !paths.iter().any(|p| same_path(p, &self.dir)) {
            paths.push(self.dir.clone());
        }
        paths.retain(|p| p.exists());
        let loaded = load::load_paths(&paths);
        let mut declared = HashMap::new();
        for document in &loaded.documents {
            declared
                .entry(document.template.key())
                .or_insert_with(|| Source {
                    file: document.file.path.display().to_string(),
                    line: document.at("").span.line,
                });
        }
        declared
    }
}

fn first_templates_entry(project: &Project) -> anyhow::Result<PathBuf> {
    project
        .template_paths()
        .into_iter()
        .next()
        .with_context(|| {
            format!(
                "{} lists no `templates`: give the directory to write into as PATH",
                project.file.display()
            )
        })
}

fn same_path(a: &Path, b: &Path) -> bool {
    match (std::path::absolute(a), std::path::absolute(b)) {
        (Ok(a), Ok(b)) => lexical(&a) == lexical(&b),
        _ => a == b,
    }
}

/// `path` with `.` and `..` resolved by name (symbolic links are not followed).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The path from directory `from` to `to` (both absolute), e.g. `../schemas/x.json`.
fn relative_path(from: &Path, to: &Path) -> String {
    let from = lexical(from);
    let to = lexical(to);
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_and_descend() {
        assert_eq!(
            relative_path(
                Path::new("/p/templates"),
                Path::new("/p/schemas/template.schema.json")
            ),
            "../schemas/template.schema.json"
        );
        assert_eq!(
            relative_path(
                Path::new("/p/a/./b/../templates/x"),
                Path::new("/p/schemas/t.json")
            ),
            "../../../schemas/t.json"
        );
        assert_eq!(
            relative_path(Path::new("/p"), Path::new("/p/schemas/t.json")),
            "schemas/t.json"
        );
    }
}
