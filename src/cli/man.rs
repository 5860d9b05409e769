//! `wabactl man [--dir DIR]`: the manual pages, generated from the clap definitions, each with an
//! ENVIRONMENT section from the one table of variables.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Exit, help};
use anyhow::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write wabactl.1 and one page per subcommand (wabactl-plan.1, ...) into DIR instead of
    /// printing the top page.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Exit> {
    let mut top = help::bare_command().disable_help_subcommand(true);
    top.build();
    let Some(dir) = args.dir else {
        std::io::stdout().write_all(&page(&top, None)?)?;
        return Ok(Exit::Success);
    };
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    let mut out = anstream::stdout().lock();
    write_page(&dir, &top, None, &mut out)?;
    for sub in top.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        write_page(&dir, sub, Some(name), &mut out)?;
        for nested in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
            write_page(&dir, nested, Some(name), &mut out)?;
        }
    }
    Ok(Exit::Success)
}

/// Writes the page of `command` into `dir` (atomically) and names it on `out`.
fn write_page(
    dir: &Path,
    command: &clap::Command,
    top_level: Option<&str>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    let path = dir.join(man.get_filename());
    crate::atomic_file::write(&path, page(command, top_level)?).map_err(|e| {
        anyhow::anyhow!(
            "cannot write {} ({e}); the file there is unchanged",
            path.display()
        )
    })?;
    writeln!(out, "{}: written", path.display())?;
    Ok(())
}

/// The page of `command`: clap_mangen's sections, with ENVIRONMENT (the variables of
/// `top_level`, the subcommand it belongs to; all of them on the top page) before the notes.
fn page(command: &clap::Command, top_level: Option<&str>) -> anyhow::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(command.clone());
    let mut roff = Vec::new();
    man.render_title(&mut roff)?;
    man.render_name_section(&mut roff)?;
    man.render_synopsis_section(&mut roff)?;
    man.render_description_section(&mut roff)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut roff)?;
    }
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut roff)?;
    }
    roff.extend_from_slice(help::man_environment(top_level).as_bytes());
    if command.get_after_help().is_some() || command.get_after_long_help().is_some() {
        man.render_extra_section(&mut roff)?;
    }
    if command.get_version().is_some() {
        man.render_version_section(&mut roff)?;
    }
    Ok(roff)
}
