//! Progress of `apply` on stderr, in one of three modes chosen once from where stderr goes:
//!
//! * stderr is a terminal: a bar (count, the last change, elapsed time) and no per-change
//!   lines: the report that follows on stdout lists every change, so nothing is said twice.
//!   Notices (waiting for the quota, a signal) print above the bar.
//! * stderr is not a terminal and is a different file from stdout (a CI step that keeps the
//!   two apart, `2> progress.log`): one line per finished change, as it finishes.
//! * stderr is the same file as stdout (`2>&1`, most CI logs): no per-change lines, since the
//!   report on stdout lists each change once; notices still print as they happen.
//!
//! While waiting for review: a labelled spinner on a terminal (pending count, time left),
//! else a line whenever the pending count changes.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use crate::apply::Event;
use crate::graph::error::human_duration;

/// How progress is shown (see the module's header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    Bar,
    #[default]
    Lines,
    Quiet,
}

impl Mode {
    /// The mode for this process's stderr and stdout.
    pub fn detect() -> Self {
        if std::io::stderr().is_terminal() {
            Mode::Bar
        } else if stderr_is_stdout() {
            Mode::Quiet
        } else {
            Mode::Lines
        }
    }
}

/// Whether stdout and stderr are one and the same file (merged with `2>&1`).
fn stderr_is_stdout() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let id = |fd: &str| std::fs::metadata(fd).ok().map(|m| (m.dev(), m.ino()));
        matches!((id("/dev/fd/1"), id("/dev/fd/2")), (Some(a), Some(b)) if a == b)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// A bar, a spinner, or plain lines.
#[derive(Default)]
pub struct Progress {
    mode: Mode,
    bar: Option<indicatif::ProgressBar>,
    colored: bool,
    last_pending: Option<usize>,
}

impl Progress {
    pub fn new(colored: bool) -> Self {
        Progress {
            mode: Mode::detect(),
            colored,
            ..Progress::default()
        }
    }

    /// A bar for `total` changes (on a terminal).
    pub fn start(&mut self, total: usize) {
        self.finish();
        self.bar = (total > 0 && self.mode == Mode::Bar).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            // The last finished change's line takes what the terminal has left and is cut to
            // it: the bar never wraps, at 80 columns or fewer.
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} [{bar:20}] {pos}/{len} ({elapsed}) {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
    }

    /// A notice on stderr, above the bar when there is one; printed in every mode.
    pub fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => {
                let _ = writeln!(anstream::stderr(), "{text}");
            }
        }
    }

    /// A notice that ends the bar (a stop signal received): the bar is cleared before it, so
    /// no stale bar stays above the notice, and the changes still finishing are listed as
    /// lines below it.
    pub fn notice(&mut self, text: &str) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
            self.mode = Mode::Lines;
        }
        self.line(text);
    }

    pub fn event(&mut self, event: &Event<'_>) {
        self.event_of(None, event);
    }

    /// An event of one of several accounts: its lines are named after the account.
    pub fn event_of(&mut self, account: Option<&str>, event: &Event<'_>) {
        let named = |line: String| match account {
            Some(account) => format!("{account}: {line}"),
            None => line,
        };
        match event {
            Event::Started { total } => {
                if let Some(bar) = &self.bar {
                    bar.set_length(*total as u64);
                }
            }
            Event::Finished(outcome) => {
                let Some(line) = super::apply::progress_line(outcome, self.colored).map(named)
                else {
                    return;
                };
                match (&self.bar, self.mode) {
                    (Some(bar), _) => {
                        bar.set_message(line);
                        bar.inc(1);
                    }
                    (None, Mode::Lines) => self.line(&line),
                    (None, _) => {}
                }
            }
            Event::Waiting { until, reason } => {
                self.line(&named(format!("… {reason}: waiting until {until}")));
                if let Some(bar) = &self.bar {
                    bar.set_message(format!("waiting until {until}"));
                }
            }
        }
    }

    /// Waiting for review: `pending` templates undecided, `left` until the timeout.
    pub fn pending(&mut self, pending: usize, left: Duration) {
        let text = pending_text(pending, left);
        if self.mode == Mode::Bar {
            let bar = self.bar.get_or_insert_with(|| {
                let spinner = indicatif::ProgressBar::with_draw_target(
                    None,
                    indicatif::ProgressDrawTarget::stderr(),
                );
                let style = indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
                spinner.set_style(style);
                spinner.enable_steady_tick(Duration::from_millis(120));
                spinner
            });
            bar.set_message(text);
        } else if self.last_pending != Some(pending) {
            self.line(&text);
        }
        self.last_pending = Some(pending);
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// `waiting for review: 2 pending, 29 min left`.
pub fn pending_text(pending: usize, left: Duration) -> String {
    format!(
        "waiting for review: {pending} pending, {} left",
        human_duration(Duration::from_secs(left.as_secs()))
    )
}
