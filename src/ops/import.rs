//! Import (adoption): write the account's templates as template files, so that `plan` right
//! after shows no change. Nothing is written when a file is in the way (unless forced) or an
//! overwrite would lose a template.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::connect::Connection;
use crate::config::Project;
use crate::media::adopt::{self, Fetched};
use crate::plural::plural;
use crate::reconcile::import::{self, ImportFilter, TemplateFile, Unimportable};
use crate::reconcile::import_guard::{self, same_path};
use crate::reconcile::plan::Source;
use crate::settings::Settings;
use crate::template::model::TemplateKey;
use crate::template::read;

/// Where the schema lives inside a project.
const SCHEMA: &str = "schemas/template.schema.json";

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    /// The directory to write into (default: the project's first `templates` entry).
    pub path: Option<PathBuf>,
    /// Overwrite files that exist.
    pub force: bool,
    pub filter: ImportFilter,
}

/// What an import wrote and left.
#[derive(Debug)]
pub struct Imported {
    pub account: String,
    pub dir: PathBuf,
    /// Each file written, and whether it replaced one.
    pub written: Vec<(PathBuf, bool, TemplateFile)>,
    /// Templates the files declare already (left alone).
    pub already: usize,
    pub unimportable: Vec<Unimportable>,
    /// The schema the files point editors at, and the command that writes it, when missing.
    pub missing_schema: Option<(String, String)>,
    /// Media samples fetched from the account and written beside the files.
    pub media_written: Vec<PathBuf>,
    /// Samples that could not be fetched (they stay URLs), as `name (language): why`.
    pub media_failed: Vec<String>,
    /// The account's template groups.
    pub groups: super::groups::ImportedGroups,
}

/// Why nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportRefusal {
    #[error(
        "{} in the way, so nothing was written: use --force to overwrite {} with the account's \
         templates, or --name to leave {} out",
        plural(.0.len(), "file is", "files are"),
        if .0.len() == 1 { "it" } else { "them" },
        if .0.len() == 1 { "its template" } else { "their templates" }
    )]
    InTheWay(Vec<PathBuf>),
    #[error(
        "--force would drop templates declared in the files it overwrites, so nothing was \
         written: select them too (--name, --language, --status) when the account holds them, \
         or move them to another file first"
    )]
    WouldLose(Vec<String>),
}

/// Lists the account and writes the selected templates not declared yet.
pub async fn import(
    connection: &Connection,
    settings: &Settings,
    request: &ImportRequest,
) -> anyhow::Result<Imported> {
    let target = Destination::resolve(settings, request.path.clone())?;
    let declared = target.declared();
    let waba_id = connection.waba_id()?.to_owned();
    let remote = connection
        .client
        .list_templates(&waba_id)
        .await
        .with_context(|| {
            format!("cannot list the templates of account {waba_id}; nothing was written")
        })?;
    // A template declared elsewhere stays there (a second declaration would stop `plan`); one
    // declared in a file about to be rewritten with --force is written again.
    let mut already = 0;
    let selected: Vec<_> = request
        .filter
        .select(&remote)
        .into_iter()
        .filter(|r| {
            let key = TemplateKey {
                name: r.name.clone(),
                language: r.language.clone(),
            };
            let stays = declared.get(&key).is_some_and(|source| {
                import_guard::stays_declared(source, &r.name, &target.dir, request.force)
            });
            already += usize::from(stays);
            !stays
        })
        .collect();
    let schema = target.schema_reference();
    let import = import::build(&selected, &schema);
    let in_the_way = import_guard::in_the_way(&import.files, &target.dir, Path::exists);
    if !in_the_way.is_empty() && !request.force {
        return Err(ImportRefusal::InTheWay(in_the_way).into());
    }
    let lost = import_guard::would_lose(&declared, &import.files, &target.dir);
    if !lost.is_empty() {
        return Err(ImportRefusal::WouldLose(lost).into());
    }
    let mut files = import.files;
    let (fetched, failed) = adopt::fetch_samples(
        &selected,
        &files,
        connection.settings.client.request_timeout,
    )
    .await;
    // A sample already there with other bytes is in the way like a template file.
    let media_in_the_way: Vec<PathBuf> = fetched
        .iter()
        .filter(|f| {
            let path = adopt::target(&target.dir, f);
            // Read no more than the sample: a larger file (or one not regular) differs.
            path.exists()
                && crate::input_file::read_bytes(&path, f.bytes.len() as u64)
                    .ok()
                    .as_deref()
                    != Some(f.bytes.as_slice())
        })
        .map(|f| adopt::target(&target.dir, f))
        .collect();
    if !media_in_the_way.is_empty() && !request.force {
        return Err(ImportRefusal::InTheWay(media_in_the_way).into());
    }
    adopt::refer(&mut files, &fetched, &failed);
    let media_written = write_media(&target.dir, &fetched)?;
    let written = write(&target.dir, files)?;
    let missing_schema = (!written.is_empty() && !target.schema_path().is_file())
        .then(|| (schema, target.schema_command(&settings.cwd)));
    let groups = super::groups::import(connection, settings, &remote).await?;
    Ok(Imported {
        groups,
        account: waba_id,
        dir: target.dir,
        written,
        already,
        unimportable: import.unimportable,
        missing_schema,
        media_written,
        media_failed: failed
            .into_iter()
            .map(|f| format!("{} ({}): {}", f.name, f.language, f.reason))
            .collect(),
    })
}

