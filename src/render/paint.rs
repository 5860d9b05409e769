//! Colour for terminal output, applied only when colour is on.

use anstyle::Style;

/// Applies styles only when colour is on.
#[derive(Clone, Copy)]
pub struct Paint(pub bool);

impl Paint {
    pub fn style(self, style: Style, text: &str) -> String {
        if self.0 {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }
}
