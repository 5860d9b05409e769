//! Codegen: the typed sender code of the declared templates, and whether the files written
//! before are still what the templates would give.

use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::codegen::{self, Input, Lang, Model, Staleness};
use crate::settings::Settings;
use crate::template::read;

/// The model of every template declared under `paths` (the project's templates by default).
/// Refused while a file cannot be read or a template breaks Meta's rules: code for a template
/// that cannot be sent would only move the error to the sender.
pub fn model(settings: &Settings, paths: &[PathBuf]) -> anyhow::Result<Model> {
    let paths = settings.template_paths_given_by(paths, "a PATH")?;
    let set = read::read(&paths);
    if set.unreadable_count > 0 {
        let first: Vec<String> = set
            .unreadable
            .iter()
            .take(5)
            .map(|d| format!("  {}: {}", d.location, d.message))
            .collect();
        bail!(
            "{} error(s) in the template files; fix them first (wabactl validate shows all):\n{}",
            set.unreadable_count,
            first.join("\n")
        );
    }
    let invalid: Vec<String> = set
        .templates
        .iter()
        .filter(|d| !d.errors.is_empty())
        .map(|d| {
            format!(
                "  {} ({}) at {}: {}",
                d.template.name, d.template.language, d.source, d.errors[0]
            )
        })
        .collect();
    if !invalid.is_empty() {
        bail!(
            "{} template(s) break Meta's rules and cannot be sent; fix them first (wabactl validate):\n{}",
            invalid.len(),
            invalid.join("\n")
        );
    }
    let inputs: Vec<Input> = set
        .templates
        .iter()
        .map(|d| Input {
            source: &d.source.file,
            template: &d.template,
        })
        .collect();
    Ok(codegen::model(&inputs)?)
}

/// A generated file larger than this is not read back (a stale one, then): far above the
/// 3 MB of Go for 6,000 templates (benches/codegen.md).
const GENERATED_FILE_LIMIT: u64 = 1 << 30;

/// What became of one language's file.
pub enum Outcome {
    Written(PathBuf),
    UpToDate(PathBuf),
    /// `--check`: there is no such file (or it cannot be read).
    Missing(PathBuf),
    /// `--check`: the file differs; the templates whose signatures changed (all empty when
    /// only the generator or the file itself did).
    Stale(PathBuf, Staleness),
}

/// Writes (or with `check`, compares) the file of `lang` in `out`.
pub fn write(model: &Model, lang: Lang, out: &Path, check: bool) -> anyhow::Result<Outcome> {
    let path = out.join(lang.file_name());
    let text = lang.render(model);
    // A file that cannot be read (missing, too large, not a file) is stale.
    let current = crate::input_file::read_text(&path, GENERATED_FILE_LIMIT).unwrap_or_default();
    if current == text {
        return Ok(Outcome::UpToDate(path));
    }
    if check && current.is_empty() {
        return Ok(Outcome::Missing(path));
    }
    if check {
        return Ok(Outcome::Stale(path, codegen::staleness(&current, &text)));
    }
    std::fs::create_dir_all(out)
        .map_err(|e| anyhow::anyhow!("cannot create the directory {} ({e})", out.display()))?;
    crate::atomic_file::write(&path, text).map_err(|e| {
        anyhow::anyhow!(
            "cannot write {} ({e}); the file there is unchanged",
            path.display()
        )
    })?;
    Ok(Outcome::Written(path))
}
