//! A template's preview (see `crate::preview`) drawn for a reader: as Markdown for a
//! pull-request comment, as a self-contained HTML page, and as a bubble on a terminal.

pub mod html;
pub mod markdown;
pub mod terminal;

use crate::preview::Style;

/// Escaped text wrapped in the HTML tags of its WhatsApp style (HTML and GitHub Markdown draw
/// them alike), innermost first: monospace, strike, italic, bold.
fn styled(escaped: String, style: Style) -> String {
    let mut text = escaped;
    if style.mono {
        text = format!("<code>{text}</code>");
    }
    if style.strike {
        text = format!("<s>{text}</s>");
    }
    if style.italic {
        text = format!("<i>{text}</i>");
    }
    if style.bold {
        text = format!("<b>{text}</b>");
    }
    text
}
