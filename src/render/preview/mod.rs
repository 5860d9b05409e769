//! A template's preview (see `crate::preview`) drawn for a reader: as Markdown for a
//! pull-request comment, as a self-contained HTML page, and as a bubble on a terminal.

pub mod html;
pub mod markdown;
pub mod terminal;
