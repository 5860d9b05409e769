//! `wabactl send NAME --to NUMBER`: sends one message with a declared template (a smoke test),
//! with its parameters checked against the template before anything is sent.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::Exit;
use crate::ops::{self, Connection};
use crate::send::{Params, Route};
use crate::settings::Settings;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub account: super::scope::OneAccountArgs,
    /// The template's name, as declared in the files.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::candidates::templates))]
    pub name: String,
    /// Its language (needed when the name is declared in several languages).
    #[arg(long, short)]
    pub language: Option<String>,
    /// The recipient's phone number, in international format (e.g. +16505551234).
    #[arg(long, required_unless_present = "describe")]
    pub to: Option<String>,
    /// A parameter: `1=Jessica` or `first_name=Jessica` (body), `header.1=...`,
    /// `header.image=MEDIA_ID_OR_HTTPS_LINK`, `header.location=LAT,LONG[,NAME[,ADDRESS]]`,
    /// `button.N=...` (URL suffix, coupon code or quick-reply payload of button N),
    /// `offer.expiration=UNIX_MS`, `thumbnail=RETAILER_ID`, `product.catalog_id=...`,
    /// `card.N.header.image=...`; any path of the parameters file. Repeat for each.
    #[arg(long = "param", short = 'p', value_name = "KEY=VALUE", value_parser = key_value)]
    pub params: Vec<(String, String)>,
    /// A parameters file (YAML or JSON) with the send's values; `-p` wins over it.
    #[arg(long = "params", value_name = "FILE")]
    pub params_file: Option<PathBuf>,
    /// Send a template whose current category on the account is MARKETING through the
    /// Marketing Messages API (`/marketing_messages`), as `send.marketing_messages: true` in
    /// wabactl.yaml does.
    #[arg(long)]
    pub marketing_messages: bool,
    /// Print the parameters the template expects (JSON) instead of sending.
    #[arg(long, conflicts_with_all = ["dry_run", "to"])]
    pub describe: bool,
    /// Where the templates are declared (default: the project file's `templates`).
    #[arg(long = "templates", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print the request body instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}

fn key_value(arg: &str) -> Result<(String, String), String> {
    arg.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("expected KEY=VALUE, got `{arg}`"))
}

pub fn run(args: Args, settings: &Settings) -> anyhow::Result<Exit> {
    let declared =
        ops::send::find_template(settings, &args.paths, &args.name, args.language.as_deref())?;
    let template = &declared.template;
    let mut out = anstream::stdout().lock();
    if args.describe {
        let description = crate::send::describe(template);
        writeln!(out, "{}", serde_json::to_string_pretty(&description)?)?;
        return Ok(Exit::Success);
    }
    let to = args.to.clone().unwrap_or_default();
    let mut params = match &args.params_file {
        Some(file) => Params::from_file(file)?,
        None => Params::default(),
    };
    for (key, value) in &args.params {
        params.set_flag(key, value)?;
    }
    let body = crate::send::build_send_body(template, &to, &params).with_context(|| {
        format!(
            "the parameters do not fit `{}` ({})",
            args.name, template.language
        )
    })?;
    if args.dry_run {
        writeln!(out, "{}", serde_json::to_string_pretty(&body)?)?;
        return Ok(Exit::Success);
    }
    let marketing_messages = settings.marketing_messages(args.marketing_messages);
    let (route, answer) = ops::with_connection(settings, async |connection: &Connection| {
        ops::send::send(connection, &declared, &body, marketing_messages).await
    })?;
    let via = match route {
        Route::Messages => "",
        Route::MarketingMessages => " via the Marketing Messages API",
    };
    for message in &answer.messages {
        writeln!(
            out,
            "sent {} ({}) to {to}{via}: message {}{}",
            args.name,
            template.language,
            message.id,
            message
                .message_status
                .as_ref()
                .map(|s| format!(", {s}"))
                .unwrap_or_default()
        )?;
    }
    Ok(Exit::Success)
}
