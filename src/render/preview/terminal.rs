//! The preview as a bubble on a terminal: box drawing, the text wrapped inside, styles and
//! the marked example values in colour only when colour is on.

use anstyle::{AnsiColor, Effects, Style};

use crate::preview::{Block, BlockKind, ButtonRow, HeaderView, Preview, Sample, Span};
use crate::render::paint::Paint;

/// The inside width of the bubble, in characters (WhatsApp's bubbles are narrow too).
const WIDTH: usize = 44;

/// The bubble, then its notes.
pub fn bubble(preview: &Preview, colored: bool) -> String {
    let paint = Paint(colored);
    let mut lines: Vec<Line> = Vec::new();
    match &preview.header {
        Some(HeaderView::Text(spans)) => {
            let bold: Vec<Span> = spans
                .iter()
                .map(|s| Span {
                    style: crate::preview::Style {
                        bold: true,
                        ..s.style
                    },
                    ..s.clone()
                })
                .collect();
            lines.extend(wrap(&bold));
            lines.push(Vec::new());
        }
        Some(HeaderView::Media { kind, sample }) => {
            let what = match sample {
                Sample::File(path) => format!("[{}: {path}]", kind.label()),
                Sample::Link(url) => format!("[{}: {url}, not fetched]", kind.label()),
                Sample::Handle => format!("[{}: uploaded sample]", kind.label()),
                Sample::None => format!("[{}]", kind.label()),
            };
            lines.extend(wrap(&[plain_span(&what)]));
            lines.push(Vec::new());
        }
        Some(HeaderView::Location) => {
            lines.push(vec![plain_span_line("[Location, given when sending]")])
        }
        Some(HeaderView::Product) => {
            lines.push(vec![plain_span_line("[Product, from the catalog]")])
        }
        None => {}
    }
    if let Some(offer) = &preview.offer {
        let mut text = format!("🏷 {}", offer.text);
        if offer.has_expiration {
            text.push_str(" · ends in ⏱");
        }
        if let Some(code) = &offer.code {
            text.push_str(&format!(" · code {code}"));
        }
        lines.extend(wrap(&[plain_span(&text)]));
        lines.push(Vec::new());
    }
    lines.extend(blocks(&preview.body));
    if let Some(footer) = &preview.footer {
        lines.push(Vec::new());
        let dimmed = wrap(footer).into_iter().map(|line| {
            line.into_iter()
                .map(|(text, _)| (text, Kind::Dim))
                .collect()
        });
        lines.extend(dimmed);
    }
    if preview.call_permission_request {
        lines.push(Vec::new());
        lines.extend(wrap(&[plain_span(
            "📞 Asks to allow calls from the business",
        )]));
    }

    let mut out = String::new();
    let rtl = preview.direction == crate::preview::Direction::Rtl;
    out.push_str(&format!("╭{}╮\n", "─".repeat(WIDTH + 2)));
    for line in &lines {
        out.push_str(&row(line, rtl, paint));
    }
    buttons_rows(&mut out, &preview.buttons);
    out.push_str(&format!("╰{}╯\n", "─".repeat(WIDTH + 2)));
    for (i, card) in preview.cards.iter().enumerate() {
        let title = format!(" card {} ", i + 1);
        let rule = "─".repeat(WIDTH + 1 - title.len());
        out.push_str(&format!("╭─{title}{rule}╮\n"));
        let mut card_lines = Vec::new();
        if let Some(HeaderView::Media { kind, .. }) = &card.header {
            card_lines.push(vec![(
                format!("[{}]", kind.label()),
                Kind::Text(Default::default()),
            )]);
        }
        if let Some(HeaderView::Product) = &card.header {
            card_lines.push(vec![plain_span_line("[Product]")]);
        }
        card_lines.extend(blocks(&card.body));
        for line in &card_lines {
            out.push_str(&row(line, rtl, paint));
        }
        buttons_rows(&mut out, &card.buttons);
        out.push_str(&format!("╰{}╯\n", "─".repeat(WIDTH + 2)));
    }
    for note in &preview.notes {
        out.push_str(&format!("  note: {note}\n"));
    }
    out
}

