//! Settings resolved once per run: command-line flags, the environment and `wabactl.yaml`
//! become one [`Settings`] value that every operation reads. The project file is read here and
//! nowhere else.
//!
//! Order everywhere: flag, environment, project file, default (`account` explains the one
//! exception: an account named with `--account` wins over the generic environment).

pub mod account;
pub mod accounts;
pub mod environment;
pub use config_diagnostic::config_diagnostic;
mod config_diagnostic;
mod prune;
mod shown_path;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;

pub use crate::apply::{DEFAULT_CREATE_QUOTA, DEFAULT_PARALLELISM};
use crate::config::{self, Project};
pub use account::{AccountError, AccountSettings, Env};
pub use accounts::{Choice, SelectedAccount, Shard};
pub use environment::Environment;
pub use prune::{PruneFlags, PruneMode, PruneSettings};

/// Where `--sandbox` keeps its state when no file is given, relative to the project's
/// directory (the one holding wabactl.yaml), or to the working directory outside a project.
pub const DEFAULT_SANDBOX_STATE: &str = ".wabactl/sandbox.json";

/// Accounts worked on at the same time when `--account-concurrency` does not say.
pub const DEFAULT_ACCOUNT_CONCURRENCY: usize = 8;

/// The flags that choose the accounts, as the command line gave them.
#[derive(Debug, Clone, Default)]
pub struct AccountFlags {
    /// `--account NAME` (repeatable), `--all-accounts`, `--shard I/N`.
    pub choice: Choice,
    /// `--account-concurrency N`.
    pub concurrency: Option<u16>,
    /// `--sandbox[=STATE]`: `Some(None)` for the default state file.
    pub sandbox: Option<Option<PathBuf>>,
}

/// Everything a run needs to know about where it stands and what it talks to.
#[derive(Debug)]
pub struct Settings {
    /// The working directory: project lookup starts here, and paths below it are shown
    /// relative to it.
    pub cwd: PathBuf,
    /// `wabactl.yaml` (or `.yml`) in the working directory or above, read once.
    pub project: Option<Project>,
    /// With `--sandbox`: the sandbox's state file.
    pub sandbox_state: Option<PathBuf>,
    /// Accounts worked on at the same time.
    pub account_concurrency: usize,
    /// The run is over several accounts by its flags (`--all-accounts`, `--account` twice,
    /// `--shard`): reports take the shape of several accounts whatever the count.
    pub several_accounts: bool,
    /// `--shard I/N`, when given.
    pub shard: Option<Shard>,
    /// The accounts of the run, each resolved or with why not; only the account commands ask
    /// (a broken account entry must not stop `validate`).
    accounts: Result<Vec<SelectedAccount>, Arc<AccountError>>,
    /// The environment, captured once with the settings: operations read it here.
    environment: Environment,
}

impl Settings {
    /// Reads the project file and resolves the account from `flags` and `env`.
    pub fn resolve(flags: &AccountFlags, env: Env<'_>) -> anyhow::Result<Settings> {
        Settings::resolve_for(flags, env, &[])
    }

    /// [`Settings::resolve`] for a command given `paths`: when they name one project's
    /// directory (one holding wabactl.yaml), that project is the run's, its accounts and
    /// `default_account` included, as if the command ran there; otherwise the project of the
    /// working directory or above.
    pub fn resolve_for(
        flags: &AccountFlags,
        env: Env<'_>,
        paths: &[PathBuf],
    ) -> anyhow::Result<Settings> {
        let cwd = std::env::current_dir().context("cannot read the working directory")?;
        let project = match project_of_paths(paths)? {
            Some(project) => Some(project),
            None => config::find_project(&cwd)?,
        };
        let environment = Environment::capture(env, project.as_ref());
        let accounts = accounts::select(&flags.choice, project.as_ref(), env).map_err(Arc::new);
        let sandbox_state = flags.sandbox.as_ref().map(|state| match state {
            Some(given) => given.clone(),
            None => default_sandbox_state(&cwd, project.as_ref()),
        });
        Ok(Settings {
            cwd,
            project,
            sandbox_state,
            several_accounts: flags.choice.all
                || flags.choice.names.len() > 1
                || flags.choice.shard.is_some(),
            shard: flags.choice.shard,
            account_concurrency: flags
                .concurrency
                .map_or(DEFAULT_ACCOUNT_CONCURRENCY, usize::from),
            accounts,
            environment,
        })
    }

    /// The environment as captured when the settings were resolved.
    pub fn environment(&self) -> &Environment {
        &self.environment
    }

