//! The project file `wabactl.yaml`: where templates live, which accounts exist, and how the
//! Graph API is called.
//!
//! This module is the file's shape and how it is found and read; `settings` resolves it with
//! the flags and the environment, once per run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::template::load::PROJECT_FILE_NAMES;

/// The contents of `wabactl.yaml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "wabactl project file")]
pub struct ProjectFile {
    /// Files or directories holding templates, relative to this file. Default: `templates`.
    #[serde(default = "default_templates")]
    pub templates: Vec<PathBuf>,

    /// The account used when `--account` is not given. Without it, a file with exactly one
    /// account uses that one; otherwise only the environment is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_account: Option<String>,

    /// WhatsApp Business Accounts by name, chosen with `--account NAME`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub accounts: BTreeMap<String, AccountConfig>,

    /// Timeouts and retries for Graph API calls.
    #[serde(default)]
    pub http: HttpConfig,

    /// Deleting templates the files no longer declare. Off unless enabled here or by `--prune`.
    #[serde(default)]
    pub prune: PruneConfig,

    /// How `apply` paces its changes.
    #[serde(default)]
    pub apply: ApplyConfig,

    /// How `wabactl send` sends.
    #[serde(default)]
    pub send: SendConfig,

    /// Template groups every account holds, by group name (see docs/template-groups.md).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub template_groups: BTreeMap<String, TemplateGroupConfig>,
}

/// One template group: Meta measures its templates as a set. A template is in one group at
/// most.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateGroupConfig {
    /// What the group is for; Meta allows 512 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Template names or name globs (`*` any run, `?` one character): every language of each
    /// matching declared template is in the group.
    #[serde(default)]
    pub templates: Vec<String>,
}

/// Prune: delete the account's templates that the files do not declare, inside a scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PruneConfig {
    /// Plan and apply deletes without `--prune`. Default: false.
    #[serde(default)]
    pub enabled: bool,

    /// Name globs (`*` any run, `?` one character) of the templates prune may delete, e.g.
    /// `order_*`. Required whenever prune is on: write `["*"]` to mean every template.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(example = vec!["order_*", "promo_*"])]
    pub scope: Vec<String>,

    /// The largest share of the templates the prune scope covers, in percent, that one plan
    /// may delete without `--force`; deleting all of them always needs it. Default: 30.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 100.0))]
    pub max_delete_percent: Option<f64>,

    /// What prune does: `archive` (reversible for 28 days, no name lock; what new projects
    /// write) or `delete`. Default when absent: delete, as before this setting existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<crate::reconcile::prune_mode::PruneMode>,
}

/// Pacing of `apply`. Flags win over these.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyConfig {
    /// Changes carried out at the same time (`--parallelism`). Default: 4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 64))]
    pub parallelism: Option<usize>,

    /// Templates created per rolling hour at most (`--create-quota`); Meta allows 100 per
    /// account. 0 = no limit of wabactl's own (Meta's still applies). Default: 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_quota: Option<u32>,
}

/// Settings of `wabactl send`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendConfig {
    /// Send templates whose current category on the account is MARKETING through Meta's
    /// Marketing Messages API (`POST /{PHONE_NUMBER_ID}/marketing_messages`); the account must
    /// be onboarded to it. Others go to `/messages` as always (`send --marketing-messages`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub marketing_messages: bool,
}

