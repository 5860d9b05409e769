//! Saving the account: an append-only journal with group commit.
//!
//! A change is answered only once a save that includes it is on disk, so a crash never loses
//! an answered change. A save appends one line to the journal beside the state file
//! (`STATE.journal`): the templates changed since the last save, the ids removed, and the
//! account's counters. Its cost depends on what changed, not on how many templates the
//! account holds. One save covers every change made while the previous one was being written
//! (group commit). Every [`COMPACT_EVERY`] entries, or past [`COMPACT_BYTES`], the whole
//! state is written instead (atomically) and the journal starts afresh. Loading reads the
//! state file and replays the journal's entries newer than it; a torn last line, left by a
//! crash during an append, was never answered and is ignored.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use tokio::sync::{Notify, watch};

use super::state::{AccountState, NameLock, StateError, StoredTemplate};

/// Journal entries between two whole-state saves.
pub const COMPACT_EVERY: u64 = 500;
/// Journal size that triggers a whole-state save.
pub const COMPACT_BYTES: u64 = 8 * 1024 * 1024;

/// Reads the state file; `None` when it does not exist yet.
pub fn load(path: &Path) -> Result<Option<AccountState>, StateError> {
    let text = match crate::input_file::read_text(path, crate::input_file::ACCOUNT_FILE_LIMIT) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(StateError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    let mut state: AccountState =
        serde_json::from_str(&text).map_err(|source| StateError::Parse {
            path: path.to_owned(),
            source,
        })?;
    let journal = journal_path(path);
    match crate::input_file::read_text(&journal, crate::input_file::ACCOUNT_FILE_LIMIT) {
        Ok(text) => replay(&mut state, &text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(StateError::Read {
                path: journal,
                source,
            });
        }
    }
    // Listing relies on creation order (see `listing.rs`); a file edited by hand may not keep it.
    if !state.templates.is_sorted_by_key(|t| t.seq) {
        state.templates.sort_by_key(|t| t.seq);
    }
    Ok(Some(state))
}

/// Writes the state file atomically: a reader sees the old or the new state, never half.
/// The journal beside it (entries up to `journal_generation`, now in the file) goes.
pub fn save(state: &AccountState, path: &Path) -> Result<(), StateError> {
    let write_err = |source| StateError::Write {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(write_err)?;
    }
    let mut text = serde_json::to_string(state).expect("state serialises");
    text.push('\n');
    crate::atomic_file::write(path, text).map_err(write_err)?;
    match std::fs::remove_file(journal_path(path)) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(write_err(err)),
        _ => Ok(()),
    }
}

/// The journal of a state file: `STATE.journal` beside it.
pub fn journal_path(state: &Path) -> PathBuf {
    let mut name = state.file_name().unwrap_or_default().to_owned();
    name.push(".journal");
    state.with_file_name(name)
}

/// One journal line.
#[derive(Serialize, Deserialize)]
struct Entry {
    generation: u64,
    counters: Counters,
    #[serde(default)]
    upsert: Vec<StoredTemplate>,
    #[serde(default)]
    remove: Vec<String>,
}

/// The account's state besides its templates.
#[derive(Serialize, Deserialize)]
struct Counters {
    clock_offset_ms: i64,
    next_id: u64,
    next_seq: u64,
    messages_sent: u64,
    marketing_messages_sent: u64,
    name_locks: Vec<NameLock>,
    creations_ms: Vec<i64>,
    #[serde(default)]
    insights: super::state::Insights,
    /// Few and small: written whole with every entry.
    #[serde(default)]
    template_groups: Vec<super::state::StoredGroup>,
}

impl Counters {
    fn of(state: &AccountState) -> Self {
        Counters {
            clock_offset_ms: state.clock_offset_ms,
            next_id: state.next_id,
            next_seq: state.next_seq,
            messages_sent: state.messages_sent,
            marketing_messages_sent: state.marketing_messages_sent,
            name_locks: state.name_locks.clone(),
            creations_ms: state.creations_ms.clone(),
            insights: state.insights.clone(),
            template_groups: state.template_groups.clone(),
        }
    }

    fn restore(self, state: &mut AccountState) {
        state.clock_offset_ms = self.clock_offset_ms;
        state.next_id = self.next_id;
        state.next_seq = self.next_seq;
        state.messages_sent = self.messages_sent;
        state.marketing_messages_sent = self.marketing_messages_sent;
        state.name_locks = self.name_locks;
        state.creations_ms = self.creations_ms;
        state.insights = self.insights;
        state.template_groups = self.template_groups;
    }
}

/// Applies the journal's entries newer than the state file to it.
pub fn replay(state: &mut AccountState, journal: &str) {
    for line in journal.lines() {
        let Ok(entry) = serde_json::from_str::<Entry>(line) else {
            break; // a torn last line: its change was never answered
        };
        if entry.generation <= state.journal_generation {
            continue;
        }
        entry.counters.restore(state);
        state
            .templates
            .retain(|t| !entry.remove.iter().any(|id| id == t.id()));
        for template in entry.upsert {
            match state.templates.iter_mut().find(|t| t.id() == template.id()) {
                Some(stored) => *stored = template,
                None => state.templates.push(template),
            }
        }
        state.templates.sort_by_key(|t| t.seq);
        state.journal_generation = entry.generation;
    }
}

/// What one save writes.
enum Save {
    Whole(Box<AccountState>),
    Entry(String),
}