    /// The run's one account, or an error saying what to set (or that several were chosen).
    pub fn account(&self) -> anyhow::Result<&AccountSettings> {
        match self.accounts()? {
            [one] => one
                .settings
                .as_ref()
                .map_err(|err| anyhow::Error::new(Arc::clone(err))),
            several => anyhow::bail!(
                "this command works on one account at a time, and {} are chosen ({}): give one \
                 --account",
                several.len(),
                several
                    .iter()
                    .map(SelectedAccount::label)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// With `--sandbox`: where the in-process sandbox of account `name` keeps its state. In a
    /// project of several accounts each named one has its own, `STATE-NAME` before the
    /// extension (`.wabactl/sandbox-staging.json`), so their templates never mix.
    pub fn sandbox_state_for(&self, name: Option<&str>) -> Option<PathBuf> {
        let state = self.sandbox_state.as_ref()?;
        let several = self
            .project
            .as_ref()
            .is_some_and(|p| p.config.accounts.len() > 1);
        let Some(name) = name.filter(|_| several) else {
            return Some(state.clone());
        };
        let stem = state
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Some(match state.extension() {
            Some(ext) => state.with_file_name(format!("{stem}-{name}.{}", ext.to_string_lossy())),
            None => state.with_file_name(format!("{stem}-{name}")),
        })
    }

    /// The account `name` of wabactl.yaml, resolved (the account promoted from, say).
    pub fn named_account(&self, name: &str, env: Env<'_>) -> anyhow::Result<AccountSettings> {
        Ok(account::resolve(Some(name), self.project.as_ref(), env)?)
    }

    /// Every account of the run (`--account` repeated, `--all-accounts`, `--shard`).
    pub fn accounts(&self) -> anyhow::Result<&[SelectedAccount]> {
        self.accounts
            .as_deref()
            .map_err(|err| anyhow::Error::new(Arc::clone(err)))
    }

    /// The template locations: the paths given, else the project file's, else `./templates`.
    ///
    /// A directory that holds a project file stands for that project's templates, so
    /// `wabactl validate examples` reads what `cd examples && wabactl validate` reads.
    /// Every path is shown relative to the working directory (see [`shown_path`]).
    pub fn template_paths(&self, given: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
        self.template_paths_given_by(given, "a PATH")
    }

    /// [`Settings::template_paths`] for a command that takes its paths as `how` (`--templates
    /// PATH`), which an error about missing templates names.
    pub fn template_paths_given_by(
        &self,
        given: &[PathBuf],
        how: &str,
    ) -> anyhow::Result<Vec<PathBuf>> {
        let paths = self.template_locations(given, how)?;
        Ok(paths
            .iter()
            .map(|p| shown_path::shown_path(&self.cwd, p))
            .collect())
    }

    fn template_locations(&self, given: &[PathBuf], how: &str) -> anyhow::Result<Vec<PathBuf>> {
        if !given.is_empty() {
            let mut resolved = Vec::new();
            for path in given {
                match self.project_in(path)? {
                    Some(project) => resolved.extend(project.template_paths()),
                    None => resolved.push(path.clone()),
                }
            }
            return Ok(resolved);
        }
        match &self.project {
            Some(project) => Ok(project.template_paths()),
            None if self.cwd.join("templates").is_dir() => Ok(vec![PathBuf::from("templates")]),
            None => anyhow::bail!(
                "no templates to read: give {how}, or create wabactl.yaml with `templates: \
                 [DIR]` (`wabactl init` writes a project)"
            ),
        }
    }

    /// The project whose file stands directly in `dir`: the one already read when it is the
    /// same file.
    pub fn project_in(&self, dir: &Path) -> anyhow::Result<Option<Project>> {
        let Some(file) = config::project_file_in(dir) else {
            return Ok(None);
        };
        match &self.project {
            Some(project) if same_file(&project.file, &file) => Ok(Some(project.clone())),
            _ => Ok(Some(config::read_project(&file)?)),
        }
    }

    /// The project of `dir` or the nearest directory above it: the one already read when it
    /// is the same file.
    pub fn project_above(&self, dir: &Path) -> anyhow::Result<Option<Project>> {
        let Some(file) = config::find_project_file(dir) else {
            return Ok(None);
        };
        match &self.project {
            Some(project) if same_file(&project.file, &file) => Ok(Some(project.clone())),
            _ => Ok(Some(config::read_project(&file)?)),
        }
    }

    /// Prune for this run, from the flags and the project file.
    pub fn prune(&self, flags: &PruneFlags) -> anyhow::Result<PruneSettings> {
        let file = self
            .project
            .as_ref()
            .map(|p| p.config.prune.clone())
            .unwrap_or_default();
        Ok(prune::resolve(flags, file)?)
    }

    /// How many changes `apply` carries out at once: the flag, else `apply.parallelism`, else 4.
    pub fn parallelism(&self, flag: Option<u16>) -> usize {
        flag.map(usize::from)
            .or(self
                .project
                .as_ref()
                .and_then(|p| p.config.apply.parallelism))
            .unwrap_or(DEFAULT_PARALLELISM)
            .clamp(1, 64)
    }

    /// Templates created per rolling hour: the flag, else `apply.create_quota`, else 100.
    pub fn create_quota(&self, flag: Option<u32>) -> u32 {
        flag.or(self
            .project
            .as_ref()
            .and_then(|p| p.config.apply.create_quota))
            .unwrap_or(DEFAULT_CREATE_QUOTA)
    }

    /// Whether `send` routes marketing templates through the Marketing Messages API.
    pub fn marketing_messages(&self, flag: bool) -> bool {
        flag || self
            .project
            .as_ref()
            .is_some_and(|p| p.config.send.marketing_messages)
    }
}

/// The one project whose directory `paths` name, if they name exactly one.
fn project_of_paths(paths: &[PathBuf]) -> anyhow::Result<Option<Project>> {
    let mut files: Vec<PathBuf> = Vec::new();
    for file in paths.iter().filter_map(|p| config::project_file_in(p)) {
        if !files.iter().any(|f| same_file(f, &file)) {
            files.push(file);
        }
    }
    match files.as_slice() {
        [one] => Ok(Some(config::read_project(one)?)),
        _ => Ok(None),
    }
}

/// The sandbox account belongs to the project: its state lies beside the project file,
/// whichever of its directories the command runs in (shown relative to the working directory).
fn default_sandbox_state(cwd: &Path, project: Option<&Project>) -> PathBuf {
    let dir = project.map_or(cwd, |p| p.dir.as_path());
    shown_path::shown_path(cwd, &dir.join(DEFAULT_SANDBOX_STATE))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
