//! What `--help` and the man pages add to the clap definitions: the environment variables each
//! command reads (from `settings::environment`, the one table of them).

use clap::CommandFactory;

use super::Cli;
use crate::settings::environment::{self, ENVIRONMENT, EnvVar};

/// The clap definitions, with the account flags before the command hidden: they are listed by
/// the commands they apply to.
pub fn bare_command() -> clap::Command {
    Cli::command()
        .mut_arg("account", |arg| arg.hide(true))
        .mut_arg("all_accounts", |arg| arg.hide(true))
        .mut_arg("shard", |arg| arg.hide(true))
        .mut_arg("account_concurrency", |arg| arg.hide(true))
        .mut_arg("sandbox", |arg| arg.hide(true))
}

/// The command line as parsed and shown by `--help`: each subcommand's help ends with the
/// variables it reads, the top level's with all of them.
pub fn command() -> clap::Command {
    let mut cli = bare_command();
    for name in subcommand_names(&cli) {
        cli = cli.mut_subcommand(&name, |sub| {
            let account = takes_account(&sub);
            with_environment_of(sub, &name, account)
        });
    }
    let all: Vec<&EnvVar> = ENVIRONMENT.iter().collect();
    let text = with_environment(cli.get_after_help().map(ToString::to_string), &all);
    cli.after_help(text)
}

/// `command` and its own subcommands (`sandbox serve`), with the variables of `top_level`
/// (an account command when `account`).
fn with_environment_of(
    mut command: clap::Command,
    top_level: &str,
    account: bool,
) -> clap::Command {
    for name in subcommand_names(&command) {
        command = command.mut_subcommand(&name, |sub| with_environment_of(sub, top_level, account));
    }
    let vars: Vec<&EnvVar> = environment::read_by(top_level, account).collect();
    let text = with_environment(command.get_after_help().map(ToString::to_string), &vars);
    command.after_help(text)
}

/// The commands that talk to an account: those whose definition takes `--account`.
pub fn account_commands() -> Vec<String> {
    bare_command()
        .get_subcommands()
        .filter(|command| takes_account(command))
        .map(|command| command.get_name().to_owned())
        .collect()
}

fn takes_account(command: &clap::Command) -> bool {
    command.get_arguments().any(|arg| arg.get_id() == "account")
}

fn subcommand_names(command: &clap::Command) -> Vec<String> {
    command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect()
}

fn with_environment(after: Option<String>, vars: &[&EnvVar]) -> String {
    let width = vars.iter().map(|v| v.name.len()).max().unwrap_or(0);
    let mut text = after.map(|a| a + "\n\n").unwrap_or_default();
    text.push_str("Environment:");
    for var in vars {
        text.push_str(&format!("\n  {:width$}  {}", var.name, var.about));
    }
    text
}

/// The ENVIRONMENT section of the man page of `command` (`None`: the top page, every variable).
pub fn man_environment(command: Option<&str>) -> String {
    let vars: Vec<&EnvVar> = match command {
        Some(name) => {
            let account = account_commands().iter().any(|a| a == name);
            environment::read_by(name, account).collect()
        }
        None => ENVIRONMENT.iter().collect(),
    };
    let mut roff = String::from(".SH ENVIRONMENT\n");
    for var in vars {
        roff.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            roff_escape(var.name),
            roff_escape(var.about)
        ));
    }
    roff
}

/// Text safe in a roff line: backslashes and hyphens escaped, no leading control character.
fn roff_escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    match escaped.chars().next() {
        Some('.' | '\'') => format!("\\&{escaped}"),
        _ => escaped,
    }
}

#[cfg(test)]
mod tests {
    /// The commands that take `--account` are the ones that talk to an account.
    #[test]
    fn the_account_commands_are_those_that_take_an_account() {
        assert_eq!(
            super::account_commands(),
            ["plan", "apply", "import", "status", "send", "unpause"]
        );
    }
}
