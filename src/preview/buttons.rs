//! Buttons as WhatsApp lays them out: in the template's order (Meta requires quick replies to
//! be grouped, so the order is already WhatsApp's grouping), at most three shown; with more
//! than three, the first two and a "See all options" button that opens the full list
//! (templates-api.md, BUTTONS).

use super::rich::{Examples, plain, substitute};
use crate::template::model::{Button, OtpType};
use crate::template::variables::Var;

/// What a button does, which decides its icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonKind {
    QuickReply,
    Url,
    Phone,
    CopyCode,
    OtpCopyCode,
    OtpOneTap,
    OtpZeroTap,
    Flow,
    Catalog,
    MultiProduct,
    SingleProduct,
    VoiceCall,
    /// WhatsApp's own button that opens the list of every option.
    SeeAllOptions,
}

impl ButtonKind {
    /// A glyph for the button's action, as WhatsApp draws an icon beside the label.
    pub fn icon(self) -> &'static str {
        match self {
            ButtonKind::QuickReply => "↩",
            ButtonKind::Url => "↗",
            ButtonKind::Phone | ButtonKind::VoiceCall => "✆",
            ButtonKind::CopyCode | ButtonKind::OtpCopyCode => "⧉",
            ButtonKind::OtpOneTap | ButtonKind::OtpZeroTap => "⇥",
            ButtonKind::Flow | ButtonKind::SeeAllOptions => "☰",
            ButtonKind::Catalog | ButtonKind::MultiProduct | ButtonKind::SingleProduct => "🛍",
        }
    }
}

/// One button as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonView {
    pub kind: ButtonKind,
    pub label: String,
    /// Where it leads or what it carries (URL with its example, phone number, code), for the
    /// reviewer: WhatsApp itself shows only the label.
    pub detail: Option<String>,
}

/// The buttons under a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ButtonRow {
    /// What the customer sees under the bubble.
    pub shown: Vec<ButtonView>,
    /// Every button, in order, when some sit behind "See all options" (else empty).
    pub all_options: Vec<ButtonView>,
}

/// The label WhatsApp puts on the button that opens the full list.
pub const SEE_ALL_OPTIONS: &str = "See all options";

impl ButtonRow {
    pub fn of(buttons: Vec<ButtonView>) -> Self {
        if buttons.len() <= 3 {
            return ButtonRow {
                shown: buttons,
                all_options: Vec::new(),
            };
        }
        let mut shown: Vec<ButtonView> = buttons[..2].to_vec();
        shown.push(ButtonView {
            kind: ButtonKind::SeeAllOptions,
            label: SEE_ALL_OPTIONS.to_owned(),
            detail: None,
        });
        ButtonRow {
            shown,
            all_options: buttons,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// Every button the template has (the folded list when there is one).
    pub fn every(&self) -> &[ButtonView] {
        if self.all_options.is_empty() {
            &self.shown
        } else {
            &self.all_options
        }
    }
}

/// A button's view; Meta's default labels where the template leaves them out.
pub fn view(button: &Button) -> ButtonView {
    let (kind, label, detail) = match button {
        Button::QuickReply(b) => (ButtonKind::QuickReply, b.text.clone(), None),
        Button::Url(b) => (
            ButtonKind::Url,
            b.text.clone(),
            Some(url_example(&b.url, b.example.as_deref())),
        ),
        Button::PhoneNumber(b) => (
            ButtonKind::Phone,
            b.text.clone(),
            Some(b.phone_number.clone()),
        ),
        Button::CopyCode(b) => (
            ButtonKind::CopyCode,
            "Copy offer code".to_owned(),
            Some(b.example.clone()),
        ),
        Button::Otp(b) => match b.otp_type {
            OtpType::CopyCode => (
                ButtonKind::OtpCopyCode,
                b.text.clone().unwrap_or_else(|| "Copy code".to_owned()),
                None,
            ),
            OtpType::OneTap => (
                ButtonKind::OtpOneTap,
                b.autofill_text
                    .clone()
                    .unwrap_or_else(|| "Autofill".to_owned()),
                Some(format!(
                    "one-tap autofill on Android; elsewhere a \"{}\" button",
                    b.text.as_deref().unwrap_or("Copy code")
                )),
            ),
            OtpType::ZeroTap => (
                ButtonKind::OtpZeroTap,
                b.autofill_text
                    .clone()
                    .unwrap_or_else(|| "Autofill".to_owned()),
                Some(format!(
                    "zero-tap: the Android app receives the code; elsewhere a \"{}\" button",
                    b.text.as_deref().unwrap_or("Copy code")
                )),
            ),
        },
        Button::Flow(b) => (
            ButtonKind::Flow,
            b.text.clone(),
            Some(match (&b.flow_id, &b.flow_name) {
                (Some(id), _) => format!("opens Flow {id}"),
                (None, Some(name)) => format!("opens Flow {name}"),
                (None, None) => "opens the Flow declared inline".to_owned(),
            }),
        ),
        Button::Catalog(b) => (
            ButtonKind::Catalog,
            b.text.clone(),
            Some("opens the catalog".to_owned()),
        ),
        Button::Mpm(b) => (
            ButtonKind::MultiProduct,
            b.text.clone(),
            Some("opens the products chosen when sending".to_owned()),
        ),
        Button::Spm(b) => (
            ButtonKind::SingleProduct,
            b.text.clone(),
            Some("opens the product".to_owned()),
        ),
        Button::VoiceCall(b) => (
            ButtonKind::VoiceCall,
            b.text.clone().unwrap_or_else(|| "Call Now".to_owned()),
            Some("starts a WhatsApp call to the business".to_owned()),
        ),
    };
    ButtonView {
        kind,
        label,
        detail,
    }
}

/// The URL with its example put in (Meta takes the full URL or only the suffix).
fn url_example(url: &str, example: Option<&[String]>) -> String {
    let Some(sample) = example.and_then(|e| e.first()) else {
        return url.to_owned();
    };
    if sample.starts_with("http://") || sample.starts_with("https://") {
        return sample.clone();
    }
    let values = |var: &Var| matches!(var, Var::Positional(1)).then(|| sample.clone());
    let examples: &dyn Examples = &values;
    plain(&substitute(url, examples))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick(label: &str) -> ButtonView {
        ButtonView {
            kind: ButtonKind::QuickReply,
            label: label.to_owned(),
            detail: None,
        }
    }

    #[test]
    fn three_buttons_are_all_shown() {
        let row = ButtonRow::of(vec![quick("a"), quick("b"), quick("c")]);
        assert_eq!(row.shown.len(), 3);
        assert!(row.all_options.is_empty());
    }

    #[test]
    fn more_than_three_fold_into_see_all_options() {
        let row = ButtonRow::of(vec![quick("a"), quick("b"), quick("c"), quick("d")]);
        let labels: Vec<_> = row.shown.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["a", "b", SEE_ALL_OPTIONS]);
        assert_eq!(row.every().len(), 4);
    }

    #[test]
    fn a_url_example_suffix_completes_the_url() {
        assert_eq!(
            url_example("https://x.example/t/{{1}}", Some(&["A-1".to_owned()])),
            "https://x.example/t/A-1"
        );
        assert_eq!(
            url_example(
                "https://x.example/t/{{1}}",
                Some(&["https://x.example/t/B".to_owned()])
            ),
            "https://x.example/t/B"
        );
    }
}
