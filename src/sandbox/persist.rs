//! Saving the account with group commit. A change is answered only once a save that includes
//! it is on disk (a crash never loses an answered change, and the state file always holds a
//! whole account: it is replaced atomically). One save covers every change made while the
//! previous save was being written, so under N concurrent writes the file is written about
//! once per batch rather than N times, and a write's cost no longer grows with each client.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{Notify, watch};

use super::state::AccountState;

/// The last save: the change generation it covered, and its error if it failed.
#[derive(Debug, Clone, Default)]
struct Saved {
    generation: u64,
    error: Option<String>,
}

pub struct Persister {
    path: Option<PathBuf>,
    /// Bumped under the account lock by every change.
    changed: AtomicU64,
    wake: Notify,
    saved: watch::Sender<Saved>,
}

impl Persister {
    pub fn new(path: Option<PathBuf>) -> Self {
        Persister {
            path,
            changed: AtomicU64::new(0),
            wake: Notify::new(),
            saved: watch::Sender::new(Saved::default()),
        }
    }

    /// Records a change; call it while holding the account lock. Returns its generation.
    pub fn changed(&self) -> u64 {
        let generation = self.changed.fetch_add(1, Ordering::SeqCst) + 1;
        self.wake.notify_one();
        generation
    }

    /// Waits until the change of `generation` is on disk (at once without a state file).
    pub async fn saved(&self, generation: u64) -> Result<(), String> {
        if self.path.is_none() {
            return Ok(());
        }
        let mut saved = self.saved.subscribe();
        let outcome = saved
            .wait_for(|s| s.generation >= generation)
            .await
            .map_err(|_| "the sandbox is stopping".to_owned())?
            .clone();
        match outcome.error {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// Saves whenever something changed, one batch at a time, until the task is stopped.
    pub async fn run(&self, account: &Mutex<AccountState>) {
        let Some(path) = self.path.clone() else {
            return;
        };
        loop {
            self.wake.notified().await;
            loop {
                // A copy under the lock: serialising and writing happen without it.
                let started = std::time::Instant::now();
                let (generation, copy) = {
                    let account = account.lock().unwrap_or_else(|e| e.into_inner());
                    (self.changed.load(Ordering::SeqCst), account.clone())
                };
                if generation <= self.saved.borrow().generation {
                    break;
                }
                let copied = started.elapsed();
                let target = path.clone();
                let written = tokio::task::spawn_blocking(move || copy.save(&target))
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|saved| saved.map_err(|e| error_chain(&e)));
                if let Err(error) = &written {
                    tracing::error!("{error}");
                }
                tracing::debug!(
                    generation,
                    copy_ms = copied.as_secs_f64() * 1000.0,
                    total_ms = started.elapsed().as_secs_f64() * 1000.0,
                    "state saved"
                );
                self.saved.send_replace(Saved {
                    generation,
                    error: written.err(),
                });
            }
        }
    }
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