/// Writes each fetched sample atomically, before the files that name it.
fn write_media(dir: &Path, fetched: &[Fetched]) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for sample in fetched {
        let path = adopt::target(dir, sample);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        crate::atomic_file::write(&path, &sample.bytes)
            .with_context(|| format!("cannot write the media sample {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// Writes each file atomically; a failure names the files written before it.
fn write(
    dir: &Path,
    files: Vec<TemplateFile>,
) -> anyhow::Result<Vec<(PathBuf, bool, TemplateFile)>> {
    if !files.is_empty() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut written = Vec::new();
    for file in files {
        let path = dir.join(&file.file_name);
        let existed = path.exists();
        crate::atomic_file::write(&path, &file.text).with_context(|| {
            let done: Vec<String> = written
                .iter()
                .map(|(p, _, _): &(PathBuf, bool, TemplateFile)| p.display().to_string())
                .collect();
            format!(
                "cannot write {} (written before it: {})",
                path.display(),
                if done.is_empty() {
                    "none".to_owned()
                } else {
                    done.join(", ")
                }
            )
        })?;
        written.push((path, existed, file));
    }
    Ok(written)
}

/// The directory to write into and the project it belongs to.
struct Destination {
    dir: PathBuf,
    project: Option<Project>,
    /// The project directory, else the working directory: where `schemas/` is looked for.
    root: PathBuf,
}

impl Destination {
    fn resolve(settings: &Settings, path: Option<PathBuf>) -> anyhow::Result<Self> {
        let cwd = &settings.cwd;
        let (dir, project) = match path {
            Some(path) => match settings.project_in(&path)? {
                Some(project) => (first_templates_entry(&project)?, Some(project)),
                None => {
                    let absolute = std::path::absolute(&path)?;
                    let existing = absolute.ancestors().find(|a| a.is_dir()).unwrap_or(cwd);
                    (path, settings.project_above(existing)?)
                }
            },
            None => match &settings.project {
                Some(project) => (first_templates_entry(project)?, Some(project.clone())),
                None => (PathBuf::from("templates"), None),
            },
        };
        // Shown in every message: relative to where the user stands when it is below.
        let dir = match dir.strip_prefix(cwd) {
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
            Some(project) if project.dir.as_os_str().is_empty() => cwd.clone(),
            Some(project) => std::path::absolute(&project.dir)?,
            None => cwd.clone(),
        };
        Ok(Destination { dir, project, root })
    }

    fn schema_path(&self) -> PathBuf {
        self.root.join(SCHEMA)
    }

    /// The schema's path relative to the directory written into, with `/` separators.
    fn schema_reference(&self) -> String {
        let dir = std::path::absolute(&self.dir).unwrap_or_else(|_| self.dir.clone());
        relative_path(&dir, &self.schema_path())
    }

    /// The command that writes the schema, run from `cwd`.
    fn schema_command(&self, cwd: &Path) -> String {
        if same_path(cwd, &self.root) {
            "wabactl schema".to_owned()
        } else {
            format!(
                "wabactl schema --dir {}",
                relative_path(cwd, &self.root.join("schemas"))
            )
        }
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
        read::read(&paths)
            .templates
            .into_iter()
            .map(|declared| (declared.template.key(), declared.source))
            .collect()
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

/// The path from directory `from` to `to` (both absolute), e.g. `../schemas/x.json`.
fn relative_path(from: &Path, to: &Path) -> String {
    use std::path::Component;
    let from = import_guard::lexical(from);
    let to = import_guard::lexical(to);
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
