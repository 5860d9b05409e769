//! How a failed run is told: usage errors, and an error with its causes (findings and project
//! file problems shown as `validate` shows them).

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use super::Exit;
use super::terminal::findings_colored;
use crate::ops::plan::Unreadable;

/// Help and version go to stdout with success; a usage error (an unknown flag, a typo) exits 1,
/// never 2, which `plan --exit-code` reserves for "there are changes".
pub(super) fn usage_error(err: clap::Error) -> ExitCode {
    let _ = err.print();
    if err.use_stderr() {
        ExitCode::from(Exit::Error as u8)
    } else {
        ExitCode::SUCCESS
    }
}

pub(super) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints an error and its causes on stderr: what happened, then why. Findings in the files
/// that stopped a plan come first, as `validate` shows them.
pub(super) fn report_error(err: &anyhow::Error) {
    let mut stderr = anstream::stderr().lock();
    if let Some(unreadable) = err.downcast_ref::<Unreadable>() {
        let report = crate::render::diagnostics::Findings {
            files: unreadable.files,
            templates: unreadable.templates,
            diagnostics: &unreadable.diagnostics,
            not_shown: crate::template::diagnostic::Tally {
                errors: unreadable
                    .count
                    .saturating_sub(unreadable.diagnostics.len()),
                warnings: 0,
            },
        };
        let _ = crate::render::diagnostics::human(&report, findings_colored(), &mut stderr);
    }
    let style = anstyle::AnsiColor::Red.on_default().bold();
    let cwd = std::env::current_dir().unwrap_or_default();
    if let Some(config) = project_file_error(err)
        && let Some(diagnostic) = crate::settings::config_diagnostic(config, &cwd)
    {
        let report = crate::render::diagnostics::Findings {
            files: 1,
            templates: 0,
            diagnostics: std::slice::from_ref(&diagnostic),
            not_shown: Default::default(),
        };
        let _ = crate::render::diagnostics::human(&report, findings_colored(), &mut stderr);
        let _ = writeln!(
            stderr,
            "{style}error{style:#}: {} is not a valid project file: fix it as shown above; \
             nothing was done",
            diagnostic.location.file.path.display()
        );
        return;
    }
    let _ = writeln!(stderr, "{style}error{style:#}: {err}");
    for cause in err.chain().skip(1) {
        let _ = writeln!(stderr, "  caused by: {cause}");
    }
}

/// The project file problem behind `err`, if that is what it is.
fn project_file_error(err: &anyhow::Error) -> Option<&crate::config::ConfigError> {
    use crate::settings::AccountError;
    err.chain().find_map(|cause| {
        let account = cause
            .downcast_ref::<AccountError>()
            .or_else(|| cause.downcast_ref::<Arc<AccountError>>().map(Arc::as_ref));
        match account {
            Some(AccountError::InProjectFile(config)) => Some(config),
            _ => cause.downcast_ref::<crate::config::ConfigError>(),
        }
    })
}
