//! Send: find a declared template, check it, and send one message with it (a smoke test).

use std::path::PathBuf;

use anyhow::bail;

use super::connect::Connection;
use crate::graph::wire::SendResponse;
use crate::send::Route;
use crate::settings::Settings;
use crate::template::read::{self, Declared};

/// The declared template `name` (in `language`, needed when several are declared), when it
/// breaks none of Meta's rules.
pub fn find_template(
    settings: &Settings,
    paths: &[PathBuf],
    name: &str,
    language: Option<&str>,
) -> anyhow::Result<Declared> {
    let paths = settings.template_paths_given_by(paths, "--templates PATH")?;
    let set = read::read(&paths);
    let matching: Vec<&Declared> = set.named(name, language).collect();
    let declared = match matching.as_slice() {
        [one] => *one,
        [] => bail!(
            "no template `{name}`{} is declared in {}: check the name, or give --templates",
            language
                .map(|l| format!(" in language `{l}`"))
                .unwrap_or_default(),
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        several => bail!(
            "`{name}` is declared in several languages ({}): pick one with --language",
            several
                .iter()
                .map(|d| d.template.language.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    if !declared.errors.is_empty() {
        bail!(
            "the declared template is invalid; fix it first (wabactl validate):\n{}",
            declared.errors.join("\n")
        );
    }
    Ok(declared.clone())
}

/// Sends `body` (built for `template` by `crate::send`) from the account's phone number. With
/// `marketing_messages`, a template whose category on the account is MARKETING goes through
/// the Marketing Messages API.
pub async fn send(
    connection: &Connection,
    template: &Declared,
    body: &serde_json::Value,
    marketing_messages: bool,
) -> anyhow::Result<(Route, SendResponse)> {
    let phone_number_id = connection.phone_number_id()?.to_owned();
    let route = if marketing_messages {
        // The category Meta holds now, not the file's: it may have re-categorised it.
        let remote = connection
            .client
            .list_templates_named(connection.waba_id()?, &template.template.name)
            .await?;
        let category = remote
            .iter()
            .find(|t| t.language == template.template.language)
            .and_then(|t| t.category.as_deref());
        crate::send::route(true, category)
    } else {
        Route::Messages
    };
    let client = &connection.client;
    let answer = match route {
        Route::Messages => client.send_template(&phone_number_id, body).await?,
        Route::MarketingMessages => {
            client
                .send_marketing_template(&phone_number_id, body)
                .await?
        }
    };
    Ok((route, answer))
}
