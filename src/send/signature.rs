//! The send signature of a declared template: every parameter a send must (or may) carry,
//! where it goes in the request, under which key it is given, and of what type.
//!
//! This list is the one rule for a template's send contract: the send body is built from it,
//! `wabactl send --describe` prints it, and the plan's compatibility check compares it before
//! and after an edit.

use schemars::JsonSchema;
use serde::Serialize;

use crate::template::model::{Button, Component, HeaderFormat, ParameterFormat, Template};
use crate::template::variables::{self, Var};

/// One parameter of a send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SendParam {
    /// Its path in a parameters file, also the `-p` key: `body.first_name`, `header.image`,
    /// `buttons.0`, `cards[1].header.image`, `sections`, `product`, `offer.expiration`, ...
    pub key: String,
    /// The request component it fills: `header`, `body`, `button`, `limited_time_offer` or
    /// `tap_target_configuration`.
    pub component: &'static str,
    /// The carousel card (from 0) whose component it fills.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<usize>,
    /// The button's index (from 0), for button parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub button_index: Option<usize>,
    /// The button's `sub_type` in the request (`url`, `copy_code`, `quick_reply`, `mpm`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_type: Option<&'static str>,
    /// The variable's name or position (`first_name`, `1`), or the field's name.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ParamKind,
    /// False for values a send may leave out (a quick-reply payload, a flow token, ...).
    pub required: bool,
}

/// What a parameter's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// A text (also a `{currency: ...}` or `{date_time: ...}` value in a body).
    Text,
    /// A media id or an `https://` link.
    Image,
    Video,
    Document,
    /// `LAT,LONG[,NAME[,ADDRESS]]` or `{latitude, longitude, name, address}`.
    Location,
    /// `{catalog_id, product_retailer_id}`.
    Product,
    /// `[{title, product_items: [PRODUCT_RETAILER_ID, ...]}]`.
    Sections,
    /// The product retailer id whose image is the message's thumbnail.
    Thumbnail,
    CouponCode,
    Payload,
    /// Unix milliseconds.
    Expiration,
    TtlMinutes,
    FlowToken,
    /// A map handed to the Flow's first screen.
    FlowActionData,
    /// `{url, title}`: the tap target shown instead of the header's.
    TapTarget,
}

impl ParamKind {
    pub fn label(self) -> &'static str {
        match self {
            ParamKind::Text => "text",
            ParamKind::Image => "image",
            ParamKind::Video => "video",
            ParamKind::Document => "document",
            ParamKind::Location => "location",
            ParamKind::Product => "product",
            ParamKind::Sections => "sections",
            ParamKind::Thumbnail => "thumbnail",
            ParamKind::CouponCode => "coupon_code",
            ParamKind::Payload => "payload",
            ParamKind::Expiration => "expiration",
            ParamKind::TtlMinutes => "ttl_minutes",
            ParamKind::FlowToken => "flow_token",
            ParamKind::FlowActionData => "flow_action_data",
            ParamKind::TapTarget => "tap_target",
        }
    }
}

impl SendParam {
    /// Where it goes, for people: `body`, `button 1 (url)`, `card 2 header`.
    pub fn place(&self) -> String {
        let mut place = match self.card {
            Some(card) => format!("card {card} "),
            None => String::new(),
        };
        place.push_str(self.component);
        if let Some(index) = self.button_index {
            place.push_str(&format!(" {index}"));
        }
        if let Some(sub_type) = self.sub_type {
            place.push_str(&format!(" ({sub_type})"));
        }
        place
    }
}