/// The last save: the change generation it covered, and its error if it failed.
#[derive(Debug, Clone, Default)]
struct Saved {
    generation: u64,
    error: Option<String>,
}

pub struct Persister {
    path: Option<PathBuf>,
    /// The generation of the last journal entry (or whole save), and the entries since the
    /// last whole save with their size.
    journal: Mutex<(u64, u64, u64)>,
    /// Bumped under the account lock by every change.
    changed: AtomicU64,
    wake: Notify,
    saved: watch::Sender<Saved>,
}

impl Persister {
    /// `journal_generation`: the last entry the loaded state includes.
    pub fn new(path: Option<PathBuf>, journal_generation: u64) -> Self {
        Persister {
            path,
            journal: Mutex::new((journal_generation, 0, 0)),
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
                // What to write is taken under the lock; writing happens without it.
                let started = std::time::Instant::now();
                let (generation, save) = {
                    let mut account = account.lock().unwrap_or_else(|e| e.into_inner());
                    let generation = self.changed.load(Ordering::SeqCst);
                    if generation <= self.saved.borrow().generation {
                        break;
                    }
                    (generation, self.next_save(&mut account))
                };
                let copied = started.elapsed();
                let target = path.clone();
                let written = tokio::task::spawn_blocking(move || write(&target, save))
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|saved| saved);
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

impl Persister {
    /// The next save: a journal entry with what changed, or the whole state when it is time
    /// to compact. Clears the record of what changed.
    fn next_save(&self, account: &mut AccountState) -> Save {
        let touched = std::mem::take(&mut account.touched);
        let mut journal = self.journal.lock().unwrap_or_else(|e| e.into_inner());
        let (last, entries, bytes) = *journal;
        let generation = last + 1;
        if entries >= COMPACT_EVERY || bytes >= COMPACT_BYTES {
            account.journal_generation = generation;
            *journal = (generation, 0, 0);
            return Save::Whole(Box::new(account.clone()));
        }
        let upsert: Vec<StoredTemplate> = touched
            .ids
            .iter()
            .filter_map(|id| account.find(id).cloned())
            .collect();
        let entry = Entry {
            generation,
            counters: Counters::of(account),
            upsert,
            remove: touched.removed.into_iter().collect(),
        };
        let mut line = serde_json::to_string(&entry).expect("an entry serialises");
        line.push('\n');
        *journal = (generation, entries + 1, bytes + line.len() as u64);
        Save::Entry(line)
    }
}

/// Writes one save: an appended, synced journal line, or the whole state.
fn write(path: &Path, pending: Save) -> Result<(), String> {
    match pending {
        Save::Whole(state) => save(&state, path).map_err(|e| error_chain(&e)),
        Save::Entry(line) => {
            let journal = journal_path(path);
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&journal)
                .and_then(|mut file| file.write_all(line.as_bytes()).map(|()| file))
                .map_err(|e| format!("cannot append to {}: {e}", journal.display()))?;
            file.flush()
                .and_then(|()| file.sync_data())
                .map_err(|e| format!("cannot sync {}: {e}", journal.display()))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn template(id: &str, seq: u64, status: &str) -> StoredTemplate {
        let fields = serde_json::json!({"id": id, "name": format!("t{id}"), "status": status});
        StoredTemplate::new(seq, fields.as_object().unwrap().clone(), 0)
    }

    fn entry(
        generation: u64,
        upsert: Vec<StoredTemplate>,
        remove: &[&str],
        next_id: u64,
    ) -> String {
        let mut state = AccountState {
            next_id,
            ..AccountState::default()
        };
        state.messages_sent = generation;
        let entry = Entry {
            generation,
            counters: Counters::of(&state),
            upsert,
            remove: remove.iter().map(|s| (*s).to_owned()).collect(),
        };
        serde_json::to_string(&entry).unwrap()
    }

    #[test]
    fn replay_applies_newer_entries_in_order_and_stops_at_a_torn_line() {
        let mut state = AccountState {
            journal_generation: 1,
            templates: vec![template("1", 1, "APPROVED"), template("2", 2, "APPROVED")],
            ..AccountState::default()
        };
        let journal = [
            // Already in the state file: skipped (its counters would go back in time).
            entry(1, vec![template("9", 9, "APPROVED")], &[], 5),
            entry(2, vec![template("3", 3, "PENDING")], &["1"], 7),
            entry(3, vec![template("3", 3, "APPROVED")], &[], 8),
            // A crash during the append: never answered, ignored with what follows.
            entry(4, vec![template("4", 4, "APPROVED")], &[], 9)[..40].to_owned(),
            entry(5, vec![template("5", 5, "APPROVED")], &[], 10),
        ]
        .join("\n");
        replay(&mut state, &journal);
        let ids: Vec<&str> = state.templates.iter().map(StoredTemplate::id).collect();
        assert_eq!(ids, ["2", "3"]);
        assert_eq!(
            state.templates[1].status(),
            crate::sandbox::status::Status::Approved
        );
        assert_eq!((state.next_id, state.messages_sent), (8, 3));
        assert_eq!(state.journal_generation, 3);
    }

    #[test]
    fn the_journal_sits_beside_the_state_file() {
        assert_eq!(
            journal_path(Path::new(".wabactl/sandbox.json")),
            Path::new(".wabactl/sandbox.json.journal")
        );
    }
}
