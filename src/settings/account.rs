//! Which account a command talks to: the `--account` flag, the environment and `wabactl.yaml`
//! resolved into ids, a token source and client settings.
//!
//! Order: flag, environment, project file, default. The account is chosen by `--account`,
//! else `default_account`, else the file's only account. An account named with `--account`
//! is an explicit choice, so its own entries count as flag-level: they win over the generic
//! environment variables (a stray `WHATSAPP_BUSINESS_ACCOUNT_ID` must not redirect
//! `--account prod` to another account). Otherwise the environment overrides the file.

use std::path::Path;
use std::time::Duration;

use crate::config::{AccountConfig, HttpConfig, Project, Receives};
use crate::graph::client::{
    ClientConfig, DEFAULT_API_BASE, DEFAULT_API_VERSION, GraphClient, check_api_base,
    check_api_version,
};
use crate::graph::error::GraphError;
use crate::graph::retry::RetryPolicy;
use crate::graph::token::{DEFAULT_TOKEN_ENV, TokenError, TokenSource};

pub const ENV_WABA_ID: &str = "WHATSAPP_BUSINESS_ACCOUNT_ID";
pub const ENV_PHONE_NUMBER_ID: &str = "WHATSAPP_PHONE_NUMBER_ID";
pub const ENV_APP_ID: &str = "WHATSAPP_APP_ID";
pub const ENV_API_BASE: &str = "WABACTL_API_BASE";
pub const ENV_API_VERSION: &str = "WABACTL_API_VERSION";
pub const ENV_CONNECT_TIMEOUT: &str = "WABACTL_CONNECT_TIMEOUT";
pub const ENV_REQUEST_TIMEOUT: &str = "WABACTL_REQUEST_TIMEOUT";
pub const ENV_RETRY_BASE_DELAY: &str = "WABACTL_RETRY_BASE_DELAY";
pub const ENV_RETRY_MAX_DELAY: &str = "WABACTL_RETRY_MAX_DELAY";
pub const ENV_RETRY_TOTAL: &str = "WABACTL_RETRY_TOTAL";
pub const ENV_RETRY_ATTEMPTS: &str = "WABACTL_RETRY_ATTEMPTS";

/// Looks an environment variable up; the binary passes the process environment.
pub type Env<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// Everything needed to talk to one account, except the token itself (read on `connect`).
#[derive(Debug, Clone, PartialEq)]
pub struct AccountSettings {
    /// The account's name in `wabactl.yaml`, when one was used.
    pub name: Option<String>,
    pub waba_id: Option<String>,
    pub phone_number_id: Option<String>,
    /// The app media samples are uploaded through (Resumable Upload API).
    pub app_id: Option<String>,
    pub token: TokenSource,
    pub client: ClientConfig,
    /// `allow_custom_api_base` of the account in `wabactl.yaml`.
    pub allow_custom_api_base: bool,
    /// The templates the account receives, paths as the user sees them.
    pub receives: Receives,
    /// The template groups the project file declares for the account.
    pub template_groups: crate::groups::declared::AccountGroups,
}

impl AccountSettings {
    /// The WABA id, or an error saying how to set it.
    pub fn waba_id(&self) -> Result<&str, AccountError> {
        self.waba_id
            .as_deref()
            .ok_or_else(|| AccountError::Missing {
                what: "WhatsApp Business Account id",
                env: ENV_WABA_ID,
                field: "waba_id",
                account: self.name.clone(),
            })
    }

    /// The phone number id, or an error saying how to set it.
    pub fn phone_number_id(&self) -> Result<&str, AccountError> {
        self.phone_number_id
            .as_deref()
            .ok_or_else(|| AccountError::Missing {
                what: "phone number id",
                env: ENV_PHONE_NUMBER_ID,
                field: "phone_number_id",
                account: self.name.clone(),
            })
    }

    /// The app id, or an error saying how to set it (uploading a media sample needs one).
    pub fn app_id(&self) -> Result<&str, AccountError> {
        self.app_id.as_deref().ok_or_else(|| AccountError::Missing {
            what: "app id (media header samples are uploaded through a Meta app)",
            env: ENV_APP_ID,
            field: "app_id",
            account: self.name.clone(),
        })
    }

