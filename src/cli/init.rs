//! `wabactl init [DIR] [--ci github|gitlab]`: writes a new project, ready for `plan --sandbox`.

use std::io::Write;
use std::path::PathBuf;

use super::Exit;
use crate::ops::init::{self, Ci};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Writes wabactl.yaml (its account block commented), four templates (utility with a URL button,
marketing with an image header and its sample file, authentication with a copy-code button, a
call permission request), schemas/ for editor completion and a .gitignore for .wabactl/ (the
sandbox account). Nothing is overwritten: a directory already holding one of these files is
refused. Then: cd DIR && wabactl plan --sandbox.

Exits 0 when the project was written; 1 when nothing was.")]
pub struct Args {
    /// The directory to write the project into (created when missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Also write this CI system's pipeline (plan on pull requests, apply on merge), pinned to
    /// this version: .github/workflows/templates.yml or .gitlab-ci.yml.
    #[arg(long, value_enum, value_name = "SYSTEM")]
    pub ci: Option<CiSystem>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CiSystem {
    Github,
    Gitlab,
}

pub fn run(args: Args) -> anyhow::Result<Exit> {
    let ci = args.ci.map(|ci| match ci {
        CiSystem::Github => Ci::Github,
        CiSystem::Gitlab => Ci::Gitlab,
    });
    let written = init::init(&args.dir, ci)?;
    let mut out = anstream::stdout().lock();
    for path in &written {
        writeln!(out, "{}: written", args.dir.join(path).display())?;
    }
    let enter = if args.dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", args.dir.display())
    };
    writeln!(
        out,
        "\nA project with {} templates. Next, against a local sandbox account (no token \
         needed):\n  {enter}wabactl plan --sandbox\n  wabactl apply --sandbox\nFor a real \
         account, fill in the accounts block of wabactl.yaml.",
        written
            .iter()
            .filter(|p| p.starts_with("templates") && p.extension().is_some_and(|e| e == "yaml"))
            .count()
    )?;
    Ok(Exit::Success)
}
