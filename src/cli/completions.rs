//! `wabactl completions SHELL`: the script that makes the shell ask `wabactl` itself for
//! completions (`COMPLETE=SHELL wabactl -- ARGS`), so they follow the clap definitions and
//! offer account names from wabactl.yaml, template names and statuses (see `candidates`).

use clap_complete::env::Shells;

use super::Exit;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn completions(args: CompletionsArgs) -> anyhow::Result<Exit> {
    let shells = Shells::builtins();
    let name = args.shell.to_string();
    let shell = shells
        .completer(&name)
        .ok_or_else(|| anyhow::anyhow!("no completion script for {name}"))?;
    // The script calls `wabactl` on PATH at completion time.
    shell.write_registration(
        "COMPLETE",
        "wabactl",
        "wabactl",
        "wabactl",
        &mut std::io::stdout(),
    )?;
    Ok(Exit::Success)
}