    /// Reads the token and builds a client.
    pub fn connect(&self, env: Env<'_>) -> Result<GraphClient, AccountError> {
        let token = self.token.load(env)?;
        Ok(GraphClient::new(
            &self.client,
            token,
            self.token.to_string(),
        )?)
    }
}

/// Why no account could be resolved; each message says what to set.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error(
        "no {what}: set {env}, or `{field}` {}",
        match account {
            Some(name) => format!("for account `{name}` in wabactl.yaml"),
            None => "under `accounts:` in wabactl.yaml".to_owned(),
        }
    )]
    Missing {
        what: &'static str,
        env: &'static str,
        field: &'static str,
        account: Option<String>,
    },
    #[error("{}", unknown_account(name, known, *from_default))]
    UnknownAccount {
        name: String,
        known: Vec<String>,
        from_default: bool,
    },
    #[error("--all-accounts: wabactl.yaml defines no accounts; add them under `accounts:`")]
    NoAccounts,
    #[error("account `{0}` in wabactl.yaml sets both `token_env` and `token_file`: keep one")]
    TwoTokenSources(String),
    #[error("{name} `{value}` is not a Graph id: {advice}")]
    BadId {
        name: String,
        value: String,
        advice: &'static str,
    },
    #[error("{name} `{value}` is not a valid {what}: {advice}")]
    BadSetting {
        name: String,
        value: String,
        what: &'static str,
        advice: &'static str,
    },
    /// A value of the project file, located in it.
    #[error(transparent)]
    InProjectFile(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(transparent)]
    Graph(#[from] GraphError),
}

fn unknown_account(name: &str, known: &[String], from_default: bool) -> String {
    let origin = if from_default {
        "`default_account` names"
    } else {
        "--account names"
    };
    if known.is_empty() {
        format!("{origin} `{name}`, but wabactl.yaml defines no accounts: add it under `accounts:`")
    } else {
        format!(
            "{origin} `{name}`, which wabactl.yaml does not define; its accounts are: {}",
            known.join(", ")
        )
    }
}

