//! Local media samples (`file:PATH` in `header_handle`): the file exists, is a type its
//! header takes (told by its bytes) and within Meta's size limit. The types and limits are
//! [`crate::template::sample::kind`]'s.

use super::Checker;
use crate::template::model::Header;
use crate::template::rule_id::RuleId;
use crate::template::sample::local::{MediaProblem, inspect};
use crate::template::sample::reference::{file_reference, resolve};

pub(super) fn check_files(ck: &mut Checker, path: &str, header: &Header) {
    let Some(handles) = header
        .example
        .as_ref()
        .and_then(|e| e.header_handle.as_ref())
    else {
        return;
    };
    for (i, handle) in handles.iter().enumerate() {
        let Some(reference) = file_reference(handle) else {
            continue;
        };
        let file = resolve(ck.source_path(), reference);
        let Err(problem) = inspect(&file, header.format) else {
            continue;
        };
        // IMAGE, VIDEO or DOCUMENT, as Meta spells them.
        let format = format!("{:?}", header.format).to_uppercase();
        let entry = format!("{path}.example.header_handle[{i}]");
        let shown = file.display();
        let (message, help) = match &problem {
            MediaProblem::Unreadable(why) => (
                format!("cannot use the sample file {shown}: {why}"),
                "put the file there (the path is relative to this template file), or fix the path"
                    .to_owned(),
            ),
            MediaProblem::UnknownType => (
                format!("{shown} is not a JPEG, PNG, MP4 or PDF file (judged by its content)"),
                format!(
                    "use a file of a type a {format} header takes: {}",
                    takes(header)
                ),
            ),
            MediaProblem::WrongType(found) => (
                format!(
                    "{shown} is {}, which a {format} header does not take",
                    found.mime()
                ),
                format!("use {}, or change `format`", takes(header)),
            ),
            MediaProblem::TooLarge { size, limit } => (
                format!(
                    "{shown} holds {size} bytes; a sample of this {format} header may hold {limit}"
                ),
                "use a smaller file (the sample only shows reviewers what will be sent)".to_owned(),
            ),
        };
        ck.report(rule_of(&problem), &entry, message, help);
    }
}

fn takes(header: &Header) -> String {
    crate::template::sample::kind::allowed(header.format)
        .iter()
        .map(|t| t.mime())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The rule a media problem is reported under.
fn rule_of(problem: &MediaProblem) -> RuleId {
    match problem {
        MediaProblem::Unreadable(_) => RuleId::MediaFile,
        MediaProblem::UnknownType | MediaProblem::WrongType(_) => RuleId::MediaType,
        MediaProblem::TooLarge { .. } => RuleId::MediaSize,
    }
}

#[cfg(test)]
mod tests {
    use crate::template::rule_id::RuleId;
    use std::sync::Arc;

    use crate::template::diagnostic::SourceFile;
    use crate::template::read::read_sources;

    fn findings(dir: &std::path::Path, format: &str, entry: &str) -> Vec<(RuleId, u32)> {
        let text = format!(
            "name: promo\nlanguage: en_US\ncategory: MARKETING\ncomponents:\n  - type: HEADER\n    format: {format}\n    example:\n      header_handle: ['{entry}']\n  - {{type: BODY, text: Fresh beans are in.}}\n"
        );
        let file = Arc::new(SourceFile {
            path: dir.join("promo.yaml"),
            text,
        });
        read_sources([file])
            .diagnostics
            .iter()
            .filter(|d| d.rule.as_str().starts_with("media-"))
            .map(|d| (d.rule, d.location.span.line))
            .collect()
    }

    #[test]
    fn files_are_checked_by_content_and_size() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("media")).unwrap();
        std::fs::write(
            dir.path().join("media/a.png"),
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        )
        .unwrap();
        // A PDF named like an image is judged by its bytes.
        std::fs::write(dir.path().join("media/b.jpg"), b"%PDF-1.4\n").unwrap();
        let mut big = b"%PDF-1.4\n".to_vec();
        big.resize(5_000_001, b' ');
        std::fs::write(dir.path().join("media/big.pdf"), &big).unwrap();
        std::fs::write(dir.path().join("media/c.txt"), b"hello").unwrap();

        assert_eq!(findings(dir.path(), "IMAGE", "file:media/a.png"), []);
        assert_eq!(
            findings(dir.path(), "IMAGE", "file:media/b.jpg"),
            [(RuleId::MediaType, 8)]
        );
        assert_eq!(
            findings(dir.path(), "DOCUMENT", "file:media/c.txt"),
            [(RuleId::MediaType, 8)]
        );
        assert_eq!(findings(dir.path(), "DOCUMENT", "file:media/big.pdf"), []);
        assert_eq!(
            findings(dir.path(), "IMAGE", "file:media/missing.png"),
            [(RuleId::MediaFile, 8)]
        );
        assert_eq!(
            findings(dir.path(), "VIDEO", "file:media"),
            [(RuleId::MediaFile, 8)]
        );
        let mut big_png = b"\x89PNG\r\n\x1a\n".to_vec();
        big_png.resize(5_000_001, 0);
        std::fs::write(dir.path().join("media/big.png"), &big_png).unwrap();
        assert_eq!(
            findings(dir.path(), "IMAGE", "file:media/big.png"),
            [(RuleId::MediaSize, 8)]
        );
    }
}
