//! Every relative link in the repository's Markdown files resolves: the file (or directory) it
//! names exists, and its `#anchor`, when it points into a Markdown file, is the slug of a
//! heading there, by GitHub's rules. Links to `http(s)://` and `mailto:` are not followed.
//!
//! Links inside fenced code blocks and code spans are not links, and are skipped.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::support::REPO;

/// Directories never searched for Markdown: build output, installed tools, version control.
const SKIPPED_DIRS: [&str; 2] = ["target", "node_modules"];

#[test]
fn every_relative_link_and_anchor_resolves() {
    let root = Path::new(REPO);
    let files = markdown_files(root);
    for expected in [
        "README.md",
        "ARCHITECTURE.md",
        "docs/ci.md",
        "benches/README.md",
    ] {
        assert!(
            files.contains(&root.join(expected)),
            "{expected} was not found among the Markdown files: {files:#?}"
        );
    }
    let mut checked = 0;
    let mut problems = Vec::new();
    for file in &files {
        let report = check_file(root, file);
        checked += report.links;
        problems.extend(report.problems);
    }
    assert!(
        problems.is_empty(),
        "broken links in the Markdown files:\n{}",
        problems.join("\n")
    );
    // The front page alone links to a dozen pages; a count this low means links went unseen.
    assert!(checked > 50, "only {checked} relative links were checked");
}

#[test]
fn a_broken_file_or_anchor_is_reported_and_a_good_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(
        root.join("docs/guide.md"),
        "# Guide\n\n## Plan and apply: the `--plan` flag\n\n## Notes\n\n## Notes\n\n\
         Setext heading\n--------------\n\n[back](../README.md#start-here)\n",
    )
    .unwrap();
    let readme = "\
# Start here