/// Resolves the account for a command. `flag` is `--account`; `project` the project file, if
/// one was found.
pub fn resolve(
    flag: Option<&str>,
    project: Option<&Project>,
    env: Env<'_>,
) -> Result<AccountSettings, AccountError> {
    let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let (name, entry) = choose(flag, project).map_err(|err| match (&err, project) {
        (AccountError::UnknownAccount { from_default, .. }, Some(p)) if *from_default => {
            AccountError::from(p.invalid_value("default_account", err.to_string()))
        }
        _ => err,
    })?;
    let file_first = flag.is_some();
    let pick = |var: &str, from_file: Option<&String>| -> Option<Picked> {
        let from_env = env(var).map(|v| Picked {
            label: var.to_owned(),
            value: v,
            from_file: false,
        });
        let from_file = from_file.map(|v| Picked {
            label: file_label(name.as_deref(), var),
            value: v.clone(),
            from_file: true,
        });
        if file_first {
            from_file.or(from_env)
        } else {
            from_env.or(from_file)
        }
    };
    // A bad value from the project file is shown where it stands in the file.
    let located = |picked: &Picked, key: &str, err: AccountError| match project {
        Some(p) if picked.from_file => AccountError::from(p.invalid_value(
            &format!("accounts.{}.{key}", name.as_deref().unwrap_or_default()),
            err.to_string(),
        )),
        _ => err,
    };
    let id = |var: &str, key: &str, from_file: Option<&String>| {
        pick(var, from_file)
            .map(|p| check_id(p.label.clone(), p.value.clone()).map_err(|e| located(&p, key, e)))
            .transpose()
    };
    let waba_id = id(
        ENV_WABA_ID,
        "waba_id",
        entry.and_then(|a| a.waba_id.as_ref()),
    )?;
    let phone_number_id = id(
        ENV_PHONE_NUMBER_ID,
        "phone_number_id",
        entry.and_then(|a| a.phone_number_id.as_ref()),
    )?;
    let app_id = id(ENV_APP_ID, "app_id", entry.and_then(|a| a.app_id.as_ref()))?;
    let api_base = match pick(ENV_API_BASE, entry.and_then(|a| a.api_base.as_ref())) {
        None => DEFAULT_API_BASE.to_owned(),
        Some(p) => {
            let value = p.value.trim().to_owned();
            check_api_base(&value).map_err(|e| located(&p, "api_base", e.into()))?;
            value
        }
    };
    let api_version = match pick(ENV_API_VERSION, entry.and_then(|a| a.api_version.as_ref())) {
        None => DEFAULT_API_VERSION.to_owned(),
        Some(p) => {
            let value = p.value.trim().to_owned();
            check_api_version(&value).map_err(|e| located(&p, "api_version", e.into()))?;
            value
        }
    };
    let archive_api_base = entry
        .and_then(|a| a.archive_api_base.as_ref())
        .map(|base| {
            archive_base(base, entry.is_some_and(|a| a.allow_custom_api_base)).map_err(|err| {
                match project {
                    Some(p) => AccountError::from(p.invalid_value(
                        &format!(
                            "accounts.{}.archive_api_base",
                            name.as_deref().unwrap_or_default()
                        ),
                        err.to_string(),
                    )),
                    None => err,
                }
            })
        })
        .transpose()?;

    let token = token_source(name.as_deref(), entry, project.map(|p| p.dir.as_path())).map_err(
        |err| match (&err, project) {
            (AccountError::TwoTokenSources(account), Some(p)) => AccountError::from(
                p.invalid_value(&format!("accounts.{account}.token_file"), err.to_string()),
            ),
            _ => err,
        },
    )?;
    let http = project.map(|p| &p.config.http);
    let mut client = http_settings(http, &env)?;
    client.api_base = api_base;
    client.api_version = api_version;
    client.archive_api_base = archive_api_base;
    let template_groups = crate::groups::declared::AccountGroups::of(project, name.as_deref());
    Ok(AccountSettings {
        template_groups,
        name,
        waba_id,
        phone_number_id,
        app_id,
        token,
        client,
        allow_custom_api_base: entry.is_some_and(|a| a.allow_custom_api_base),
        receives: entry
            .map(|a| Receives {
                paths: match project {
                    Some(project) => a
                        .templates
                        .paths
                        .iter()
                        .map(|p| project.resolve_path(p))
                        .collect(),
                    None => a.templates.paths.clone(),
                },
                ..a.templates.clone()
            })
            .unwrap_or_default(),
    })
}

/// A setting's value and where it came from.
struct Picked {
    /// How a message names it: the environment variable, or the key of the account.
    label: String,
    value: String,
    from_file: bool,
}

/// The chosen account's name and entry: the flag, else `default_account`, else the only one.
fn choose<'p>(
    flag: Option<&str>,
    project: Option<&'p Project>,
) -> Result<(Option<String>, Option<&'p AccountConfig>), AccountError> {
    let accounts = project.map(|p| &p.config.accounts);
    let known = || {
        accounts
            .map(|a| a.keys().cloned().collect())
            .unwrap_or_default()
    };
    let (wanted, from_default) = match (
        flag,
        project.and_then(|p| p.config.default_account.as_deref()),
    ) {
        (Some(name), _) => (name, false),
        (None, Some(name)) => (name, true),
        (None, None) => {
            return Ok(match accounts {
                Some(map) if map.len() == 1 => {
                    let (name, entry) = map.iter().next().expect("one entry");
                    (Some(name.clone()), Some(entry))
                }
                _ => (None, None),
            });
        }
    };
    match accounts.and_then(|a| a.get(wanted)) {
        Some(entry) => Ok((Some(wanted.to_owned()), Some(entry))),
        None => Err(AccountError::UnknownAccount {
            name: wanted.to_owned(),
            known: known(),
            from_default,
        }),
    }
}

