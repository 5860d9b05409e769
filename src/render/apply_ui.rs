//! `apply` on a terminal or in a CI log: the plan on stdout (stderr with `--format json`,
//! which keeps stdout for the report), the quota forecast and the question on stderr, and the
//! progress (see [`super::progress`] for which lines print where).

use std::io::Write;
use std::time::Duration;

use anstyle::AnsiColor;

use super::paint::Paint;
use super::progress::Progress;
use crate::apply::Event;
use crate::apply::forecast::QuotaForecast;
use crate::ops::apply::ApplyUi;
use crate::reconcile::Plan;
use crate::reconcile::plan_set::PlanSet;

/// The person (or log) `apply` talks to.
pub struct TerminalUi<'a> {
    pub json: bool,
    pub verbose: bool,
    pub progress: Progress,
    /// Asks the question and reads the answer.
    pub ask: &'a mut dyn FnMut(&str) -> anyhow::Result<bool>,
}

fn colored<S: anstream::stream::RawStream>(stream: &S) -> bool {
    anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never
}

fn write_all(out: &mut dyn Write, text: &str) -> anyhow::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

impl TerminalUi<'_> {
    /// A plan as `render` writes it: on stdout, or on stderr with `--format json` (which
    /// keeps stdout for the report).
    fn show(
        &self,
        render: impl FnOnce(super::plan::human::Options) -> String,
    ) -> anyhow::Result<()> {
        let on_stderr = self.json;
        let options = super::plan::human::Options {
            colored: if on_stderr {
                colored(&std::io::stderr())
            } else {
                colored(&std::io::stdout())
            },
            verbose: self.verbose,
            width: if on_stderr {
                None
            } else {
                super::wrap::stdout_width()
            },
        };
        let text = render(options);
        if on_stderr {
            write_all(&mut anstream::stderr().lock(), &text)
        } else {
            write_all(&mut anstream::stdout().lock(), &text)
        }
    }
}

impl ApplyUi for TerminalUi<'_> {
    fn show_plan(&mut self, plan: &Plan) -> anyhow::Result<()> {
        self.show(|options| super::plan::human::render(plan, options))
    }

    fn show_plans(&mut self, plans: &PlanSet) -> anyhow::Result<()> {
        self.show(|options| super::plan::set::human(plans, options))
    }

    fn quota_forecast(&mut self, forecast: &QuotaForecast) {
        let paint = Paint(colored(&std::io::stderr()));
        self.progress.line(&format!(
            "\n{} {}",
            paint.style(AnsiColor::Yellow.on_default().bold(), "quota:"),
            forecast.message()
        ));
    }

    fn confirm(&mut self) -> anyhow::Result<bool> {
        (self.ask)("\nApply these changes?")
    }

    fn start(&mut self, total: usize) {
        self.progress.start(total);
    }

    fn event(&mut self, event: &Event<'_>) {
        self.progress.event(event);
    }

    fn account_event(&mut self, account: &str, event: &Event<'_>) {
        self.progress.event_of(Some(account), event);
    }

    fn notice(&mut self, text: &str) {
        self.progress.notice(text);
    }

    fn review_pending(&mut self, pending: usize, left: Duration) {
        self.progress.pending(pending, left);
    }

    fn finish(&mut self) {
        self.progress.finish();
    }
}