/// The parameters a send of `template` expects, in request order: header, body, offer,
/// buttons, carousel cards, tap target.
pub fn signature(template: &Template) -> Vec<SendParam> {
    let mut out = Signature {
        params: Vec::new(),
        card: None,
        named: template.parameter_format() == ParameterFormat::Named,
    };
    let authentication = template.category.eq_ignore_ascii_case("AUTHENTICATION");
    out.components(&template.components, authentication);
    if let Some(Component::Carousel(carousel)) = template
        .components
        .iter()
        .find(|c| matches!(c, Component::Carousel(_)))
    {
        for (index, card) in carousel.cards.iter().enumerate() {
            out.card = Some(index);
            out.components(&card.components, false);
        }
        out.card = None;
    }
    // Meta lets a send of an image, text or header-less template turn it into one tap
    // target with its own title (the tap target title URL override).
    let tap_target = !authentication
        && template.components.iter().all(|c| match c {
            Component::Header(header) => {
                matches!(header.format, HeaderFormat::Text | HeaderFormat::Image)
            }
            Component::Carousel(_) => false,
            _ => true,
        });
    if tap_target {
        out.push(
            "tap_target".into(),
            "tap_target_configuration",
            "tap_target",
            ParamKind::TapTarget,
            false,
        );
    }
    out.params
}

struct Signature {
    params: Vec<SendParam>,
    card: Option<usize>,
    named: bool,
}

impl Signature {
    /// The key of `field` in the current card, or at the top level.
    fn key(&self, field: &str) -> String {
        match self.card {
            Some(card) => format!("cards[{card}].{field}"),
            None => field.to_owned(),
        }
    }

    fn push(
        &mut self,
        key: String,
        component: &'static str,
        name: &str,
        kind: ParamKind,
        required: bool,
    ) {
        self.params.push(SendParam {
            key,
            component,
            card: self.card,
            button_index: None,
            sub_type: None,
            name: name.to_owned(),
            kind,
            required,
        });
    }

    /// A parameter of button `index`, under `buttons.N` plus `field`.
    fn push_button(
        &mut self,
        index: usize,
        sub_type: &'static str,
        field: &str,
        name: &str,
        kind: ParamKind,
        required: bool,
    ) {
        let key = self.key(&format!("buttons.{index}{field}"));
        self.push_button_keyed(key, index, sub_type, name, kind, required);
    }

    /// A parameter of button `index` given under its own key (`thumbnail`, `sections`, ...).
    fn push_button_keyed(
        &mut self,
        key: String,
        index: usize,
        sub_type: &'static str,
        name: &str,
        kind: ParamKind,
        required: bool,
    ) {
        self.params.push(SendParam {
            key,
            component: "button",
            card: self.card,
            button_index: Some(index),
            sub_type: Some(sub_type),
            name: name.to_owned(),
            kind,
            required,
        });
    }

    /// One text parameter per distinct variable of `text`, positional ones in number order.
    fn variables(&mut self, component: &'static str, text: &str) {
        let mut vars = variables::distinct(text);
        if !self.named {
            // Positional parameters go in number order; named ones in the order they appear.
            vars.sort_by_key(|var| match var {
                Var::Positional(n) => *n,
                Var::Named(_) => u32::MAX,
            });
        }
        for var in vars {
            let name = var.key();
            let key = self.key(&format!("{component}.{name}"));
            self.push(key, component, &name, ParamKind::Text, true);
        }
    }

    /// Header, body, offer and buttons of a template or of one card (the carousel itself is
    /// walked by the caller, after the top-level components).
    fn components(&mut self, components: &[Component], authentication: bool) {
        let ordered = ["HEADER", "BODY", "LIMITED_TIME_OFFER", "BUTTONS"];
        for kind in ordered {
            for component in components.iter().filter(|c| c.kind() == kind) {
                self.component(component, authentication);
            }
        }
    }