[good](docs/guide.md#plan-and-apply-the---plan-flag) and [second notes](docs/guide.md#notes-1)
[setext](docs/guide.md#setext-heading), [self](#start-here), [folder](docs/)
![picture](docs/missing.png)
[no such page](docs/nowhere.md)
[no such heading](docs/guide.md#notes-2)
[no such anchor here](#start)
[web](https://example.com/#anything) [mail](mailto:someone@example.com)
A `[code span](docs/ignored.md)` is not a link.

```text
[fenced](docs/also-ignored.md)
```

[ref]: docs/guide.md#guide
[bad ref]: docs/gone.md
";
    std::fs::write(root.join("README.md"), readme).unwrap();

    let report = check_file(root, &root.join("README.md"));
    assert_eq!(
        report.problems,
        [
            "README.md:5: `docs/missing.png`: no such file or directory",
            "README.md:6: `docs/nowhere.md`: no such file or directory",
            "README.md:7: `docs/guide.md#notes-2`: no heading of docs/guide.md has the slug `notes-2`",
            "README.md:8: `#start`: no heading of README.md has the slug `start`",
            "README.md:17: `docs/gone.md`: no such file or directory",
        ],
    );
    // good, second notes, setext, self, folder, the four broken inline ones, two references.
    assert_eq!(report.links, 11);
    assert!(
        check_file(root, &root.join("docs/guide.md"))
            .problems
            .is_empty()
    );
}

#[test]
fn slugs_follow_github() {
    let slugs = anchors(
        "# In CI: plan, apply\n## `validate` on 6,000 documents (2026-11-25)\n\
         ## Accounts in `wabactl.yaml`\n## In CI: plan, apply\n## In CI: plan, apply\n\
         ### Why serde-saphyr and not serde_yaml\n## Ação rápida\n## [Linked](x.md) *bold*\n",
    );
    let expected = [
        "in-ci-plan-apply",
        "validate-on-6000-documents-2026-11-25",
        "accounts-in-wabactlyaml",
        "in-ci-plan-apply-1",
        "in-ci-plan-apply-2",
        "why-serde-saphyr-and-not-serde_yaml",
        "ação-rápida",
        "linked-bold",
    ];
    assert_eq!(slugs, expected.iter().map(|s| s.to_string()).collect());
}

struct Report {
    links: usize,
    problems: Vec<String>,
}

/// The Markdown files under `root`, leaving out hidden directories and build output.
fn markdown_files(root: &Path) -> BTreeSet<PathBuf> {
    let mut found = BTreeSet::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                if !name.starts_with('.') && !SKIPPED_DIRS.contains(&name.as_str()) {
                    dirs.push(entry.path());
                }
            } else if kind.is_file() && name.ends_with(".md") {
                found.insert(entry.path());
            }
        }
    }
    found
}

fn check_file(root: &Path, file: &Path) -> Report {
    let text = std::fs::read_to_string(file).unwrap();
    let shown = file
        .strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string();
    let mut report = Report {
        links: 0,
        problems: Vec::new(),
    };
    for (line, destination) in links(&text) {
        if is_external(&destination) {
            continue;
        }
        report.links += 1;
        if let Err(problem) = resolve(root, file, &text, &destination) {
            report
                .problems
                .push(format!("{shown}:{line}: `{destination}`: {problem}"));
        }
    }
    report
}

fn is_external(destination: &str) -> bool {
    let lower = destination.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

/// Whether `destination`, written in `file` (whose text is `text`), names something that exists.
fn resolve(root: &Path, file: &Path, text: &str, destination: &str) -> Result<(), String> {
    let (path, anchor) = match destination.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (destination, None),
    };
    let target = if path.is_empty() {
        file.to_path_buf()
    } else {
        let joined = file.parent().unwrap().join(percent_decode(path));
        let target = normalize(&joined).ok_or("it leads out of the repository")?;
        if !target.starts_with(root) {
            return Err("it leads out of the repository".into());
        }
        if !target.exists() {
            return Err("no such file or directory".into());
        }
        target
    };
    let Some(anchor) = anchor else { return Ok(()) };
    // Only Markdown files have headings to check; GitHub's line anchors on source files
    // (`#L10`) are left alone.
    if target.extension().is_none_or(|ext| ext != "md") {
        return Ok(());
    }
    let target_text = if target == file {
        text.to_owned()
    } else {
        std::fs::read_to_string(&target).map_err(|e| format!("cannot read it: {e}"))?
    };
    let anchor = percent_decode(anchor).to_lowercase();
    if anchors(&target_text).contains(&anchor) {
        Ok(())
    } else {
        let shown = target.strip_prefix(root).unwrap_or(&target).display();
        Err(format!("no heading of {shown} has the slug `{anchor}`"))
    }
}

/// `a/b/../c` → `a/c`, without touching the file system; `None` if it climbs above the root.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The lines of `text` outside fenced code blocks, with their line numbers (from 1); fenced
/// lines come back empty so paragraphs stay apart.
fn prose_lines(text: &str) -> Vec<(usize, String)> {
    let mut fence: Option<(char, usize)> = None;
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = marker.map_or(0, |c| trimmed.chars().take_while(|x| *x == c).count());
        match (fence, marker) {
            (None, Some(c)) if indent <= 3 && run >= 3 => {
                fence = Some((c, run));
                out.push((index + 1, String::new()));
            }
            (Some((c, open)), Some(m))
                if m == c && run >= open && trimmed[run..].trim().is_empty() =>
            {
                fence = None;
                out.push((index + 1, String::new()));
            }
            (Some(_), _) => out.push((index + 1, String::new())),
            (None, _) => out.push((index + 1, line.to_owned())),
        }
    }
    out
}

/// Code spans replaced by spaces (same length, so columns and line breaks stay), paragraph by
/// paragraph: a code span may wrap onto the next line but never crosses a blank line.
fn without_code_spans(lines: &[(usize, String)]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut paragraph: Vec<(usize, String)> = Vec::new();
    let flush = |paragraph: &mut Vec<(usize, String)>, out: &mut Vec<(usize, String)>| {
        let joined: String = paragraph
            .iter()
            .map(|(_, l)| l.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let blanked = blank_code_spans(&joined);
        for ((number, _), line) in paragraph.iter().zip(blanked.split('\n')) {
            out.push((*number, line.to_owned()));
        }
        paragraph.clear();
    };
    for (number, line) in lines {
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut out);
            out.push((*number, String::new()));
        } else {
            paragraph.push((*number, line.clone()));
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

fn blank_code_spans(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' {
            i += 2;
            continue;
        }
        if chars[i] != '`' {
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|c| **c == '`').count();
        // The closing run has exactly the same length.
        let mut j = i + run;
        let mut close = None;
        while j < chars.len() {
            if chars[j] == '`' {
                let len = chars[j..].iter().take_while(|c| **c == '`').count();
                if len == run {
                    close = Some(j);
                    break;
                }
                j += len;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                for c in &mut out[i..end + run] {
                    if *c != '\n' {
                        *c = ' ';
                    }
                }
                i = end + run;
            }
            None => i += run,
        }
    }
    out.into_iter().collect()
}

