// Package templates builds WhatsApp Cloud API send bodies, one typed builder per
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
