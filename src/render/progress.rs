//! Progress of `apply` on stderr: a bar on a terminal (lines printed above it), plain lines
//! otherwise; a spinner while waiting for review.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use crate::apply::Event;

/// A bar, a spinner, or plain lines.
#[derive(Default)]
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    colored: bool,
    last_pending: Option<usize>,
}

impl Progress {
    /// Plain lines until [`Progress::start`] or [`Progress::pending`].
    pub fn new(colored: bool) -> Self {
        Progress {
            colored,
            ..Progress::default()
        }
    }

    /// A bar for `total` changes (on a terminal).
    pub fn start(&mut self, total: usize) {
        self.finish();
        self.bar = (total > 0 && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} [{bar:30}] {pos}/{len} {msg} ({elapsed})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
    }

    /// A line on stderr, above the bar when there is one.
    pub fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => {
                let _ = writeln!(anstream::stderr(), "{text}");
            }
        }
    }

    pub fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Started { total } => {
                if let Some(bar) = &self.bar {
                    bar.set_length(*total as u64);
                }
            }
            Event::Finished(outcome) => {
                if let Some(line) = super::apply::progress_line(outcome, self.colored) {
                    self.line(&line);
                    if let Some(bar) = &self.bar {
                        bar.inc(1);
                    }
                }
            }
            Event::Waiting { until, reason } => {
                self.line(&format!("… {reason}: waiting until {until}"));
                if let Some(bar) = &self.bar {
                    bar.set_message(format!("waiting until {until}"));
                }
            }
        }
    }

    /// Waiting for review: a spinner (on a terminal) with how many are still pending.
    pub fn pending(&mut self, pending: usize) {
        if self.last_pending.is_none() && self.bar.is_none() && std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            self.bar = Some(bar);
        }
        if self.last_pending == Some(pending) {
            return;
        }
        self.last_pending = Some(pending);
        let text = format!("waiting for review: {pending} still pending");
        match &self.bar {
            Some(bar) => bar.set_message(text),
            None => self.line(&text),
        }
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
