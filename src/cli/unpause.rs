//! `wabactl unpause NAME [--language LANG]...`: lifts Meta's pause of a paused template.

use super::Exit;
use super::scope::OneAccountArgs;
use crate::ops::unpause::{UnpauseRequest, Unpaused};
use crate::ops::{self, Connection};
use crate::render;
use crate::settings::Settings;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Meta pauses a template whose quality rating drops to RED (3 hours, then 6) or under template
pacing; a pacing pause lifts only by hand. `apply` never unpauses: this command does, through
POST /{TEMPLATE_ID}/unpause, for each paused language of NAME. An unpause within 5 minutes of
the pause is refused, with the time it becomes possible, when the account says when the pause
began; `wabactl status` shows which paused templates can be unpaused now.

Exits 0 when every paused language was unpaused; 1 when none was paused, one is too early, or
Meta refused one.")]
pub struct Args {
    /// The template's name (exact).
    pub name: String,
    /// Only this language, e.g. en_US (repeatable; default: every language of NAME).
    #[arg(long = "language", value_name = "LANG")]
    pub languages: Vec<String>,
    #[command(flatten)]
    pub account: OneAccountArgs,
}

pub fn run(args: Args, settings: &Settings) -> anyhow::Result<Exit> {
    let request = UnpauseRequest {
        name: args.name,
        languages: args.languages,
    };
    let rows = ops::with_connection(settings, async |connection: &Connection| {
        ops::unpause::unpause(connection, &request).await
    })?;
    super::write_all(
        &mut anstream::stdout().lock(),
        &render::unpause::human(&rows),
    )?;
    let refused = rows.iter().any(|row| {
        matches!(
            row.result,
            Unpaused::TooEarly(_) | Unpaused::Refused(_) | Unpaused::Failed(_)
        )
    });
    let done = rows.iter().any(|row| row.result == Unpaused::Done);
    Ok(if done && !refused {
        Exit::Success
    } else {
        Exit::Error
    })
}
