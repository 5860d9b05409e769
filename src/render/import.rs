//! What `import` says: the files written (stdout), notes, and what could not be imported.

use std::fmt::Write;

use crate::ops::import::Imported;
use crate::plural::plural;
use crate::reconcile::placeholder::APP_PLACEHOLDER_PACKAGE;

/// The report on stdout.
pub fn human(imported: &Imported) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Account {}\n", imported.account);
    for (path, existed, file) in &imported.written {
        let verb = if *existed { "overwrote" } else { "wrote" };
        let _ = writeln!(
            out,
            "{verb} {} ({})",
            path.display(),
            file.languages.join(", ")
        );
        for warning in &file.warnings {
            let _ = writeln!(out, "    {warning}");
        }
        if !file.dropped.is_empty() {
            let _ = writeln!(
                out,
                "    left out keys Meta returned that template files do not hold: {}",
                file.dropped.join(", ")
            );
        }
    }
    notes(&mut out, imported);
    out.push_str(&crate::render::import_groups::text(&imported.groups));
    let written: usize = imported
        .written
        .iter()
        .map(|(_, _, f)| f.languages.len())
        .sum();
    let mut summary = if written == 0 {
        "Nothing to import".to_owned()
    } else {
        format!(
            "Imported {} into {} under {}",
            plural(written, "template", "templates"),
            plural(imported.written.len(), "file", "files"),
            imported.dir.display()
        )
    };
    if imported.already > 0 {
        let _ = write!(
            summary,
            "; {} already declared in the files (left alone)",
            imported.already
        );
    }
    if !imported.unimportable.is_empty() {
        let _ = write!(
            summary,
            "; {} could not be imported",
            imported.unimportable.len()
        );
    }
    if imported.written.is_empty() {
        let _ = writeln!(out, "{summary}.");
    } else {
        let _ = writeln!(out, "\n{summary}.");
    }
    if written > 0 {
        let _ = writeln!(
            out,
            "Next: `wabactl plan` should show no change; then commit {}.",
            imported.dir.display()
        );
    }
    out
}

fn notes(out: &mut String, imported: &Imported) {
    for path in &imported.media_written {
        let _ = writeln!(out, "\nwrote media sample {}", path.display());
    }
    for failure in &imported.media_failed {
        let _ = writeln!(
            out,
            "\nwarning: the media sample of {failure}; it stays the account's URL"
        );
    }
    let media: usize = imported
        .written
        .iter()
        .map(|(_, _, f)| f.media_urls.len())
        .sum();
    if media > 0 {
        note(
            out,
            &format!(
                "{} a media header whose sample came back from Meta as a URL (its copy of the \
                 file). `plan` does not compare samples, so the files are in sync; but an edit \
                 of such a header needs a new upload handle (4::...) from the Resumable Upload \
                 API in `header_handle`. `validate` warns about these URLs \
                 (header-handle-format).",
                plural(media, "template has", "templates have")
            ),
        );
    }
    let placeholders: Vec<String> = imported
        .written
        .iter()
        .flat_map(|(_, _, f)| {
            f.app_placeholders
                .iter()
                .map(move |language| format!("{} ({language})", f.name))
        })
        .collect();
    if !placeholders.is_empty() {
        note(
            out,
            &format!(
                "Meta does not return the Android apps of one-tap and zero-tap buttons, so \
                 `supported_apps` of {} holds the placeholder `{APP_PLACEHOLDER_PACKAGE}`. \
                 `plan` shows them in sync as they are; put the real package_name and \
                 signature_hash there before changing them (plan blocks a change that would \
                 send the placeholder).",
                placeholders.join(", "),
            ),
        );
    }
    if let Some((schema, command)) = &imported.missing_schema {
        note(
            out,
            &format!(
                "the files point YAML editors at {schema}, which does not exist yet: \
                 `{command}` writes it."
            ),
        );
    }
}

/// A `note:` after a blank line, wrapped to the terminal's width.
fn note(out: &mut String, text: &str) {
    out.push('\n');
    out.push_str(&super::wrap::labelled(
        "",
        "note: ",
        text,
        super::wrap::stdout_width(),
    ));
}

/// The templates that could not be imported (stderr), and the error that ends the run; `None`
/// when every template was imported.
pub fn not_imported(imported: &Imported) -> Option<(String, String)> {
    let n = imported.unimportable.len();
    if n == 0 {
        return None;
    }
    let mut list = "\nNot imported:\n".to_owned();
    for failure in &imported.unimportable {
        let _ = writeln!(
            list,
            "    {} ({}): {}",
            failure.name, failure.language, failure.reason
        );
    }
    let written: usize = imported
        .written
        .iter()
        .map(|(_, _, f)| f.languages.len())
        .sum();
    let error = format!(
        "{} could not be imported (listed above; {} written): {} on the account, unmanaged, and \
         `plan` leaves {} alone",
        plural(n, "template", "templates"),
        if written == 0 {
            "nothing else was".to_owned()
        } else {
            format!("the other {written} were")
        },
        if n == 1 { "it stays" } else { "they stay" },
        if n == 1 { "it" } else { "them" },
    );
    Some((list, error))
}
