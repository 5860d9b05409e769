//! Go: a package of structs and functions over `encoding/json`, gofmt-clean. Go has no
//! required struct fields and no closed string sets, so a template's required parameters are
//! the builder's arguments (omitting one fails to compile), its optional ones an `Options`
//! struct, and its languages values of a struct type no caller can make.

use super::{Convert, Field, Model, Value, Variant, names};

pub fn render(model: &Model) -> String {
    let mut out = String::new();
    for line in super::header(model) {
        out.push_str(&format!("// {line}\n"));
    }
    out.push('\n');
    out.push_str(RUNTIME);
    for code in &model.templates {
        out.push_str(&format!("\n// {}\n", super::marker(code)));
        for variant in &code.variants {
            out.push_str(&variant_code(variant));
        }
    }
    out
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// The Go type of a field: its value, or a pointer to it when it may be left out.
fn field_type(field: &Field) -> String {
    let base = match field.value {
        Value::Text => return "TextValue".into(),
        Value::Map => return "map[string]any".into(),
        Value::Sections => return "[]Section".into(),
        Value::String => "string",
        Value::Media => "Media",
        Value::Location => "Location",
        Value::Product => "Product",
        Value::Integer => "int64",
        Value::TapTarget => "TapTarget",
    };
    if field.required {
        base.into()
    } else {
        format!("*{base}")
    }
}

/// Names the builder's body uses besides the parameters: its other arguments and the
/// package's functions, which a parameter of the same name would hide.
const TAKEN: [&str; 24] = [
    "to",
    "language",
    "options",
    "cards",
    "card0",
    "card1",
    "card2",
    "card3",
    "card4",
    "card5",
    "card6",
    "card7",
    "card8",
    "card9",
    "parameter",
    "action",
    "text",
    "buttonText",
    "media",
    "location",
    "product",
    "sections",
    "couponCode",
    "payload",
];
/// More of the package's functions (kept apart to keep the lists short).
const TAKEN_TOO: [&str; 6] = [
    "expiration",
    "ttlMinutes",
    "tapTarget",
    "optionalString",
    "optionalMap",
    "assemble",
];

/// The name of a required parameter, as the builder's (or card constructor's) argument and
/// as the card's unexported field.
fn argument(field: &Field) -> String {
    let name = names::go_parameter(&field.name);
    if TAKEN.contains(&name.as_str()) || TAKEN_TOO.contains(&name.as_str()) {
        format!("{name}Param")
    } else {
        name
    }
}

/// `rows` as gofmt aligns them: the first column padded to the widest.
fn aligned(indent: &str, rows: &[(String, String)], separator: &str) -> String {
    let width = rows
        .iter()
        .map(|(a, _)| a.chars().count())
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|(a, b)| {
            let pad = " ".repeat(width - a.chars().count());
            format!("{indent}{a}{pad}{separator}{b}\n")
        })
        .collect()
}

fn struct_type(name: &str, rows: &[(String, String)]) -> String {
    if rows.is_empty() {
        format!("type {name} struct{{}}\n")
    } else {
        format!("type {name} struct {{\n{}}}\n", aligned("\t", rows, " "))
    }
}

fn card_type(variant: &Variant, card: usize) -> String {
    if variant.uniform_cards() {
        format!("{}Card", variant.type_name)
    } else {
        format!("{}Card{card}", variant.type_name)
    }
}

