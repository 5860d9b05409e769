/** A JSON value. */
export type Json =
  | null
  | boolean
  | number
  | string
  | Json[]
  | { [key: string]: Json };

/** The body of `POST /{PHONE_NUMBER_ID}/messages` (or `/marketing_messages`). */
export type SendBody = { [key: string]: Json };

/** `/{PHONE_NUMBER_ID}/messages`, or `/marketing_messages` for a MARKETING template. */
export function sendPath(
  phoneNumberId: string,
  marketingMessages = false,
): string {
  const edge = marketingMessages ? "marketing_messages" : "messages";
  return `/${phoneNumberId}/${edge}`;
}

export type Currency = {
  fallback_value: string;
  code: string;
  amount_1000: number;
};
export type DateTime = { fallback_value: string };
/** A body or header variable: a text, a currency or a date-time. */
export type Text = string | { currency: Currency } | { date_time: DateTime };
/** A media id, an `https://` link, or either with a file name. */
export type Media =
  | string
  | { id: string; filename?: string }
  | { link: string; filename?: string };
export type Location = {
  latitude: string;
  longitude: string;
  name?: string;
  address?: string;
};
export type Product = { catalog_id: string; product_retailer_id: string };
export type Section = { title: string; product_items: string[] };
export type TapTarget = { url: string; title: string };

type Place = {
  card: number | null;
  component: string;
  index: number | null;
  subType: string | null;
};
type Part = Place & {
  parameter?: Json;
  action?: [string, Json | undefined];
};
type Group = Place & {
  parameters: Json[];
  action: { [key: string]: Json };
};

function part(
  card: number | null,
  component: string,
  index: number | null,
  subType: string | null,
  parameter: Json | undefined,
): Part {
  const place = { card, component, index, subType };
  return parameter === undefined ? place : { ...place, parameter };
}

function action(
  card: number | null,
  component: string,
  index: number | null,
  subType: string | null,
  field: string,
  value: Json | undefined,
): Part {
  return { card, component, index, subType, action: [field, value] };
}

function text(value: Text | undefined, name: string | null): Json | undefined {
  if (value === undefined) return undefined;
  let parameter: { [key: string]: Json };
  if (typeof value === "string") {
    parameter = { type: "text", text: value };
  } else if ("currency" in value) {
    const { fallback_value, code, amount_1000 } = value.currency;
    parameter = {
      type: "currency",
      currency: { fallback_value, code, amount_1000 },
    };
  } else {
    const { fallback_value } = value.date_time;
    parameter = { type: "date_time", date_time: { fallback_value } };
  }
  if (name !== null) parameter.parameter_name = name;
  return parameter;
}

function buttonText(value: string | undefined): Json | undefined {
  return value === undefined ? undefined : { type: "text", text: value };
}

function media(kind: string, value: Media | undefined): Json | undefined {
  if (value === undefined) return undefined;
  let object: { [key: string]: Json };
  if (typeof value === "string") {
    object = value.indexOf("://") >= 0 ? { link: value } : { id: value };
  } else {
    object = "id" in value ? { id: value.id } : { link: value.link };
    if (value.filename !== undefined) object.filename = value.filename;
  }
  return { type: kind, [kind]: object };
}

function location(value: Location | undefined): Json | undefined {
  if (value === undefined) return undefined;
  const place: { [key: string]: Json } = {
    latitude: value.latitude,
    longitude: value.longitude,
  };
  if (value.name !== undefined) place.name = value.name;
  if (value.address !== undefined) place.address = value.address;
  return { type: "location", location: place };
}

function product(value: Product | undefined): Json | undefined {
  if (value === undefined) return undefined;
  const { product_retailer_id, catalog_id } = value;
  return { type: "product", product: { product_retailer_id, catalog_id } };
}

function sections(value: Section[] | undefined): Json | undefined {
  return value?.map((section) => ({
    title: section.title,
    product_items: section.product_items.map((id) => ({
      product_retailer_id: id,
    })),
  }));
}

function couponCode(value: string | undefined): Json | undefined {
  return value === undefined
    ? undefined
    : { type: "coupon_code", coupon_code: value };
}

function payload(value: string | undefined): Json | undefined {
  return value === undefined ? undefined : { type: "payload", payload: value };
}

function expiration(value: number | undefined): Json | undefined {
  return value === undefined
    ? undefined
    : {
        type: "limited_time_offer",
        limited_time_offer: { expiration_time_ms: value },
      };
}

function ttlMinutes(value: number | undefined): Json | undefined {
  return value === undefined
    ? undefined
    : { type: "ttl_minutes", ttl_minutes: value };
}

function tapTarget(value: TapTarget | undefined): Json | undefined {
  if (value === undefined) return undefined;
  const target = { url: value.url, title: value.title };
  return {
    type: "tap_target_configuration",
    tap_target_configuration: [target],
  };
}

function component(group: Group): Json | undefined {
  const parameters = [...group.parameters];
  if (Object.keys(group.action).length > 0) {
    parameters.push({ type: "action", action: group.action });
  }
  if (parameters.length === 0) return undefined;
  const out: { [key: string]: Json } = { type: group.component };
  if (group.subType !== null) {
    out.sub_type = group.subType;
    // The voice-call button is addressed by its sub_type alone.
    if (group.subType !== "voice_call") out.index = String(group.index ?? 0);
  }
  out.parameters = parameters;
  return out;
}

function assemble(
  name: string,
  language: string,
  to: string,
  cards: number | null,
  parts: Part[],
): SendBody {
  const groups: Group[] = [];
  for (const { parameter, action, ...place } of parts) {
    let group: Group | undefined;
    for (const g of groups) {
      if (
        g.card === place.card &&
        g.component === place.component &&
        g.index === place.index &&
        g.subType === place.subType
      ) {
        group = g;
        break;
      }
    }
    if (group === undefined) {
      group = { ...place, parameters: [], action: {} };
      groups.push(group);
    }
    if (parameter !== undefined) group.parameters.push(parameter);
    if (action !== undefined && action[1] !== undefined) {
      group.action[action[0]] = action[1];
    }
  }
  const components: Json[] = [];
  let carousel: Json[][] | null = null;
  let at = 0;
  for (const group of groups) {
    const built = component(group);
    if (group.card === null) {
      if (built !== undefined) components.push(built);
      continue;
    }
    if (carousel === null) {
      const length = cards ?? group.card + 1;
      carousel = [];
      for (let i = 0; i < length; i++) carousel.push([]);
      at = components.length;
    }
    if (built !== undefined) carousel[group.card]?.push(built);
  }
  if (carousel !== null) {
    const cardList = carousel.map((c, i) => ({ card_index: i, components: c }));
    components.splice(at, 0, { type: "carousel", cards: cardList });
  }
  const template: { [key: string]: Json } = {
    name,
    language: { code: language },
  };
  if (components.length > 0) template.components = components;
  return {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to,
    type: "template",
    template,
  };
}