    fn component(&mut self, component: &Component, authentication: bool) {
        match component {
            Component::Header(header) => match header.format {
                HeaderFormat::Text => {
                    self.variables("header", header.text.as_deref().unwrap_or(""))
                }
                HeaderFormat::Image => self.push(
                    self.key("header.image"),
                    "header",
                    "image",
                    ParamKind::Image,
                    true,
                ),
                HeaderFormat::Video => self.push(
                    self.key("header.video"),
                    "header",
                    "video",
                    ParamKind::Video,
                    true,
                ),
                HeaderFormat::Document => self.push(
                    self.key("header.document"),
                    "header",
                    "document",
                    ParamKind::Document,
                    true,
                ),
                HeaderFormat::Location => self.push(
                    self.key("header.location"),
                    "header",
                    "location",
                    ParamKind::Location,
                    true,
                ),
                HeaderFormat::Product => self.push(
                    self.key("product"),
                    "header",
                    "product",
                    ParamKind::Product,
                    true,
                ),
            },
            Component::Body(body) => {
                if authentication {
                    // The one-time password fills the preset body's {{1}} (and the OTP button).
                    self.push(self.key("body.1"), "body", "1", ParamKind::Text, true);
                } else if let Some(text) = &body.text {
                    self.variables("body", text);
                }
            }
            Component::LimitedTimeOffer(offer) => {
                if offer.limited_time_offer.has_expiration == Some(true) {
                    self.push(
                        self.key("offer.expiration"),
                        "limited_time_offer",
                        "expiration_time_ms",
                        ParamKind::Expiration,
                        true,
                    );
                }
            }
            Component::Buttons(buttons) => {
                for (index, button) in buttons.buttons.iter().enumerate() {
                    self.button(index, button);
                }
            }
            Component::Footer(_) | Component::Carousel(_) | Component::CallPermissionRequest(_) => {
            }
        }
    }

    fn button(&mut self, index: usize, button: &Button) {
        match button {
            Button::Url(url) if !variables::distinct(&url.url).is_empty() => {
                self.push_button(index, "url", "", "url_suffix", ParamKind::Text, true);
            }
            Button::CopyCode(_) => {
                self.push_button(
                    index,
                    "copy_code",
                    "",
                    "coupon_code",
                    ParamKind::CouponCode,
                    true,
                );
            }
            Button::QuickReply(_) => {
                self.push_button(
                    index,
                    "quick_reply",
                    "",
                    "payload",
                    ParamKind::Payload,
                    false,
                );
            }
            Button::Otp(_) => {
                // The same code as the body's {{1}}, given once under `body.1`.
                let key = self.key("body.1");
                self.push_button_keyed(key, index, "url", "otp_code", ParamKind::Text, true);
            }
            Button::Mpm(_) => {
                let thumbnail = self.key("thumbnail");
                let sections = self.key("sections");
                self.push_button_keyed(
                    thumbnail,
                    index,
                    "mpm",
                    "thumbnail_product_retailer_id",
                    ParamKind::Thumbnail,
                    true,
                );
                self.push_button_keyed(
                    sections,
                    index,
                    "mpm",
                    "sections",
                    ParamKind::Sections,
                    true,
                );
            }
            Button::Catalog(_) => {
                let thumbnail = self.key("thumbnail");
                self.push_button_keyed(
                    thumbnail,
                    index,
                    "catalog",
                    "thumbnail_product_retailer_id",
                    ParamKind::Thumbnail,
                    true,
                );
            }
            Button::VoiceCall(_) => {
                self.push_button(
                    index,
                    "voice_call",
                    ".ttl_minutes",
                    "ttl_minutes",
                    ParamKind::TtlMinutes,
                    false,
                );
                self.push_button(
                    index,
                    "voice_call",
                    ".payload",
                    "payload",
                    ParamKind::Payload,
                    false,
                );
            }
            Button::Flow(_) => {
                self.push_button(
                    index,
                    "flow",
                    ".flow_token",
                    "flow_token",
                    ParamKind::FlowToken,
                    false,
                );
                self.push_button(
                    index,
                    "flow",
                    ".flow_action_data",
                    "flow_action_data",
                    ParamKind::FlowActionData,
                    false,
                );
            }
            // The product is in the header; phone and static URL buttons take nothing.
            Button::Spm(_) | Button::PhoneNumber(_) | Button::Url(_) => {}
        }
    }
}