/// One WhatsApp Business Account. Every field is optional: what is left out comes from the
/// environment or the defaults. The token itself is never written here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountConfig {
    /// The WhatsApp Business Account id (WABA id) whose templates are managed. Environment:
    /// `WHATSAPP_BUSINESS_ACCOUNT_ID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<GraphId>")]
    pub waba_id: Option<String>,

    /// The phone number id that `send` sends from. Environment: `WHATSAPP_PHONE_NUMBER_ID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<GraphId>")]
    pub phone_number_id: Option<String>,

    /// The Meta app id media header samples are uploaded through (the Resumable Upload API
    /// ties each upload to an app). Environment: `WHATSAPP_APP_ID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<GraphId>")]
    pub app_id: Option<String>,

    /// The environment variable holding this account's access token. Default:
    /// `WHATSAPP_ACCESS_TOKEN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Za-z_][A-Za-z0-9_]*$"))]
    pub token_env: Option<String>,

    /// A file holding only this account's access token (relative to this file). Use either
    /// this or `token_env`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_file: Option<PathBuf>,

    /// The Graph API version, e.g. `v26.0`. Environment: `WABACTL_API_VERSION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^v[0-9]+\.[0-9]+$"), example = "v26.0")]
    pub api_version: Option<String>,

    /// The Graph API base URL, e.g. a proxy, or `http://127.0.0.1:8089` for a sandbox. Plain
    /// `http://` is refused except to this machine. Environment: `WABACTL_API_BASE`. Default:
    /// `https://graph.facebook.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_base: Option<String>,

    /// Where archive and unarchive go, without a version: Meta's Template archival page gives
    /// `https://api.facebook.com`, the default against Meta's Graph API. Set it if Meta serves
    /// them elsewhere; a failure that looks like the wrong host names this setting. A host
    /// other than Meta's (`*.facebook.com`) or this machine needs `allow_custom_api_base`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_api_base: Option<String>,

    /// Let `apply` send the token to an `api_base` that is neither Meta's Graph API nor this
    /// machine (a proxy you run). Without it, `apply` refuses such a host, so a change to
    /// `api_base` alone cannot send the token elsewhere.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_custom_api_base: bool,

    /// Which of the project's templates this account receives. Default: all of them.
    #[serde(default, skip_serializing_if = "Receives::is_all")]
    pub templates: Receives,

    /// Template groups of this account only, besides the top-level `template_groups`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub template_groups: BTreeMap<String, TemplateGroupConfig>,
}

/// The templates an account receives: those matching every list given (an empty list does not
/// narrow). Templates it does not receive are left alone on it, never deleted by prune.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Receives {
    /// Files or directories (relative to this file) whose templates the account receives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<PathBuf>,
    /// Name globs (`*` any run, `?` one character), e.g. `order_*`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// Language codes, e.g. `en_US`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
}

impl Receives {
    pub fn is_all(&self) -> bool {
        self.paths.is_empty() && self.names.is_empty() && self.languages.is_empty()
    }

    /// Whether the account receives the template `name` in `language`: a template matching
    /// every list given; the paths are checked against where it is declared.
    pub fn matches(&self, name: &str, language: &str) -> bool {
        crate::reconcile::filter::Selection {
            names: self.names.clone(),
            languages: self.languages.clone(),
        }
        .matches(name, language)
    }

    /// Whether a template declared in `file` comes from one of the account's `paths` (all
    /// files do when it lists none).
    pub fn matches_file(&self, file: &str) -> bool {
        let file = std::path::Path::new(file.strip_prefix("./").unwrap_or(file));
        self.paths.is_empty()
            || self.paths.iter().any(|p| {
                p == std::path::Path::new(".")
                    || file.starts_with(p.strip_prefix("./").unwrap_or(p))
            })
    }
}

/// An id: digits, written as a string or a number.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum GraphId {
    Text(String),
    Number(u64),
}

/// Timeouts and retries. Durations are in seconds; fractions are allowed (`0.5`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    /// Seconds to wait for a connection. Default: 10. Environment: `WABACTL_CONNECT_TIMEOUT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.001))]
    pub connect_timeout: Option<f64>,

    /// Seconds to wait for one complete answer. Default: 60. Environment:
    /// `WABACTL_REQUEST_TIMEOUT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.001))]
    pub request_timeout: Option<f64>,

    /// Templates asked for per list page. Default: 250. When Meta refuses the size, wabactl
    /// asks once more with 100 and keeps that for the run; it always follows `paging.next`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 1000))]
    pub page_size: Option<u32>,

    /// How failed calls are retried.
    #[serde(default)]
    pub retry: RetryConfig,
}

/// Exponential backoff with full jitter: before retry n (from 0) wabactl waits a random time
/// up to `min(max_delay, base_delay * 2^n)`, or what Meta asks for when it says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetryConfig {
    /// Seconds: the first backoff ceiling. Default: 1. Environment: `WABACTL_RETRY_BASE_DELAY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub base_delay: Option<f64>,

    /// Seconds: the longest computed backoff. Default: 30. Environment:
    /// `WABACTL_RETRY_MAX_DELAY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub max_delay: Option<f64>,

    /// Seconds: the most one call may take, retries and waits included. A longer wait asked
    /// for by Meta ends the call with the time to run again. Default: 120. Environment:
    /// `WABACTL_RETRY_TOTAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub total: Option<f64>,

    /// Attempts per call, the first included (1 = never retry). Default: 6. Environment:
    /// `WABACTL_RETRY_ATTEMPTS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub max_attempts: Option<u32>,
}

