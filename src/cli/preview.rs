//! `wabactl preview`: every declared template as a customer sees it, on one HTML page
//! (`--out DIR`), or one template as a bubble on the terminal (`preview NAME`).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::Exit;
use crate::ops::preview::{Previewed, embed, previews};
use crate::render;
use crate::settings::Settings;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wabactl preview --out preview            every template on preview/index.html
  wabactl preview examples --out preview   the templates of a project directory
  wabactl preview order_update             one template on the terminal (each language)
  wabactl preview order_update -l pt_BR    one language

Exit codes: 0 shown or written; 1 an error (no such template, a file that cannot be written,
template files that cannot be read)")]
pub struct Args {
    /// With --out: template files or directories (default: the project file's
    /// `templates`). Without: the NAME of the template to show on the terminal.
    #[arg(value_name = "PATH|NAME")]
    pub targets: Vec<String>,
    /// Write DIR/index.html: a self-contained page (no script, nothing loaded from the
    /// network) with every template as a chat bubble, its languages side by side.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// On the terminal: only this language.
    #[arg(long, short)]
    pub language: Option<String>,
    /// On the terminal: where the templates are declared (default: the project file's
    /// `templates`).
    #[arg(long = "templates", value_name = "PATH", conflicts_with = "out")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: Args, settings: &Settings) -> anyhow::Result<Exit> {
    match &args.out {
        Some(dir) => write_page(&args, dir, settings),
        None => show(&args, settings),
    }
}

fn write_page(args: &Args, dir: &PathBuf, settings: &Settings) -> anyhow::Result<Exit> {
    let paths: Vec<PathBuf> = args.targets.iter().map(PathBuf::from).collect();
    let Previewed { templates, errors } = previews(settings, &paths)?;
    let previews: Vec<_> = templates.iter().map(|(_, p)| p.clone()).collect();
    let page = render::preview::html::templates_page("wabactl preview", &previews, &|i, sample| {
        embed(&templates[i].0.source.file, sample)
    });
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    let file = dir.join("index.html");
    crate::atomic_file::write(&file, &page)
        .with_context(|| format!("cannot write {}", file.display()))?;
    let _ = writeln!(
        anstream::stdout(),
        "Wrote {} ({} templates, {} bytes).",
        file.display(),
        previews.len(),
        page.len()
    );
    if errors > 0 {
        let _ = writeln!(
            anstream::stderr(),
            "error: {errors} template file(s) could not be read and are not on the page; \
             `wabactl validate` says why"
        );
        return Ok(Exit::Error);
    }
    Ok(Exit::Success)
}

fn show(args: &Args, settings: &Settings) -> anyhow::Result<Exit> {
    let [name] = args.targets.as_slice() else {
        anyhow::bail!(
            "preview without --out shows one template: give its NAME (or --out DIR to write \
             every template to DIR/index.html)"
        );
    };
    let Previewed { templates, .. } = previews(settings, &args.paths)?;
    let found: Vec<_> = templates
        .iter()
        .filter(|(d, _)| &d.template.name == name)
        .filter(|(d, _)| {
            args.language
                .as_ref()
                .is_none_or(|l| &d.template.language == l)
        })
        .collect();
    if found.is_empty() {
        anyhow::bail!(
            "no template named `{name}`{} is declared in the template files; `wabactl validate` \
             lists what is",
            args.language
                .as_ref()
                .map(|l| format!(" in language {l}"))
                .unwrap_or_default()
        );
    }
    let colored = super::colored(&std::io::stdout());
    let mut out = anstream::stdout().lock();
    for (declared, preview) in found {
        writeln!(
            out,
            "{} ({})",
            declared.template.name, declared.template.language
        )?;
        write!(
            out,
            "{}",
            render::preview::terminal::bubble(preview, colored)
        )?;
        writeln!(out)?;
    }
    Ok(Exit::Success)
}
