//! `wabactl codegen --lang LANG --out DIR [PATHS]`: typed sender code for the declared
//! templates (TypeScript, Python, Go, JSON Schema); `--check` fails when it is stale.

use std::io::Write;
use std::path::PathBuf;

use super::Exit;
use crate::codegen::Lang;
use crate::ops::codegen::{self, Outcome};
use crate::settings::Settings;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The language(s) to write: one file each in --out (templates.ts, templates.py,
    /// templates.go, templates.schema.json).
    #[arg(long, value_enum, required = true, value_delimiter = ',')]
    pub lang: Vec<CodeLang>,
    /// The directory to write into (created when missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Do not write: exit 1 when a file differs from what the templates give, naming the
    /// templates whose send signatures changed.
    #[arg(long)]
    pub check: bool,
    /// Template files or directories (default: the project file's `templates`).
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CodeLang {
    Typescript,
    Python,
    Go,
    Jsonschema,
}

impl From<CodeLang> for Lang {
    fn from(lang: CodeLang) -> Lang {
        match lang {
            CodeLang::Typescript => Lang::TypeScript,
            CodeLang::Python => Lang::Python,
            CodeLang::Go => Lang::Go,
            CodeLang::Jsonschema => Lang::JsonSchema,
        }
    }
}

pub fn run(args: Args, settings: &Settings) -> anyhow::Result<Exit> {
    let model = codegen::model(settings, &args.paths)?;
    let mut out = anstream::stdout().lock();
    let mut stale = Vec::new();
    for lang in &args.lang {
        match codegen::write(&model, (*lang).into(), &args.out, args.check)? {
            Outcome::Written(path) => writeln!(out, "{}: written", path.display())?,
            Outcome::UpToDate(path) => writeln!(out, "{}: up to date", path.display())?,
            Outcome::Missing(path) => stale.push(format!("{} (missing)", path.display())),
            Outcome::Stale(path, staleness) => {
                let mut why = Vec::new();
                for (label, names) in [
                    ("signatures changed", &staleness.changed),
                    ("new", &staleness.added),
                    ("gone", &staleness.removed),
                ] {
                    if !names.is_empty() {
                        why.push(format!("{label}: {}", listed(names)));
                    }
                }
                if why.is_empty() {
                    why.push(
                        "no signature changed; the file differs from what this wabactl writes"
                            .into(),
                    );
                }
                stale.push(format!("{} ({})", path.display(), why.join("; ")));
            }
        }
    }
    if !stale.is_empty() {
        let langs: Vec<&str> = args
            .lang
            .iter()
            .map(|l| match l {
                CodeLang::Typescript => "typescript",
                CodeLang::Python => "python",
                CodeLang::Go => "go",
                CodeLang::Jsonschema => "jsonschema",
            })
            .collect();
        anyhow::bail!(
            "stale generated code: {} (run `wabactl codegen --lang {} --out {}`, then fix the callers the compiler names)",
            stale.join(", "),
            langs.join(","),
            args.out.display()
        );
    }
    Ok(Exit::Success)
}

/// Template names, the first 20 of them and a count of the rest.
fn listed(names: &[String]) -> String {
    const SHOWN: usize = 20;
    let mut text = names[..names.len().min(SHOWN)].join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}