fn default_templates() -> Vec<PathBuf> {
    vec![PathBuf::from("templates")]
}

/// A project file together with where it was found.
#[derive(Debug, Clone)]
pub struct Project {
    pub dir: PathBuf,
    pub file: PathBuf,
    pub config: ProjectFile,
    /// The file's text (at most a MiB), to locate a value that turns out wrong later.
    pub text: String,
}

impl Project {
    /// `message` about the value at `path` (`accounts.prod.api_base`), located at that value
    /// (or its closest existing ancestor) and quoted like a finding in a template file.
    pub fn invalid_value(&self, path: &str, message: String) -> ConfigError {
        let span = crate::template::tree::parse_documents(&self.text)
            .ok()
            .and_then(|roots| roots.into_iter().next())
            .map(|root| crate::template::tree::PathIndex::new(root).locate(path))
            .unwrap_or_default();
        ConfigError::Invalid {
            path: self.file.clone(),
            line: u64::from(span.line.max(1)),
            column: u64::from(span.column.max(1)),
            message,
            // The quote never shows a password that a URL in the file holds.
            text: crate::redact::without_credentials(&self.text).into_owned(),
        }
    }

    /// The template locations, resolved against the project directory and shown relative to
    /// the working directory when below it: messages, annotations and plan comments then name
    /// `templates/a.yaml`, not the runner's absolute checkout path.
    pub fn template_paths(&self) -> Vec<PathBuf> {
        self.config
            .templates
            .iter()
            .map(|p| self.resolve_path(p))
            .collect()
    }

    /// A path written in the project file, as the user sees it (see [`Project::template_paths`]).
    pub fn resolve_path(&self, path: &Path) -> PathBuf {
        let path = relative_to(&self.dir, path);
        match std::env::current_dir() {
            Ok(cwd) => match path.strip_prefix(&cwd) {
                Ok(rest) if rest.as_os_str().is_empty() => PathBuf::from("."),
                Ok(rest) => rest.to_path_buf(),
                Err(_) => path,
            },
            Err(_) => path,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: u64,
        column: u64,
        message: String,
        /// The file's text, to quote where the problem is.
        text: String,
    },
}

/// Finds the project file in `start` or the nearest directory above it, and reads it.
pub fn find_project(start: &Path) -> Result<Option<Project>, ConfigError> {
    find_project_file(start)
        .map(|file| read_project(&file))
        .transpose()
}

/// The project file in `start` or the nearest directory above it.
pub fn find_project_file(start: &Path) -> Option<PathBuf> {
    start.ancestors().find_map(project_file_in)
}

/// The project file standing directly in `dir`, if `dir` is a directory with one.
pub fn project_file_in(dir: &Path) -> Option<PathBuf> {
    if !dir.is_dir() {
        return None;
    }
    PROJECT_FILE_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|file| is_project_file(file))
}

/// Anything but a directory by a project file's name is taken as the project file, so that
/// reading it says what is wrong with it (a named pipe, say) rather than pass it by.
fn is_project_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_dir())
}

/// Reads and checks one project file.
pub fn read_project(file: &Path) -> Result<Project, ConfigError> {
    // Counted by a test: a run reads its project file once.
    tracing::debug!(file = %file.display(), "project file read");
    let text = crate::input_file::read_text(file, crate::input_file::PROJECT_FILE_LIMIT).map_err(
        |source| ConfigError::Read {
            path: file.to_owned(),
            source,
        },
    )?;
    // An empty file is a valid project file with every default.
    let config = if text.trim().is_empty() {
        ProjectFile {
            templates: default_templates(),
            ..ProjectFile::default()
        }
    } else {
        serde_saphyr::from_str(&text).map_err(|err| {
            let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
            ConfigError::Invalid {
                path: file.to_owned(),
                line,
                column,
                message: err
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                text: crate::redact::without_credentials(&text).into_owned(),
            }
        })?
    };
    let dir = file.parent().unwrap_or(Path::new(".")).to_owned();
    Ok(Project {
        dir,
        file: file.to_owned(),
        config,
        text,
    })
}

/// `path` joined onto `base` unless it is absolute; `./` prefixes are dropped for tidy messages.
fn relative_to(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() || base.as_os_str().is_empty() || base == Path::new(".") {
        path.to_owned()
    } else {
        base.join(path)
    }
}