fn keys(fields: &[&Field]) -> String {
    fields
        .iter()
        .map(|f| f.key.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn variant_code(variant: &Variant) -> String {
    let name = &variant.type_name;
    let mut out = String::new();
    out.push_str(&format!(
        "\n// {name}Language is a language {} is declared in: one of the {name}In values.\ntype {name}Language struct{{ code string }}\n\n// The languages of {} with this signature.\nvar (\n",
        variant.name, variant.name
    ));
    let rows: Vec<(String, String)> = variant
        .languages
        .iter()
        .map(|l| {
            (
                format!("{name}In{}", names::Name::of(l).pascal()),
                format!("{name}Language{{{}}}", quoted(l)),
            )
        })
        .collect();
    out.push_str(&aligned("\t", &rows, " = "));
    out.push_str(")\n");
    if let Some(cards) = &variant.cards {
        for (index, card) in cards.iter().enumerate() {
            if index > 0 && variant.uniform_cards() {
                break;
            }
            let card_name = card_type(variant, index);
            let required: Vec<&Field> = card.iter().filter(|f| f.required).collect();
            let mut rows: Vec<(String, String)> = required
                .iter()
                .map(|f| (argument(f), field_type(f)))
                .collect();
            rows.extend(
                card.iter()
                    .filter(|f| !f.required)
                    .map(|f| (f.name.pascal(), field_type(f))),
            );
            out.push_str(&format!(
                "\n// {card_name} is a carousel card of {}: make it with New{card_name} and set\n// the optional fields.\n",
                variant.name
            ));
            out.push_str(&struct_type(&card_name, &rows));
            let arguments: Vec<String> = required
                .iter()
                .map(|f| format!("{} {}", argument(f), field_type(f)))
                .collect();
            let values: Vec<String> = required
                .iter()
                .map(|f| format!("{0}: {0}", argument(f)))
                .collect();
            out.push_str(&format!(
                "\n// New{card_name} takes the card's required parameters ({}).\nfunc New{card_name}({}) {card_name} {{\n\treturn {card_name}{{{}}}\n}}\n",
                if required.is_empty() { "none".to_owned() } else { keys(&required) },
                arguments.join(", "),
                values.join(", ")
            ));
        }
    }
    let required: Vec<&Field> = variant.fields.iter().filter(|f| f.required).collect();
    let optional: Vec<&Field> = variant.fields.iter().filter(|f| !f.required).collect();
    if !optional.is_empty() {
        out.push_str(&format!(
            "\n// {name}Options are the parameters a send of {} may leave out ({}).\n",
            variant.name,
            keys(&optional)
        ));
        let rows: Vec<(String, String)> = optional
            .iter()
            .map(|f| (f.name.pascal(), field_type(f)))
            .collect();
        out.push_str(&struct_type(&format!("{name}Options"), &rows));
    }
    out.push_str(&format!(
        "\n// Build{name} is the body of a send of {} ({}) to to; the\n// parameters in the template's order{}.\nfunc Build{name}(\n\tto string,\n\tlanguage {name}Language,\n",
        variant.name,
        variant.category,
        if required.is_empty() {
            String::new()
        } else {
            format!(": {}", keys(&required))
        }
    ));
    for field in &required {
        out.push_str(&format!("\t{} {},\n", argument(field), field_type(field)));
    }
    if let Some(cards) = &variant.cards {
        let types: Vec<String> = (0..cards.len()).map(|i| card_type(variant, i)).collect();
        if variant.uniform_cards() {
            out.push_str(&format!("\tcards [{}]{},\n", cards.len(), types[0]));
        } else {
            for (i, t) in types.iter().enumerate() {
                out.push_str(&format!("\tcard{i} {t},\n"));
            }
        }
    }
    if !optional.is_empty() {
        out.push_str(&format!("\toptions {name}Options,\n"));
    }
    let cards = variant.cards.as_ref().map_or(-1, |c| c.len() as i64);
    out.push_str(&format!(
        ") SendBody {{\n\treturn assemble({}, language.code, to, {cards}, []part{{\n",
        quoted(&variant.name)
    ));
    for part in &variant.parts {
        let (field, access) = match part.card {
            Some(card) => {
                let field = &variant.cards.as_ref().expect("cards")[card][part.field];
                let holder = if variant.uniform_cards() {
                    format!("cards[{card}]")
                } else {
                    format!("card{card}")
                };
                let member = if field.required {
                    argument(field)
                } else {
                    field.name.pascal()
                };
                (field, format!("{holder}.{member}"))
            }
            None => {
                let field = &variant.fields[part.field];
                let access = if field.required {
                    argument(field)
                } else {
                    format!("options.{}", field.name.pascal())
                };
                (field, access)
            }
        };
        // The converters take a pointer (nil: left out); a required value is addressed.
        let pointer = if field.required
            && !matches!(field.value, Value::Text | Value::Map | Value::Sections)
        {
            format!("&{access}")
        } else {
            access.clone()
        };
        let place = format!(
            "{}, {}, {}, {}",
            part.card.map_or("-1".into(), |c| c.to_string()),
            quoted(part.component),
            part.button_index.map_or("-1".into(), |i| i.to_string()),
            quoted(part.sub_type.unwrap_or(""))
        );
        let call = match &part.convert {
            Convert::Action(action) => {
                let value = match field.value {
                    Value::Sections => format!("sections({access})"),
                    Value::Map => format!("optionalMap({access})"),
                    _ => format!("optionalString({pointer})"),
                };
                format!("action({place}, {}, {value})", quoted(action))
            }
            convert => format!(
                "parameter({place}, {})",
                converted(convert, &access, &pointer, field.value == Value::String)
            ),
        };
        out.push_str(&format!("\t\t{call},\n"));
    }
    out.push_str("\t})\n}\n");
    out
}

fn converted(convert: &Convert, value: &str, pointer: &str, is_string: bool) -> String {
    match convert {
        // A text that is also a button's (the one-time password) is a plain string.
        Convert::Text { parameter_name } if is_string => format!(
            "text(Text({value}), {})",
            quoted(parameter_name.as_deref().unwrap_or(""))
        ),
        Convert::Text { parameter_name } => format!(
            "text({value}, {})",
            quoted(parameter_name.as_deref().unwrap_or(""))
        ),
        Convert::ButtonText => format!("buttonText({pointer})"),
        Convert::Media(kind) => format!("media({}, {pointer})", quoted(kind)),
        Convert::Location => format!("location({pointer})"),
        Convert::Product => format!("product({pointer})"),
        Convert::CouponCode => format!("couponCode({pointer})"),
        Convert::Payload => format!("payload({pointer})"),
        Convert::Expiration => format!("expiration({pointer})"),
        Convert::TtlMinutes => format!("ttlMinutes({pointer})"),
        Convert::TapTarget => format!("tapTarget({pointer})"),
        Convert::Action(_) => unreachable!("actions are parts of their own"),
    }
}

/// The types and the assembly shared by every template: the body is built as
/// `crate::send::build_send_body` builds it, key for key, in the same order.
const RUNTIME: &str = r#"// Package templates builds WhatsApp Cloud API send bodies, one typed builder per
// template: BuildNAME returns the body of POST /{PHONE_NUMBER_ID}/messages (or
// /marketing_messages, see SendPath); post its JSON with any HTTP client.
package templates

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// SendBody is the body of a send, its keys in the order wabactl send writes them.
type SendBody struct{ body object }

// JSON is the body as sent: keys in order, no HTML escaping.
func (b SendBody) JSON() ([]byte, error) { return encode(b.body) }

// MarshalJSON writes the body with its keys in order.
func (b SendBody) MarshalJSON() ([]byte, error) { return encode(b.body) }

// SendPath is /{PHONE_NUMBER_ID}/messages, or /marketing_messages for a MARKETING
// template through the Marketing Messages API.
func SendPath(phoneNumberID string, marketingMessages bool) string {
	if marketingMessages {
		return "/" + phoneNumberID + "/marketing_messages"
	}
	return "/" + phoneNumberID + "/messages"
}

// TextValue is a body or header variable: a Text, a Currency or a DateTime.
type TextValue interface{ textParameter() object }

// Text is a plain text value.
type Text string

func (t Text) textParameter() object {
	return object{{"type", "text"}, {"text", string(t)}}
}

// Currency is a currency value.
type Currency struct {
	FallbackValue string
	Code          string
	Amount1000    int64
}

func (c Currency) textParameter() object {
	currency := object{{"fallback_value", c.FallbackValue}, {"code", c.Code}, {"amount_1000", c.Amount1000}}
	return object{{"type", "currency"}, {"currency", currency}}
}

// DateTime is a date-time value.
type DateTime struct{ FallbackValue string }

func (d DateTime) textParameter() object {
	return object{{"type", "date_time"}, {"date_time", object{{"fallback_value", d.FallbackValue}}}}
}

// Media is a media ID or an https:// link, with a file name for a document.
type Media struct {
	ID       string
	Link     string
	Filename string
}

// Location is a location header's place.
type Location struct {
	Latitude  string
	Longitude string
	Name      string
	Address   string
}

// Product is a product of a catalog.
type Product struct {
	CatalogID         string
	ProductRetailerID string
}

// Section is a section of a multi-product message.
type Section struct {
	Title        string
	ProductItems []string
}

// TapTarget is the tap target shown instead of the header's.
type TapTarget struct {
	URL   string
	Title string
}

type member struct {
	key   string
	value any
}

// object is a JSON object whose keys keep their order.
type object []member

func (o object) MarshalJSON() ([]byte, error) {
	var out bytes.Buffer
	out.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			out.WriteByte(',')
		}
		key, err := encode(m.key)
		if err != nil {
			return nil, err
		}
		value, err := encode(m.value)
		if err != nil {
			return nil, err
		}
		out.Write(key)
		out.WriteByte(':')
		out.Write(value)
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

func encode(value any) ([]byte, error) {
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(value); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
}

type place struct {
	card      int
	component string
	index     int
	subType   string
}

type part struct {
	place     place
	parameter any
	action    string
	value     any
}

func parameter(card int, component string, index int, subType string, value any) part {
	return part{place: place{card, component, index, subType}, parameter: value}
}

func action(card int, component string, index int, subType string, name string, value any) part {
	return part{place: place{card, component, index, subType}, action: name, value: value}
}

func text(value TextValue, name string) any {
	if value == nil {
		return nil
	}
	out := value.textParameter()
	if name != "" {
		out = append(out, member{"parameter_name", name})
	}
	return out
}

func buttonText(value *string) any {
	if value == nil {
		return nil
	}
	return object{{"type", "text"}, {"text", *value}}
}

func media(kind string, value *Media) any {
	if value == nil {
		return nil
	}
	reference := object{{"link", value.Link}}
	if value.ID != "" {
		reference = object{{"id", value.ID}}
	}
	if value.Filename != "" {
		reference = append(reference, member{"filename", value.Filename})
	}
	return object{{"type", kind}, {kind, reference}}
}

func location(value *Location) any {
	if value == nil {
		return nil
	}
	place := object{{"latitude", value.Latitude}, {"longitude", value.Longitude}}
	if value.Name != "" {
		place = append(place, member{"name", value.Name})
	}
	if value.Address != "" {
		place = append(place, member{"address", value.Address})
	}
	return object{{"type", "location"}, {"location", place}}
}

func product(value *Product) any {
	if value == nil {
		return nil
	}
	item := object{{"product_retailer_id", value.ProductRetailerID}, {"catalog_id", value.CatalogID}}
	return object{{"type", "product"}, {"product", item}}
}

func sections(value []Section) any {
	if value == nil {
		return nil
	}
	out := make([]any, 0, len(value))
	for _, section := range value {
		items := make([]any, 0, len(section.ProductItems))
		for _, id := range section.ProductItems {
			items = append(items, object{{"product_retailer_id", id}})
		}
		out = append(out, object{{"title", section.Title}, {"product_items", items}})
	}
	return out
}

func couponCode(value *string) any {
	if value == nil {
		return nil
	}
	return object{{"type", "coupon_code"}, {"coupon_code", *value}}
}

func payload(value *string) any {
	if value == nil {
		return nil
	}
	return object{{"type", "payload"}, {"payload", *value}}
}

func expiration(value *int64) any {
	if value == nil {
		return nil
	}
	offer := object{{"expiration_time_ms", *value}}
	return object{{"type", "limited_time_offer"}, {"limited_time_offer", offer}}
}

func ttlMinutes(value *int64) any {
	if value == nil {
		return nil
	}
	return object{{"type", "ttl_minutes"}, {"ttl_minutes", *value}}
}

func tapTarget(value *TapTarget) any {
	if value == nil {
		return nil
	}
	target := object{{"url", value.URL}, {"title", value.Title}}
	return object{{"type", "tap_target_configuration"}, {"tap_target_configuration", []any{target}}}
}

func optionalString(value *string) any {
	if value == nil {
		return nil
	}
	return *value
}

func optionalMap(value map[string]any) any {
	if value == nil {
		return nil
	}
	return value
}

type group struct {
	place      place
	parameters []any
	action     object
}

func (g *group) component() any {
	parameters := append([]any{}, g.parameters...)
	if len(g.action) > 0 {
		parameters = append(parameters, object{{"type", "action"}, {"action", g.action}})
	}
	if len(parameters) == 0 {
		return nil
	}
	out := object{{"type", g.place.component}}
	if g.place.subType != "" {
		out = append(out, member{"sub_type", g.place.subType})
		// The voice-call button is addressed by its sub_type alone.
		if g.place.subType != "voice_call" {
			index := g.place.index
			if index < 0 {
				index = 0
			}
			out = append(out, member{"index", strconv.Itoa(index)})
		}
	}
	return append(out, member{"parameters", parameters})
}

func assemble(name, language, to string, cards int, parts []part) SendBody {
	var groups []*group
	for _, p := range parts {
		var found *group
		for _, g := range groups {
			if g.place == p.place {
				found = g
				break
			}
		}
		if found == nil {
			found = &group{place: p.place}
			groups = append(groups, found)
		}
		if p.parameter != nil {
			found.parameters = append(found.parameters, p.parameter)
		}
		if p.action != "" && p.value != nil {
			found.action = append(found.action, member{p.action, p.value})
		}
	}
	components := []any{}
	var carousel [][]any
	at := 0
	for _, g := range groups {
		built := g.component()
		if g.place.card < 0 {
			if built != nil {
				components = append(components, built)
			}
			continue
		}
		if carousel == nil {
			length := cards
			if length < 0 {
				length = g.place.card + 1
			}
			carousel = make([][]any, length)
			at = len(components)
		}
		if built != nil {
			carousel[g.place.card] = append(carousel[g.place.card], built)
		}
	}
	if carousel != nil {
		cardList := make([]any, len(carousel))
		for i, c := range carousel {
			if c == nil {
				c = []any{}
			}
			cardList[i] = object{{"card_index", i}, {"components", c}}
		}
		rest := append([]any{object{{"type", "carousel"}, {"cards", cardList}}}, components[at:]...)
		components = append(components[:at], rest...)
	}
	template := object{{"name", name}, {"language", object{{"code", language}}}}
	if len(components) > 0 {
		template = append(template, member{"components", components})
	}
	return SendBody{object{
		{"messaging_product", "whatsapp"},
		{"recipient_type", "individual"},
		{"to", to},
		{"type", "template"},
		{"template", template},
	}}
}
"#;