/// Every link destination of the document, with its line: inline links and images
/// (`[text](dest)`, `![alt](dest "title")`) and reference definitions (`[label]: dest`).
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (number, line) in without_code_spans(&prose_lines(text)) {
        if let Some(destination) = reference_definition(&line) {
            out.push((number, destination));
            continue;
        }
        let mut rest = line.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let (destination, used) = inline_destination(after);
            if !destination.is_empty() {
                out.push((number, destination));
            }
            rest = &after[used..];
        }
    }
    out
}

/// `[label]: destination "title"` at the start of a line (up to three spaces in).
fn reference_definition(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 || !trimmed.starts_with('[') || trimmed.starts_with("[^") {
        return None;
    }
    let close = trimmed.find("]:")?;
    let destination = trimmed[close + 2..].split_whitespace().next()?;
    Some(
        destination
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_owned(),
    )
}

/// The destination that starts `text` (just after `](`), and how many bytes the link used.
fn inline_destination(text: &str) -> (String, usize) {
    let trimmed = text.trim_start();
    let skipped = text.len() - trimmed.len();
    if let Some(inner) = trimmed.strip_prefix('<') {
        let end = inner.find('>').unwrap_or(inner.len());
        return (inner[..end].to_owned(), skipped + 1 + end);
    }
    // Up to whitespace or the `)` that balances: destinations may hold parentheses in pairs.
    let mut depth = 0;
    for (i, c) in trimmed.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return (trimmed[..i].to_owned(), skipped + i),
            ')' => depth -= 1,
            c if c.is_whitespace() => return (trimmed[..i].to_owned(), skipped + i),
            _ => {}
        }
    }
    (trimmed.to_owned(), text.len())
}

/// The anchors of a document: each heading's slug as GitHub makes it (a repeated slug gets
/// `-1`, `-2`, ...), and the `id`/`name` of HTML anchors.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut out = BTreeSet::new();
    let lines = prose_lines(text);
    for (index, (_, line)) in lines.iter().enumerate() {
        for attribute in ["id=\"", "name=\""] {
            let mut rest = line.as_str();
            while let Some(at) = rest.find(attribute) {
                let value = &rest[at + attribute.len()..];
                let end = value.find('"').unwrap_or(value.len());
                out.insert(value[..end].to_owned());
                rest = &value[end..];
            }
        }
        let Some(heading) = heading_text(line, lines.get(index + 1).map(|(_, l)| l.as_str()))
        else {
            continue;
        };
        let base = slug(&heading);
        let mut candidate = base.clone();
        let mut n = 0;
        while seen.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        seen.insert(candidate.clone());
        out.insert(candidate);
    }
    out
}

/// The text of a heading on this line: an ATX heading (`## Text`), or a setext heading (this
/// line underlined with `===` or `---` on the next).
fn heading_text(line: &str, next: Option<&str>) -> Option<String> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() <= 3 && trimmed.starts_with('#') {
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        let rest = &trimmed[hashes..];
        if hashes <= 6 && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
            let text = rest.trim().trim_end_matches('#').trim_end();
            return Some(text.to_owned());
        }
        return None;
    }
    let underline = next?.trim();
    let is_underline = !underline.is_empty()
        && (underline.chars().all(|c| c == '=') || underline.chars().all(|c| c == '-'));
    let is_paragraph = !trimmed.is_empty()
        && !trimmed.starts_with(['|', '-', '*', '>'])
        && line.len() - trimmed.len() <= 3;
    (is_underline && is_paragraph).then(|| trimmed.trim_end().to_owned())
}

/// GitHub's heading slug: the rendered text (a link's text, no markup), lowercased, every
/// character that is not a letter, mark, digit, space, `-` or `_` dropped, spaces made `-`.
fn slug(heading: &str) -> String {
    rendered_text(heading)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_') || is_mark(*c))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Combining marks (accents written as a separate code point) stay in a slug.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// A heading's text as rendered: `[text](dest)` becomes `text`, HTML tags go.
fn rendered_text(heading: &str) -> String {
    let mut out = String::new();
    let mut rest = heading;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            rest = &rest[end + 1..];
            continue;
        }
        if c == ']'
            && rest[1..].starts_with('(')
            && let Some(end) = rest.find(')')
        {
            rest = &rest[end + 1..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}