fn token_source(
    name: Option<&str>,
    entry: Option<&AccountConfig>,
    project_dir: Option<&Path>,
) -> Result<TokenSource, AccountError> {
    let Some(entry) = entry else {
        return Ok(TokenSource::default());
    };
    match (&entry.token_env, &entry.token_file) {
        (Some(_), Some(_)) => Err(AccountError::TwoTokenSources(
            name.unwrap_or_default().to_owned(),
        )),
        (Some(var), None) => Ok(TokenSource::Env(var.clone())),
        (None, Some(file)) if file.as_os_str() == "-" => Ok(TokenSource::Stdin),
        (None, Some(file)) => Ok(TokenSource::File(match project_dir {
            Some(dir) if file.is_relative() && !dir.as_os_str().is_empty() => dir.join(file),
            _ => file.clone(),
        })),
        (None, None) => Ok(TokenSource::Env(DEFAULT_TOKEN_ENV.to_owned())),
    }
}

/// Timeouts and retry policy: environment, then the file's `http:`, then the defaults.
fn http_settings(
    file: Option<&HttpConfig>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<ClientConfig, AccountError> {
    let defaults = ClientConfig::default();
    let retry = file.map(|h| &h.retry);
    let seconds = |var: &'static str, from_file: Option<f64>, default: Duration| {
        let value = match env(var) {
            Some(text) => text
                .trim()
                .parse::<f64>()
                .map_err(|_| AccountError::BadSetting {
                    name: var.to_owned(),
                    value: text.clone(),
                    what: "number of seconds",
                    advice: "use a number such as 10 or 0.5",
                })?,
            None => match from_file {
                Some(v) => v,
                None => return Ok(default),
            },
        };
        Duration::try_from_secs_f64(value).map_err(|_| AccountError::BadSetting {
            name: var.to_owned(),
            value: value.to_string(),
            what: "number of seconds",
            advice: "use a number of seconds of zero or more",
        })
    };
    let attempts =
        match env(ENV_RETRY_ATTEMPTS) {
            Some(text) => text.trim().parse::<u32>().ok().filter(|n| *n >= 1).ok_or(
                AccountError::BadSetting {
                    name: ENV_RETRY_ATTEMPTS.to_owned(),
                    value: text.clone(),
                    what: "number of attempts",
                    advice: "use a whole number of 1 or more (1 = never retry)",
                },
            )?,
            None => retry
                .and_then(|r| r.max_attempts)
                .unwrap_or(defaults.retry.max_attempts)
                .max(1),
        };
    let policy = RetryPolicy {
        base_delay: seconds(
            ENV_RETRY_BASE_DELAY,
            retry.and_then(|r| r.base_delay),
            defaults.retry.base_delay,
        )?,
        max_delay: seconds(
            ENV_RETRY_MAX_DELAY,
            retry.and_then(|r| r.max_delay),
            defaults.retry.max_delay,
        )?,
        total: seconds(
            ENV_RETRY_TOTAL,
            retry.and_then(|r| r.total),
            defaults.retry.total,
        )?,
        max_attempts: attempts,
    };
    Ok(ClientConfig {
        connect_timeout: seconds(
            ENV_CONNECT_TIMEOUT,
            file.and_then(|h| h.connect_timeout),
            defaults.connect_timeout,
        )?,
        request_timeout: seconds(
            ENV_REQUEST_TIMEOUT,
            file.and_then(|h| h.request_timeout),
            defaults.request_timeout,
        )?,
        retry: policy,
        page_size: file.and_then(|h| h.page_size).unwrap_or(defaults.page_size),
        ..defaults
    })
}

fn file_label(account: Option<&str>, env_var: &str) -> String {
    let field = match env_var {
        ENV_WABA_ID => "waba_id",
        ENV_PHONE_NUMBER_ID => "phone_number_id",
        ENV_APP_ID => "app_id",
        ENV_API_BASE => "api_base",
        _ => "api_version",
    };
    format!("`{field}` of account `{}`", account.unwrap_or_default())
}

/// Graph ids are digits. A common slip is the phone number itself instead of its id.
fn check_id(label: String, value: String) -> Result<String, AccountError> {
    let value = value.trim().to_owned();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(value);
    }
    let advice = if label.contains("phone_number") || label.contains("PHONE_NUMBER") {
        "use the phone number's id (digits, from WhatsApp Manager or the API setup page), \
         not the number itself"
    } else {
        "use the id (digits) shown in WhatsApp Manager or the API setup page"
    };
    Err(AccountError::BadId {
        name: label,
        value,
        advice,
    })
}

