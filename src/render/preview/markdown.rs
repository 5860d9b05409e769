//! A compact text preview for the plan's pull-request comment: a quote block holding the
//! header, the body with the examples put in and WhatsApp's formatting kept (as `<b>`, `<i>`,
//! `<s>`, `<code>`), the footer, and each button as a chip (`[ Track order ↗ ]`). Every piece
//! of template text goes through `escape::markdown`, so none of it is markup.

use std::fmt::Write;

use crate::preview::{
    self, Block, BlockKind, ButtonRow, CardView, Direction, HeaderView, Preview, Sample, Span,
};
use crate::reconcile::plan::{Change, Kind};
use crate::render::escape;

/// The message as a Markdown quote block, ending with a blank line.
pub fn bubble(preview: &Preview) -> String {
    let mut lines: Vec<String> = Vec::new();
    if let Some(header) = &preview.header {
        lines.push(header_line(header));
    }
    if let Some(offer) = &preview.offer {
        let mut line = format!("🏷 <b>{}</b>", escape::markdown(&offer.text));
        if offer.has_expiration {
            line.push_str(" · ends in ⏱ (set when sending)");
        }
        if let Some(code) = &offer.code {
            let _ = write!(line, " · code <code>{}</code>", escape::markdown(code));
        }
        lines.push(line);
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(body_lines(&preview.body));
    if let Some(footer) = &preview.footer {
        lines.push(String::new());
        lines.push(format!("<sub>{}</sub>", spans(footer)));
    }
    if preview.call_permission_request {
        lines.push(String::new());
        lines.push("📞 <i>asks to allow calls from the business</i>".into());
    }
    if !preview.buttons.is_empty() {
        lines.push(String::new());
        lines.push(chips(&preview.buttons));
    }
    for (i, card) in preview.cards.iter().enumerate() {
        lines.push(String::new());
        lines.extend(card_lines(i + 1, card));
    }
    let mut out = String::new();
    for line in &lines {
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            let _ = writeln!(out, "> {line}");
        }
    }
    for note in &preview.notes {
        let _ = writeln!(out, ">\n> <sub>ⓘ {}</sub>", escape::markdown(note));
    }
    out.push('\n');
    if preview.direction == Direction::Rtl {
        // GitHub keeps `dir` on a div; the blank lines let the quote inside be Markdown.
        out = format!("<div dir=\"rtl\">\n\n{out}</div>\n\n");
    }
    out
}

fn header_line(header: &HeaderView) -> String {
    match header {
        HeaderView::Text(text) => format!("<b>{}</b>", spans(text)),
        HeaderView::Media { kind, sample } => {
            let sample = match sample {
                Sample::File(path) => format!(" <code>{}</code>", escape::markdown(path)),
                Sample::Link(url) => format!(" <code>{}</code>", escape::markdown(url)),
                Sample::Handle => " (uploaded sample)".to_owned(),
                Sample::None => String::new(),
            };
            format!("🖼 <i>{}</i>{sample}", kind.label())
        }
        HeaderView::Location => "📍 <i>Location (given when sending)</i>".into(),
        HeaderView::Product => "🛍 <i>Product (from the catalog)</i>".into(),
    }
}

/// One line per block; lines of a paragraph keep their breaks.
fn body_lines(body: &[Block]) -> Vec<String> {
    let count = body.len();
    body.iter()
        .enumerate()
        .map(|(i, block)| {
            let text = spans(&block.spans);
            let line = match block.kind {
                BlockKind::Paragraph => text,
                BlockKind::Quote => format!("&gt; <i>{text}</i>"),
                BlockKind::Bullet => format!("• {text}"),
                BlockKind::Numbered(n) => format!("{n}\\. {text}"),
            };
            let next_is_text = i + 1 < count && !body[i + 1].spans.is_empty();
            if next_is_text && !block.spans.is_empty() {
                format!("{line}<br>")
            } else {
                line
            }
        })
        .collect()
}

fn card_lines(number: usize, card: &CardView) -> Vec<String> {
    let mut lines = Vec::new();
    let head = card.header.as_ref().map(header_line).unwrap_or_default();
    lines.push(format!("<b>Card {number}</b> {head}"));
    lines.extend(body_lines(&card.body));
    if !card.buttons.is_empty() {
        lines.push(chips(&card.buttons));
    }
    lines
}

/// Styled spans; a value put in for a variable is underlined (`<ins>`).
fn spans(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        let mut text = super::styled(escape::markdown(&span.text), span.style);
        if span.var.is_some() {
            text = format!("<ins>{text}</ins>");
        }
        out.push_str(&text);
    }
    out
}

/// Each button shown as a chip; the folded ones listed after "See all options".
fn chips(row: &ButtonRow) -> String {
    let chip =
        |label: &str, icon: &str| format!("<code>[ {} {icon} ]</code>", escape::markdown(label));
    let mut out: Vec<String> = row
        .shown
        .iter()
        .map(|b| chip(&b.label, b.kind.icon()))
        .collect();
    if !row.all_options.is_empty() {
        let all: Vec<String> = row
            .all_options
            .iter()
            .map(|b| escape::markdown(&b.label))
            .collect();
        out.push(format!("<sub>(all options: {})</sub>", all.join(" · ")));
    }
    out.join(" ")
}

/// The preview section of one change of the plan: the new message (create), the message
/// before and after (update), or the message on the account (delete, archive); empty when
/// the change has none to show.
pub fn of_change(change: &Change) -> String {
    let declared = change.shown.declared.as_deref().map(preview::of);
    let account = change.shown.account.as_deref().map(preview::of);
    let mut out = String::new();
    match (change.kind(), &declared, &account) {
        (Kind::Create, Some(new), _) => {
            out.push_str("**Preview**\n\n");
            out.push_str(&bubble(new));
        }
        (
            Kind::Update | Kind::NeedsNewTemplate | Kind::Blocked | Kind::Unarchive | Kind::Held,
            Some(new),
            Some(old),
        ) => {
            out.push_str("**Before** (on the account)\n\n");
            out.push_str(&bubble(old));
            out.push_str("**After** (as declared)\n\n");
            out.push_str(&bubble(new));
        }
        (Kind::Blocked | Kind::Held, Some(new), None) => {
            out.push_str("**Preview**\n\n");
            out.push_str(&bubble(new));
        }
        (Kind::Delete | Kind::Archive | Kind::Blocked, None, Some(old)) => {
            out.push_str("**On the account**\n\n");
            out.push_str(&bubble(old));
        }
        _ => {}
    }
    out
}
