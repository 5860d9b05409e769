//! Message text as WhatsApp shows it: example values put in for the variables (still marked),
//! `*bold*`, `_italic_`, `~strike~`, ```` ```mono``` ````, `` `code` ``, and lines that start a
//! quote (`> `), a bullet (`* `, `- `) or a numbered item (`1. `).

use crate::template::variables::{Var, scan};

/// A run of text in one style; `var` names the variable whose value it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub style: Style,
    /// `{{1}}` or `{{first_name}}` when the text stands for a variable; `missing` when the
    /// template gives no example for it (the text is then the placeholder itself).
    pub var: Option<VarMark>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarMark {
    pub placeholder: String,
    pub missing: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    /// ```` ```mono``` ```` or `` `inline code` ``.
    pub mono: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Quote,
    Bullet,
    Numbered(u32),
}

/// One line of the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub spans: Vec<Span>,
}

/// Text laid out in lines.
pub type Rich = Vec<Block>;

/// The plain text of some spans (what a customer reads, without styling).
pub fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// The plain text of a whole message part, lines joined by `\n`.
pub fn plain_text(rich: &Rich) -> String {
    rich.iter()
        .map(|b| plain(&b.spans))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Looks up the example value of a variable.
pub trait Examples {
    fn value(&self, var: &Var) -> Option<String>;
}

impl<F: Fn(&Var) -> Option<String>> Examples for F {
    fn value(&self, var: &Var) -> Option<String> {
        self(var)
    }
}

/// One character of text, or a variable's value (never parsed for formatting: it is data).
#[derive(Debug, Clone)]
enum Atom {
    Char(char),
    Var(String, VarMark),
}

impl Atom {
    fn is(&self, c: char) -> bool {
        matches!(self, Atom::Char(x) if *x == c)
    }
    fn is_space(&self) -> bool {
        matches!(self, Atom::Char(c) if c.is_whitespace())
    }
    fn is_word(&self) -> bool {
        matches!(self, Atom::Char(c) if c.is_alphanumeric()) || matches!(self, Atom::Var(..))
    }
}

/// `text` laid out, with formatting, the examples put in and unknown placeholders kept.
pub fn layout(text: &str, examples: &dyn Examples) -> Rich {
    let atoms = atoms(text, examples);
    atoms
        .split(|a| a.is('\n'))
        .map(|line| {
            let (kind, rest) = block_kind(line);
            Block {
                kind,
                spans: inline(rest, Style::default()),
            }
        })
        .collect()
}

/// Plain text (footers, labels): examples put in, no formatting.
pub fn substitute(text: &str, examples: &dyn Examples) -> Vec<Span> {
    let mut spans = Vec::new();
    for atom in atoms(text, examples) {
        push(&mut spans, atom, Style::default());
    }
    spans
}

fn atoms(text: &str, examples: &dyn Examples) -> Vec<Atom> {
    let mut out = Vec::with_capacity(text.len());
    let mut from = 0;
    for placeholder in scan(text).0 {
        out.extend(text[from..placeholder.start].chars().map(Atom::Char));
        let raw = &text[placeholder.start..placeholder.end];
        match placeholder.var {
            Some(var) => {
                let value = examples.value(&var);
                let mark = VarMark {
                    placeholder: var.to_string(),
                    missing: value.is_none(),
                };
                out.push(Atom::Var(value.unwrap_or_else(|| raw.to_owned()), mark));
            }
            None => out.extend(raw.chars().map(Atom::Char)),
        }
        from = placeholder.end;
    }
    out.extend(text[from..].chars().map(Atom::Char));
    out
}

fn block_kind(line: &[Atom]) -> (BlockKind, &[Atom]) {
    let starts = |prefix: &str| {
        line.len() >= prefix.chars().count() && prefix.chars().zip(line).all(|(c, a)| a.is(c))
    };
    if starts("> ") {
        return (BlockKind::Quote, &line[2..]);
    }
    if starts("* ") || starts("- ") {
        return (BlockKind::Bullet, &line[2..]);
    }
    let digits = line
        .iter()
        .take_while(|a| matches!(a, Atom::Char(c) if c.is_ascii_digit()))
        .count();
    if (1..=3).contains(&digits)
        && line.get(digits).is_some_and(|a| a.is('.'))
        && line.get(digits + 1).is_some_and(|a| a.is(' '))
    {
        let number: String = line[..digits]
            .iter()
            .filter_map(|a| match a {
                Atom::Char(c) => Some(*c),
                Atom::Var(..) => None,
            })
            .collect();
        if let Ok(n) = number.parse() {
            return (BlockKind::Numbered(n), &line[digits + 2..]);
        }
    }
    (BlockKind::Paragraph, line)
}

/// WhatsApp's inline markers: a marker opens before a non-space and closes after one, and is
/// not inside a word on the outer side (`2*3*4` stays as written).
fn inline(atoms: &[Atom], style: Style) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < atoms.len() {
        if atoms[i].is('`')
            && atoms.get(i + 1).is_some_and(|a| a.is('`'))
            && atoms.get(i + 2).is_some_and(|a| a.is('`'))
            && let Some(close) = find_triple(atoms, i + 3)
        {
            let mono = Style {
                mono: true,
                ..style
            };
            for atom in &atoms[i + 3..close] {
                push(&mut spans, atom.clone(), mono);
            }
            i = close + 3;
            continue;
        }
        if let Atom::Char(marker @ ('*' | '_' | '~' | '`')) = atoms[i]
            && let Some(close) = closing(atoms, i, marker)
        {
            let inner = &atoms[i + 1..close];
            let styled = match marker {
                '*' => Style {
                    bold: true,
                    ..style
                },
                '_' => Style {
                    italic: true,
                    ..style
                },
                '~' => Style {
                    strike: true,
                    ..style
                },
                _ => Style {
                    mono: true,
                    ..style
                },
            };
            if marker == '`' {
                for atom in inner {
                    push(&mut spans, atom.clone(), styled);
                }
            } else {
                for span in inline(inner, styled) {
                    push_span(&mut spans, span);
                }
            }
            i = close + 1;
            continue;
        }
        push(&mut spans, atoms[i].clone(), style);
        i += 1;
    }
    spans
}

