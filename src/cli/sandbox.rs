//! `wabactl sandbox serve`: run the local Graph-API-compatible account until Ctrl-C/SIGTERM,
//! printing its base URL on the first line of stdout and then the settings in effect.

use std::io::Write;
use std::path::PathBuf;

use super::Exit;
use crate::sandbox::{
    self, Assumption, Assumptions, FaultConfig, ReviewRules, Sandbox, SandboxConfig,
};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: SandboxCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum SandboxCommand {
    /// Serve a local account on 127.0.0.1 (first line of output: its base URL).
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1; 0 picks a free port.
    #[arg(long, default_value_t = sandbox::DEFAULT_PORT)]
    pub port: u16,
    /// JSON file holding the account; loaded at start, rewritten after each change.
    #[arg(long, value_name = "FILE", default_value = ".wabactl/sandbox.json")]
    pub state: PathBuf,
    /// Bearer token clients must send (a sandbox value, not a Meta token).
    #[arg(long, default_value = sandbox::DEFAULT_TOKEN)]
    pub token: String,
    /// WhatsApp Business Account id of the sandbox account.
    #[arg(long, value_name = "ID", default_value = sandbox::DEFAULT_WABA_ID)]
    pub waba_id: String,
    /// Phone number id that sends messages.
    #[arg(long, value_name = "ID", default_value = sandbox::DEFAULT_PHONE_NUMBER_ID)]
    pub phone_number_id: String,
    /// App id upload sessions are opened on (`POST /{APP_ID}/uploads`).
    #[arg(long, value_name = "ID", default_value = sandbox::DEFAULT_APP_ID)]
    pub app_id: String,
    /// Cut each upload session's first transfer after N bytes (to rehearse resuming).
    #[arg(long, value_name = "N")]
    pub upload_cut_after: Option<u64>,
    /// Start afresh from a saved `GET /message_templates` answer (replaces the state file).
    #[arg(long, value_name = "GET_RESPONSE.json")]
    pub seed: Option<PathBuf>,
    /// Delay added to every Graph request, in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub latency_ms: u64,
    /// Share of requests answered HTTP 500 (code 2, transient), 0 to 1.
    #[arg(long = "fail-rate-5xx", value_name = "F", default_value_t = 0.0)]
    pub fail_rate_5xx: f64,
    /// Share of requests answered HTTP 429 (code 80008), 0 to 1.
    #[arg(long, value_name = "F", default_value_t = 0.0)]
    pub throttle_rate: f64,
    /// Share of requests whose connection is closed without an answer, 0 to 1.
    #[arg(long, value_name = "F", default_value_t = 0.0)]
    pub drop_rate: f64,
    /// Seed of the fault generator: the same seed and requests give the same faults.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub fault_seed: u64,
    /// Templates that may be created per rolling hour (0 = unlimited).
    #[arg(long, value_name = "N_PER_HOUR", default_value_t = sandbox::DEFAULT_CREATE_QUOTA)]
    pub create_quota: u32,
    /// Graph calls per rolling hour that make 100% of the call budget reported in
    /// X-Business-Use-Case-Usage (0 = always report 0%).
    #[arg(long, value_name = "N_PER_HOUR", default_value_t = sandbox::DEFAULT_CALLS_PER_HOUR)]
    pub calls_per_hour: u32,
    /// How long review takes before a PENDING template is decided, in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub review_delay_ms: u64,
    /// Templates the account may hold.
    #[arg(long, value_name = "N", default_value_t = sandbox::DEFAULT_TEMPLATE_LIMIT)]
    pub template_limit: usize,
    /// Also model a behaviour no Meta source documents (repeatable). Without any, the sandbox
    /// sends only what Meta's pages and SDK traffic show; see docs/meta-api.md.
    #[arg(
        long,
        value_name = "NAME",
        long_help = sandbox::assume::help()
    )]
    pub assume: Vec<Assumption>,
}

pub fn run(args: Args) -> anyhow::Result<Exit> {
    let SandboxCommand::Serve(args) = args.command;
    serve(args)
}

fn serve(args: ServeArgs) -> anyhow::Result<Exit> {
    crate::ops::sandbox::serve(config_of(&args), |sandbox| print_banner(sandbox, &args))?;
    Ok(Exit::Success)
}

/// The sandbox the flags describe.
fn config_of(args: &ServeArgs) -> SandboxConfig {
    SandboxConfig {
        port: args.port,
        state_path: Some(args.state.clone()),
        seed_path: args.seed.clone(),
        token: args.token.clone(),
        waba_id: args.waba_id.clone(),
        phone_number_id: args.phone_number_id.clone(),
        app_id: args.app_id.clone(),
        upload_cut_after: args.upload_cut_after,
        faults: FaultConfig {
            latency_ms: args.latency_ms,
            fail_rate_5xx: args.fail_rate_5xx,
            throttle_rate: args.throttle_rate,
            drop_rate: args.drop_rate,
            seed: args.fault_seed,
        },
        create_quota_per_hour: args.create_quota,
        calls_per_hour: args.calls_per_hour,
        template_limit: args.template_limit,
        review: ReviewRules {
            delay_ms: args.review_delay_ms,
            ..ReviewRules::default()
        },
        assume: Assumptions::new(args.assume.iter().copied()),
    }
}

fn print_banner(sandbox: &Sandbox, args: &ServeArgs) -> anyhow::Result<()> {
    let url = sandbox.base_url();
    let token = if args.token == sandbox::DEFAULT_TOKEN {
        format!(
            "{} (set WHATSAPP_ACCESS_TOKEN to this)",
            sandbox::DEFAULT_TOKEN
        )
    } else {
        "as given with --token (set WHATSAPP_ACCESS_TOKEN to it)".to_owned()
    };
    let quota = match args.create_quota {
        0 => "unlimited".to_owned(),
        n => format!("{n} per hour"),
    };
    let seed = args.seed.as_ref().map(|p| p.display().to_string());
    let seed = seed.as_deref().unwrap_or("none");
    let mut out = anstream::stdout().lock();
    writeln!(out, "{url}")?;
    writeln!(
        out,
        "wabactl sandbox: a local WhatsApp Business account (not Meta)"
    )?;
    writeln!(
        out,
        "  api base:         {url} (set WABACTL_API_BASE to this; any v<N>.0 version)"
    )?;
    writeln!(out, "  token:            {token}")?;
    writeln!(out, "  waba id:          {}", sandbox.waba_id())?;
    writeln!(out, "  phone number id:  {}", sandbox.phone_number_id())?;
    writeln!(
        out,
        "  state:            {} ({} templates)",
        args.state.display(),
        sandbox.templates_at_start()
    )?;
    writeln!(out, "  seed:             {seed}")?;
    writeln!(out, "  create quota:     {quota}")?;
    writeln!(out, "  template limit:   {}", args.template_limit)?;
    writeln!(out, "  review delay:     {} ms", args.review_delay_ms)?;
    writeln!(
        out,
        "  assumptions:      {}",
        Assumptions::new(args.assume.iter().copied()).describe()
    )?;
    writeln!(
        out,
        "  faults:           latency {} ms, 5xx {}, throttle {}, drop {}, seed {}",
        args.latency_ms, args.fail_rate_5xx, args.throttle_rate, args.drop_rate, args.fault_seed
    )?;
    writeln!(
        out,
        "  debug:            GET {url}/__sandbox/state, POST {url}/__sandbox/clock?advance_seconds=N"
    )?;
    writeln!(out, "Serving until Ctrl-C.")?;
    out.flush()?;
    Ok(())
}
