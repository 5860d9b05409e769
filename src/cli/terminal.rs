//! The process and its terminal: colour, logging, signals the process ignores, questions and
//! writes.

use std::io::Write;

use anyhow::Context;

/// When to use colour (`--color`).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A write past the file-size limit (`ulimit -f`) would kill the process by SIGXFSZ, with no
/// message and a temporary file left behind; ignored, the write fails with EFBIG instead and
/// `atomic_file` reports it and cleans up.
pub(super) fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN before any thread starts; no handler
    // runs our code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

pub(super) fn apply_color_choice(choice: ColorChoice) {
    let choice = match choice {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
}

pub(super) fn init_logging(verbose: u8) {
    use std::io::IsTerminal;
    let level = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("WABACTL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("wabactl={level}")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .try_init();
}

/// Whether quoted findings get colour: not `--color never`, no `NO_COLOR`, and standard output
/// a terminal (whichever stream they go to).
pub(super) fn findings_colored() -> bool {
    anstream::ColorChoice::global() != anstream::ColorChoice::Never
        && std::env::var_os("NO_COLOR").is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
}

/// Whether `stream` gets colour (the `--color` choice, `NO_COLOR`, a terminal).
pub(super) fn colored<S: anstream::stream::RawStream>(stream: &S) -> bool {
    anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never
}

/// Asks `question` on stderr and reads the answer: yes only for `y` or `yes`.
pub(super) fn ask_yes_no(question: &str) -> anyhow::Result<bool> {
    use std::io::BufRead;
    let mut stderr = anstream::stderr().lock();
    write!(stderr, "{question} [y/N] ")?;
    stderr.flush()?;
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("cannot read the answer")?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// Writes all of `text` and flushes.
pub(super) fn write_all(out: &mut dyn Write, text: &str) -> anyhow::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
