//! `wabactl send NAME --to NUMBER`: sends one message with a declared template (a smoke test),
//! with its parameters checked against the template before anything is sent.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};

use super::Exit;
use super::account::{self, AccountArgs};
use crate::send::{Params, Route};
use crate::template::{load, rules};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The template's name, as declared in the files.
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

pub fn run(args: Args, account_args: &AccountArgs) -> anyhow::Result<Exit> {
    let paths = super::template_paths(args.paths.clone())?;
    let loaded = load::load_paths(&paths);
    let matching: Vec<&load::Document> = loaded
        .documents
        .iter()
        .filter(|d| d.template.name == args.name)
        .filter(|d| {
            args.language
                .as_ref()
                .is_none_or(|l| *l == d.template.language)
        })
        .collect();
    let document = match matching.as_slice() {
        [one] => *one,
        [] => bail!(
            "no template `{}`{} is declared in {}: check the name, or give --templates",
            args.name,
            args.language
                .as_ref()
                .map(|l| format!(" in language `{l}`"))
                .unwrap_or_default(),
            paths_list(&paths)
        ),
        several => bail!(
            "`{}` is declared in several languages ({}): pick one with --language",
            args.name,
            several
                .iter()
                .map(|d| d.template.language.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let errors: Vec<String> = rules::check_document(document)
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| crate::render::diagnostics::headline(&d))
        .collect();
    if !errors.is_empty() {
        bail!(
            "the declared template is invalid; fix it first (wabactl validate):\n{}",
            errors.join("\n")
        );
    }
    let mut out = anstream::stdout().lock();
    if args.describe {
        let description = crate::send::describe(&document.template);
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
    let body =
        crate::send::build_send_body(&document.template, &to, &params).with_context(|| {
            format!(
                "the parameters do not fit `{}` ({})",
                args.name, document.template.language
            )
        })?;
    if args.dry_run {
        writeln!(out, "{}", serde_json::to_string_pretty(&body)?)?;
        return Ok(Exit::Success);
    }
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let opted_in = args.marketing_messages
        || crate::config::find_project(&cwd)?.is_some_and(|p| p.config.send.marketing_messages);
    let runtime = account::runtime()?;
    let (route, answer) = runtime.block_on(async {
        let connection = account::connect(account_args).await?;
        let phone_number_id = connection.phone_number_id()?.to_owned();
        let route = if opted_in {
            // The category Meta holds now, not the file's: it may have re-categorised it.
            let remote = connection
                .client
                .list_templates_named(connection.waba_id()?, &args.name)
                .await?;
            let category = remote
                .iter()
                .find(|t| t.language == document.template.language)
                .and_then(|t| t.category.as_deref());
            crate::send::route(true, category)
        } else {
            Route::Messages
        };
        let answer = match route {
            Route::Messages => {
                connection
                    .client
                    .send_template(&phone_number_id, &body)
                    .await
            }
            Route::MarketingMessages => {
                connection
                    .client
                    .send_marketing_template(&phone_number_id, &body)
                    .await
            }
        };
        connection.close().await?;
        anyhow::Ok((route, answer?))
    })?;
    let via = match route {
        Route::Messages => "",
        Route::MarketingMessages => " via the Marketing Messages API",
    };
    for message in &answer.messages {
        writeln!(
            out,
            "sent {} ({}) to {}{via}: message {}{}",
            args.name,
            document.template.language,
            to,
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

fn paths_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
