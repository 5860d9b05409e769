//! `wabactl schema`: writes (or checks) the JSON Schemas in `schemas/`.

use std::io::Write;
use std::path::PathBuf;

use super::Exit;
use crate::schema;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The directory to write into.
    #[arg(long, default_value = "schemas")]
    pub dir: PathBuf,
    /// Do not write: fail if the files there differ from what this version generates.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: Args) -> anyhow::Result<Exit> {
    let mut out = anstream::stdout().lock();
    let mut stale = Vec::new();
    for (name, text) in schema::all() {
        let path = args.dir.join(name);
        // A file that cannot be read (missing, a pipe, too large) is stale.
        let current = crate::input_file::read_text(&path, crate::input_file::TEMPLATE_FILE_LIMIT)
            .unwrap_or_default();
        if current == text {
            writeln!(out, "{}: up to date", path.display())?;
        } else if args.check {
            stale.push(path.display().to_string());
        } else {
            std::fs::create_dir_all(&args.dir)?;
            crate::atomic_file::write(&path, text).map_err(|e| {
                anyhow::anyhow!(
                    "cannot write {} ({e}); the file there is unchanged",
                    path.display()
                )
            })?;
            writeln!(out, "{}: written", path.display())?;
        }
    }
    if !stale.is_empty() {
        anyhow::bail!(
            "stale schema files: {} (run `wabactl schema`)",
            stale.join(", ")
        );
    }
    Ok(Exit::Success)
}
