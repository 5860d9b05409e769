//! What a customer sees when a template is sent: a pure function from a template (declared, or
//! the account's copy read back) to a typed preview. Renderers (HTML, Markdown, terminal) live
//! in `render::preview`; nothing here knows about markup.
//!
//! Example values stand in for the variables, which stay marked. What the preview cannot show
//! (a remote sample it does not fetch, a Flow's screens, a catalog's products, a location given
//! only when sending) is said in `notes`, never dropped silently.

pub mod buttons;
pub mod rich;

use crate::template::model::{
    Body, BodyExample, Button, Component, Footer, Header, HeaderExample, HeaderFormat,
    LibraryButtonInput, NamedParam, OtpType, Template,
};
use crate::template::variables::Var;
pub use buttons::{ButtonKind, ButtonRow, ButtonView, SEE_ALL_OPTIONS};
pub use rich::{Block, BlockKind, Rich, Span, Style, plain, plain_text};

/// Which way the text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

/// The languages WhatsApp writes right to left among Meta's template languages.
const RTL_LANGUAGES: [&str; 4] = ["ar", "fa", "he", "ur"];

impl Direction {
    /// `ar`, `fa`, `he` and `ur` (with any region) run right to left.
    pub fn of_language(language: &str) -> Self {
        let base = language.split(['_', '-']).next().unwrap_or(language);
        if RTL_LANGUAGES.contains(&base) {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }
}

/// A template as a customer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub name: String,
    pub language: String,
    pub category: String,
    pub direction: Direction,
    pub header: Option<HeaderView>,
    /// A limited-time offer's banner, shown between the header and the body.
    pub offer: Option<OfferView>,
    pub body: Rich,
    pub footer: Option<Vec<Span>>,
    pub buttons: ButtonRow,
    /// A carousel's cards, in order, under the body.
    pub cards: Vec<CardView>,
    /// The card WhatsApp adds asking the customer to allow calls (`call_permission_request`).
    pub call_permission_request: bool,
    /// What the preview cannot show, or shows differently from WhatsApp, one sentence each.
    pub notes: Vec<String>,
}

/// A header as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderView {
    Text(Vec<Span>),
    Media {
        kind: MediaKind,
        sample: Sample,
    },
    /// The location is given when sending; WhatsApp shows a map.
    Location,
    /// The product comes from the catalog when sending.
    Product,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Video,
    Document,
}

impl MediaKind {
    pub fn label(self) -> &'static str {
        match self {
            MediaKind::Image => "Image",
            MediaKind::Video => "Video",
            MediaKind::Document => "Document",
        }
    }
}

/// A media header's sample, as the template names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sample {
    /// `file:PATH`, relative to the template file: renderers may embed it.
    File(String),
    /// An http(s) URL (the account's copy gives a CDN URL): named, never fetched.
    Link(String),
    /// A Resumable Upload handle: the file is at Meta only.
    Handle,
    None,
}

/// A limited-time offer banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferView {
    pub text: String,
    /// Shows a countdown; the expiry time is given when sending.
    pub has_expiration: bool,
    /// The offer code (the copy-code button's example), when there is one.
    pub code: Option<String>,
}

/// One carousel card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardView {
    pub header: Option<HeaderView>,
    pub body: Rich,
    pub buttons: ButtonRow,
}

/// The example code shown in an authentication message (Meta's samples show a 6-digit code).
pub const SAMPLE_CODE: &str = "123456";