fn find_triple(atoms: &[Atom], from: usize) -> Option<usize> {
    (from..atoms.len().saturating_sub(2))
        .find(|&j| atoms[j].is('`') && atoms[j + 1].is('`') && atoms[j + 2].is('`'))
}

fn closing(atoms: &[Atom], open: usize, marker: char) -> Option<usize> {
    if open > 0 && atoms[open - 1].is_word() {
        return None;
    }
    let first = atoms.get(open + 1)?;
    if first.is_space() || first.is(marker) {
        return None;
    }
    (open + 1..atoms.len()).find(|&j| {
        j > open + 1
            && atoms[j].is(marker)
            && !atoms[j - 1].is_space()
            && atoms.get(j + 1).is_none_or(|next| !next.is_word())
    })
}

fn push(spans: &mut Vec<Span>, atom: Atom, style: Style) {
    match atom {
        Atom::Char(c) => match spans.last_mut() {
            Some(last) if last.style == style && last.var.is_none() => last.text.push(c),
            _ => spans.push(Span {
                text: c.to_string(),
                style,
                var: None,
            }),
        },
        Atom::Var(text, mark) => spans.push(Span {
            text,
            style,
            var: Some(mark),
        }),
    }
}

fn push_span(spans: &mut Vec<Span>, span: Span) {
    match spans.last_mut() {
        Some(last) if last.style == span.style && last.var.is_none() && span.var.is_none() => {
            last.text.push_str(&span.text)
        }
        _ => spans.push(span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positional(values: &'static [&'static str]) -> impl Fn(&Var) -> Option<String> {
        move |var| match var {
            Var::Positional(n) => values.get(*n as usize - 1).map(|v| (*v).to_owned()),
            Var::Named(_) => None,
        }
    }

    #[test]
    fn examples_are_put_in_and_stay_marked() {
        let rich = layout("Order {{1}} ships {{2}}", &positional(&["#88", "today"]));
        assert_eq!(plain_text(&rich), "Order #88 ships today");
        let vars: Vec<_> = rich[0].spans.iter().filter_map(|s| s.var.clone()).collect();
        assert_eq!(vars.len(), 2);
        assert_eq!(vars[0].placeholder, "{{1}}");
        assert!(!vars[0].missing);
    }

    #[test]
    fn a_variable_without_example_shows_its_placeholder() {
        let rich = layout("Hi {{1}} and {{2}}", &positional(&["Ana"]));
        assert_eq!(plain_text(&rich), "Hi Ana and {{2}}");
        assert!(rich[0].spans.last().unwrap().var.as_ref().unwrap().missing);
    }

    #[test]
    fn formatting_markers_become_styles() {
        let rich = layout(
            "*Bold* _it_ ~gone~ ```mono``` `code` 2*3*4",
            &positional(&[]),
        );
        let spans = &rich[0].spans;
        assert_eq!(plain(spans), "Bold it gone mono code 2*3*4");
        assert!(spans[0].style.bold && spans[0].text == "Bold");
        assert!(spans.iter().any(|s| s.style.italic && s.text == "it"));
        assert!(spans.iter().any(|s| s.style.strike && s.text == "gone"));
        assert!(spans.iter().any(|s| s.style.mono && s.text == "mono"));
        assert!(spans.iter().any(|s| s.style.mono && s.text == "code"));
        assert!(spans.iter().all(|s| !s.text.contains("3") || !s.style.bold));
    }

    #[test]
    fn a_variable_inside_bold_is_bold_and_its_value_is_never_parsed() {
        let rich = layout("*{{1}}* is your code", &positional(&["_x_"]));
        assert_eq!(plain_text(&rich), "_x_ is your code");
        assert!(rich[0].spans[0].style.bold && !rich[0].spans[0].style.italic);
    }

    #[test]
    fn lines_start_quotes_bullets_and_numbered_items() {
        let rich = layout("> said\n* one\n- two\n3. three\nplain", &positional(&[]));
        let kinds: Vec<_> = rich.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Quote,
                BlockKind::Bullet,
                BlockKind::Bullet,
                BlockKind::Numbered(3),
                BlockKind::Paragraph
            ]
        );
        assert_eq!(plain(&rich[3].spans), "three");
    }

    #[test]
    fn unmatched_markers_stay_as_written() {
        let rich = layout("5 * 3 = 15 and snake_case_name", &positional(&[]));
        assert_eq!(plain_text(&rich), "5 * 3 = 15 and snake_case_name");
        assert!(rich[0].spans.iter().all(|s| s.style == Style::default()));
    }
}