#[derive(Clone, Copy)]
enum Kind {
    Text(crate::preview::Style),
    Var(crate::preview::Style),
    /// The footer: dimmed, as WhatsApp greys it.
    Dim,
}

type Line = Vec<(String, Kind)>;

fn plain_span(text: &str) -> Span {
    Span {
        text: text.to_owned(),
        style: Default::default(),
        var: None,
    }
}

fn plain_span_line(text: &str) -> (String, Kind) {
    (text.to_owned(), Kind::Text(Default::default()))
}

fn blocks(body: &[Block]) -> Vec<Line> {
    let mut lines = Vec::new();
    for block in body {
        let prefix = match block.kind {
            BlockKind::Paragraph => String::new(),
            BlockKind::Quote => "▎ ".to_owned(),
            BlockKind::Bullet => "• ".to_owned(),
            BlockKind::Numbered(n) => format!("{n}. "),
        };
        let mut spans = vec![plain_span(&prefix)];
        spans.extend(block.spans.iter().cloned());
        lines.extend(wrap(&spans));
    }
    lines
}

/// Words laid into lines of at most [`WIDTH`] characters (longer words are cut).
fn wrap(spans: &[Span]) -> Vec<Vec<(String, Kind)>> {
    let mut lines: Vec<Line> = vec![Vec::new()];
    let mut width = 0;
    for span in spans {
        let kind = if span.var.is_some() {
            Kind::Var(span.style)
        } else {
            Kind::Text(span.style)
        };
        for word in span.text.split_inclusive(' ') {
            let mut word = word.to_owned();
            while !word.is_empty() {
                let len = word.chars().count();
                if width + len.min(WIDTH) > WIDTH && width > 0 {
                    lines.push(Vec::new());
                    width = 0;
                }
                let take = len.min(WIDTH - width);
                let piece: String = word.chars().take(take).collect();
                word = word.chars().skip(take).collect();
                width += take;
                lines.last_mut().expect("never empty").push((piece, kind));
            }
        }
    }
    lines
}

fn row(line: &[(String, Kind)], rtl: bool, paint: Paint) -> String {
    let width: usize = line.iter().map(|(t, _)| t.chars().count()).sum();
    let pad = " ".repeat(WIDTH.saturating_sub(width));
    let mut text = String::new();
    for (piece, kind) in line {
        let style = match kind {
            Kind::Text(s) => style_of(*s),
            Kind::Var(s) => style_of(*s).fg_color(Some(AnsiColor::Green.into())),
            Kind::Dim => Style::new().effects(Effects::DIMMED),
        };
        text.push_str(&paint.style(style, piece));
    }
    if rtl {
        format!("│ {pad}{text} │\n")
    } else {
        format!("│ {text}{pad} │\n")
    }
}

fn style_of(style: crate::preview::Style) -> Style {
    let mut effects = Effects::new();
    if style.bold {
        effects |= Effects::BOLD;
    }
    if style.italic {
        effects |= Effects::ITALIC;
    }
    if style.strike {
        effects |= Effects::STRIKETHROUGH;
    }
    Style::new().effects(effects)
}

fn buttons_rows(out: &mut String, row: &ButtonRow) {
    for button in &row.shown {
        out.push_str(&format!("├{}┤\n", "─".repeat(WIDTH + 2)));
        let label = format!("{} {}", button.kind.icon(), button.label);
        let len = label.chars().count().min(WIDTH);
        let left = (WIDTH - len) / 2;
        let label: String = label.chars().take(WIDTH).collect();
        out.push_str(&format!(
            "│ {}{label}{} │\n",
            " ".repeat(left),
            " ".repeat(WIDTH - len - left)
        ));
    }
    if !row.all_options.is_empty() {
        let all: Vec<&str> = row.all_options.iter().map(|b| b.label.as_str()).collect();
        out.push_str(&format!("  all options: {}\n", all.join(" · ")));
    }
}