/// The preview of `template`.
pub fn of(template: &Template) -> Preview {
    let mut preview = Preview {
        name: template.name.clone(),
        language: template.language.clone(),
        category: template.category.to_ascii_uppercase(),
        direction: Direction::of_language(&template.language),
        header: None,
        offer: None,
        body: Vec::new(),
        footer: None,
        buttons: ButtonRow::default(),
        cards: Vec::new(),
        call_permission_request: false,
        notes: Vec::new(),
    };
    let authentication = preview.category == "AUTHENTICATION";
    let mut code = None;
    for component in &template.components {
        match component {
            Component::Header(header) => {
                preview.header = Some(header_view(header, &mut preview.notes));
            }
            Component::Body(body) => {
                preview.body = body_view(body, authentication, &mut preview.notes);
            }
            Component::Footer(footer) => {
                preview.footer = footer_view(footer);
            }
            Component::Buttons(buttons) => {
                code = buttons.buttons.iter().find_map(|b| match b {
                    Button::CopyCode(c) => Some(c.example.clone()),
                    _ => None,
                });
                preview.buttons = button_row(&buttons.buttons, &mut preview.notes);
            }
            Component::Carousel(carousel) => {
                preview.cards = carousel
                    .cards
                    .iter()
                    .map(|card| card_view(&card.components, &mut preview.notes))
                    .collect();
            }
            Component::LimitedTimeOffer(offer) => {
                preview.offer = Some(OfferView {
                    text: offer.limited_time_offer.text.clone(),
                    has_expiration: offer.limited_time_offer.has_expiration == Some(true),
                    code: None,
                });
                if offer.limited_time_offer.has_expiration == Some(true) {
                    preview
                        .notes
                        .push("the offer's expiry is given when sending; WhatsApp shows a countdown to it".into());
                }
            }
            Component::CallPermissionRequest(_) => preview.call_permission_request = true,
        }
    }
    if let Some(offer) = &mut preview.offer {
        offer.code = code;
    }
    if template.library_template_name.is_some() && template.components.is_empty() {
        library_view(template, &mut preview);
    }
    if authentication && !template.language.starts_with("en") {
        preview.notes.push(format!(
            "WhatsApp writes an authentication message's text itself, in {}; it is shown in English here",
            template.language
        ));
    }
    if preview.body.is_empty() && !authentication {
        preview
            .notes
            .push("the template has no body text to show".into());
    }
    preview
}

/// The example values of a text with positional or named variables.
struct Values<'a> {
    positional: &'a [String],
    named: &'a [NamedParam],
}

impl rich::Examples for Values<'_> {
    fn value(&self, var: &Var) -> Option<String> {
        match var {
            Var::Positional(n) => self.positional.get(*n as usize - 1).cloned(),
            Var::Named(name) => self
                .named
                .iter()
                .find(|p| &p.param_name == name)
                .map(|p| p.example.clone()),
        }
    }
}

fn header_view(header: &Header, notes: &mut Vec<String>) -> HeaderView {
    let example = header.example.as_ref();
    match header.format {
        HeaderFormat::Text => {
            let positional = example
                .and_then(|e| e.header_text.as_deref())
                .unwrap_or(&[]);
            let named = example
                .and_then(|e| e.header_text_named_params.as_deref())
                .unwrap_or(&[]);
            let values = Values { positional, named };
            HeaderView::Text(rich::substitute(
                header.text.as_deref().unwrap_or(""),
                &values,
            ))
        }
        HeaderFormat::Image | HeaderFormat::Video | HeaderFormat::Document => {
            let kind = match header.format {
                HeaderFormat::Image => MediaKind::Image,
                HeaderFormat::Video => MediaKind::Video,
                _ => MediaKind::Document,
            };
            let sample = sample_of(example);
            match &sample {
                Sample::Link(url) => notes.push(format!(
                    "the {} sample {url} is not fetched: the preview names it only",
                    kind.label().to_lowercase()
                )),
                Sample::Handle => notes.push(format!(
                    "the {} sample is an upload handle: the file is at Meta, not shown here",
                    kind.label().to_lowercase()
                )),
                Sample::None => notes.push(format!(
                    "the {} header has no sample to show",
                    kind.label().to_lowercase()
                )),
                Sample::File(_) => {}
            }
            HeaderView::Media { kind, sample }
        }
        HeaderFormat::Location => {
            notes.push("the location is given when sending: WhatsApp shows it as a map".into());
            HeaderView::Location
        }
        HeaderFormat::Product => {
            notes.push("the product's image and name come from the catalog when sending".into());
            HeaderView::Product
        }
    }
}

fn sample_of(example: Option<&HeaderExample>) -> Sample {
    match example
        .and_then(|e| e.header_handle.as_ref())
        .and_then(|h| h.first())
    {
        Some(h) if h.starts_with("file:") => Sample::File(h["file:".len()..].to_owned()),
        Some(h) if h.starts_with("http://") || h.starts_with("https://") => Sample::Link(h.clone()),
        Some(_) => Sample::Handle,
        None => Sample::None,
    }
}

fn body_view(body: &Body, authentication: bool, notes: &mut Vec<String>) -> Rich {
    match &body.text {
        Some(text) => {
            let empty = BodyExample {
                body_text: None,
                body_text_named_params: None,
            };
            let example = body.example.as_ref().unwrap_or(&empty);
            let code_row = [SAMPLE_CODE.to_owned()];
            let positional = example
                .body_text
                .as_ref()
                .and_then(|rows| rows.first())
                .map(Vec::as_slice)
                .unwrap_or(if authentication { &code_row } else { &[] });
            let named = example.body_text_named_params.as_deref().unwrap_or(&[]);
            let rich = rich::layout(text, &Values { positional, named });
            note_missing(&rich, notes);
            rich
        }
        None if authentication => {
            authentication_body(body.add_security_recommendation == Some(true))
        }
        None => Vec::new(),
    }
}