/// `archive_api_base`, checked like `api_base`; the token goes there, so a host other than
/// Meta's (`*.facebook.com`) or this machine needs `allow_custom_api_base`, as for `api_base`.
fn archive_base(base: &str, allow_custom: bool) -> Result<String, AccountError> {
    let bad = |advice: &'static str| AccountError::BadSetting {
        name: "archive_api_base".into(),
        value: crate::redact::without_credentials(base).into_owned(),
        what: "archive host",
        advice,
    };
    let url = check_api_base(base).map_err(|_| {
        bad("use https:// (or http:// to this machine), a host, and no credentials, query or fragment; e.g. https://api.facebook.com")
    })?;
    let meta = url
        .host_str()
        .is_some_and(|h| h == "facebook.com" || h.ends_with(".facebook.com"));
    if !meta && !crate::graph::client::is_loopback(&url) && !allow_custom {
        return Err(bad(
            "it is neither Meta's (*.facebook.com) nor this machine, and the access token \
             would be sent there: set `allow_custom_api_base: true` on the account if that \
             host is yours",
        ));
    }
    Ok(base.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::PathBuf;

    use super::*;
    use crate::config::ProjectFile;

    fn project(yaml: &str) -> Project {
        let config: ProjectFile = serde_saphyr::from_str(yaml).unwrap();
        Project {
            dir: PathBuf::from("/proj"),
            file: PathBuf::from("/proj/wabactl.yaml"),
            config,
            text: yaml.to_owned(),
        }
    }

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name: &str| map.get(name).cloned()
    }

    const TWO_ACCOUNTS: &str = "
accounts:
  prod:
    waba_id: 111
    phone_number_id: '222'
    token_env: PROD_TOKEN
  staging:
    waba_id: '333'
    token_file: secrets/staging.token
    api_base: http://127.0.0.1:8089
    api_version: v24.0
default_account: staging
";

    #[test]
    fn environment_alone() {
        let e = env(&[(ENV_WABA_ID, "42"), (ENV_PHONE_NUMBER_ID, "43")]);
        let s = resolve(None, None, &e).unwrap();
        assert_eq!(s.name, None);
        assert_eq!(s.waba_id().unwrap(), "42");
        assert_eq!(s.phone_number_id().unwrap(), "43");
        assert_eq!(s.token, TokenSource::Env("WHATSAPP_ACCESS_TOKEN".into()));
        assert_eq!(s.client.api_base, "https://graph.facebook.com");
        assert_eq!(s.client.api_version, "v26.0");
        assert_eq!(s.client.connect_timeout, Duration::from_secs(10));
        assert_eq!(s.client.request_timeout, Duration::from_secs(60));
    }

    #[test]
    fn missing_ids_say_how_to_set_them() {
        let s = resolve(None, None, &env(&[])).unwrap();
        let err = s.waba_id().unwrap_err().to_string();
        assert!(
            err.contains("WHATSAPP_BUSINESS_ACCOUNT_ID") && err.contains("waba_id"),
            "{err}"
        );
        let p = project(TWO_ACCOUNTS);
        let s = resolve(Some("staging"), Some(&p), &env(&[])).unwrap();
        let err = s.phone_number_id().unwrap_err().to_string();
        assert!(err.contains("for account `staging`"), "{err}");
    }

    #[test]
    fn default_account_is_used_and_environment_overrides_it() {
        let p = project(TWO_ACCOUNTS);
        let s = resolve(None, Some(&p), &env(&[])).unwrap();
        assert_eq!(s.name.as_deref(), Some("staging"));
        assert_eq!(s.waba_id().unwrap(), "333");
        assert_eq!(
            s.token,
            TokenSource::File(PathBuf::from("/proj/secrets/staging.token"))
        );
        assert_eq!(s.client.api_base, "http://127.0.0.1:8089");
        assert_eq!(s.client.api_version, "v24.0");

        let e = env(&[(ENV_WABA_ID, "999"), (ENV_API_VERSION, "v25.0")]);
        let s = resolve(None, Some(&p), &e).unwrap();
        assert_eq!(s.waba_id().unwrap(), "999");
        assert_eq!(s.client.api_version, "v25.0");
    }

    #[test]
    fn a_named_account_wins_over_the_environment() {
        let p = project(TWO_ACCOUNTS);
        let e = env(&[(ENV_WABA_ID, "999"), (ENV_API_BASE, "http://127.0.0.1:1")]);
        let s = resolve(Some("prod"), Some(&p), &e).unwrap();
        assert_eq!(s.waba_id().unwrap(), "111");
        assert_eq!(s.phone_number_id().unwrap(), "222");
        assert_eq!(s.token, TokenSource::Env("PROD_TOKEN".into()));
        // prod sets no api_base: the environment fills it in.
        assert_eq!(s.client.api_base, "http://127.0.0.1:1");
    }

    #[test]
    fn a_single_account_needs_no_default() {
        let p = project("accounts:\n  only:\n    waba_id: 5\n");
        let s = resolve(None, Some(&p), &env(&[])).unwrap();
        assert_eq!(s.name.as_deref(), Some("only"));
        assert_eq!(s.waba_id().unwrap(), "5");
    }

    #[test]
    fn unknown_accounts_list_the_known_ones() {
        let p = project(TWO_ACCOUNTS);
        let err = resolve(Some("qa"), Some(&p), &env(&[]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`qa`") && err.contains("prod, staging"),
            "{err}"
        );
        let err = resolve(Some("qa"), None, &env(&[]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("defines no accounts"), "{err}");
        let p = project("default_account: gone\naccounts:\n  a: {}\n");
        let err = resolve(None, Some(&p), &env(&[])).unwrap_err().to_string();
        assert!(err.contains("`default_account` names `gone`"), "{err}");
    }

    #[test]
    fn bad_values_are_named() {
        let e = env(&[(ENV_PHONE_NUMBER_ID, "+1 555 0100")]);
        let err = resolve(None, None, &e).unwrap_err().to_string();
        assert!(
            err.contains("WHATSAPP_PHONE_NUMBER_ID") && err.contains("not the number itself"),
            "{err}"
        );
        let err = resolve(None, None, &env(&[(ENV_API_BASE, "http://example.com")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unencrypted"), "{err}");
        let err = resolve(None, None, &env(&[(ENV_API_VERSION, "25")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("v26.0"), "{err}");
        let p = project("accounts:\n  a:\n    token_env: X\n    token_file: y\n");
        let err = resolve(None, Some(&p), &env(&[])).unwrap_err().to_string();
        assert!(err.contains("both `token_env` and `token_file`"), "{err}");
        let err = resolve(None, None, &env(&[(ENV_RETRY_ATTEMPTS, "0")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("WABACTL_RETRY_ATTEMPTS"), "{err}");
    }

    #[test]
    fn http_settings_from_file_and_environment() {
        let p = project(
            "http:\n  connect_timeout: 2.5\n  retry:\n    base_delay: 0.01\n    total: 3\n    max_attempts: 2\n",
        );
        let s = resolve(None, Some(&p), &env(&[(ENV_RETRY_TOTAL, "0.5")])).unwrap();
        assert_eq!(s.client.connect_timeout, Duration::from_millis(2500));
        assert_eq!(s.client.retry.base_delay, Duration::from_millis(10));
        assert_eq!(s.client.retry.max_delay, Duration::from_secs(30));
        assert_eq!(s.client.retry.total, Duration::from_millis(500));
        assert_eq!(s.client.retry.max_attempts, 2);
    }

    #[test]
    fn connect_reads_the_token_without_showing_it() {
        let e = env(&[("WHATSAPP_ACCESS_TOKEN", "LEAKCHECK-abc")]);
        let s = resolve(None, None, &e).unwrap();
        let client = s.connect(&e).unwrap();
        assert!(!format!("{client:?} {s:?}").contains("LEAKCHECK-abc"));
        let err = s.connect(&env(&[])).unwrap_err().to_string();
        assert!(err.contains("WHATSAPP_ACCESS_TOKEN is not set"), "{err}");
    }
}