/// Meta's text for an authentication body (templates-api.md, authentication templates).
fn authentication_body(security: bool) -> Rich {
    let mut text = String::from("*{{1}}* is your verification code.");
    if security {
        text.push_str(" For your security, do not share this code.");
    }
    let code = [SAMPLE_CODE.to_owned()];
    rich::layout(
        &text,
        &Values {
            positional: &code,
            named: &[],
        },
    )
}

fn note_missing(rich: &Rich, notes: &mut Vec<String>) {
    for span in rich.iter().flat_map(|b| &b.spans) {
        if let Some(mark) = &span.var
            && mark.missing
        {
            notes.push(format!(
                "{} has no example value: shown as written",
                mark.placeholder
            ));
        }
    }
}

fn footer_view(footer: &Footer) -> Option<Vec<Span>> {
    if let Some(text) = &footer.text {
        return Some(rich::substitute(
            text,
            &Values {
                positional: &[],
                named: &[],
            },
        ));
    }
    footer.code_expiration_minutes.map(|n| {
        vec![Span {
            text: format!("This code expires in {n} minutes."),
            style: Style::default(),
            var: None,
        }]
    })
}

fn button_row(list: &[Button], notes: &mut Vec<String>) -> ButtonRow {
    for button in list {
        if let Button::Flow(_) = button {
            notes.push(format!(
                "the Flow behind \"{}\" is not shown: open it in WhatsApp Manager",
                button.text().unwrap_or_default()
            ));
        }
    }
    ButtonRow::of(list.iter().map(buttons::view).collect())
}

fn card_view(components: &[Component], notes: &mut Vec<String>) -> CardView {
    let mut card = CardView {
        header: None,
        body: Vec::new(),
        buttons: ButtonRow::default(),
    };
    for component in components {
        match component {
            Component::Header(header) => card.header = Some(header_view(header, notes)),
            Component::Body(body) => card.body = body_view(body, false, notes),
            Component::Buttons(buttons) => card.buttons = button_row(&buttons.buttons, notes),
            other => notes.push(format!("a card's {} component is not shown", other.kind())),
        }
    }
    card
}

/// A Template Library template declared by name: Meta builds its text, so only what the
/// inputs say is shown (an authentication library template's text is Meta's, and known).
fn library_view(template: &Template, preview: &mut Preview) {
    let name = template
        .library_template_name
        .as_deref()
        .unwrap_or_default();
    let inputs = template.library_template_body_inputs.as_ref();
    if preview.category == "AUTHENTICATION" {
        let security = inputs.and_then(|i| i.add_security_recommendation) == Some(true);
        preview.body = authentication_body(security);
        if let Some(n) = inputs.and_then(|i| i.code_expiration_minutes) {
            preview.footer = footer_view(&Footer {
                text: None,
                code_expiration_minutes: Some(n),
            });
        }
    } else {
        preview.notes.push(format!(
            "Meta builds this message from its Template Library template `{name}`: its text is not in the file, so only the buttons are shown"
        ));
    }
    let buttons: Vec<ButtonView> = template
        .library_template_button_inputs
        .iter()
        .flatten()
        .map(library_button)
        .collect();
    preview.buttons = ButtonRow::of(buttons);
}

fn library_button(input: &LibraryButtonInput) -> ButtonView {
    let kind = input.kind.to_ascii_uppercase();
    let (kind, label, detail) = match kind.as_str() {
        "URL" => (
            ButtonKind::Url,
            "(label from the library)".to_owned(),
            input.url.as_ref().map(|u| {
                format!(
                    "{}{}",
                    u.base_url,
                    u.url_suffix_example.as_deref().unwrap_or("")
                )
            }),
        ),
        "PHONE_NUMBER" => (
            ButtonKind::Phone,
            "(label from the library)".to_owned(),
            input.phone_number.clone(),
        ),
        "OTP" => match input.otp_type {
            Some(OtpType::OneTap) => (ButtonKind::OtpOneTap, "Autofill".to_owned(), None),
            Some(OtpType::ZeroTap) => (ButtonKind::OtpZeroTap, "Autofill".to_owned(), None),
            _ => (ButtonKind::OtpCopyCode, "Copy code".to_owned(), None),
        },
        _ => (
            ButtonKind::QuickReply,
            "(label from the library)".to_owned(),
            None,
        ),
    };
    ButtonView {
        kind,
        label,
        detail,
    }
}

#[cfg(test)]
mod tests;
