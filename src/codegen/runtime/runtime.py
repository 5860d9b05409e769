
"""WhatsApp Cloud API send bodies, one typed builder per template.

`build_NAME(to, language, params)` returns the body of `POST /{PHONE_NUMBER_ID}/messages`
(or `/marketing_messages`, see `send_path`); post it as JSON with any HTTP client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Json = Union[None, bool, int, float, str, list["Json"], dict[str, "Json"]]
SendBody = dict[str, Json]


def send_path(phone_number_id: str, marketing_messages: bool = False) -> str:
    """`/{PHONE_NUMBER_ID}/messages`, or `/marketing_messages` for a MARKETING template."""
    edge = "marketing_messages" if marketing_messages else "messages"
    return f"/{phone_number_id}/{edge}"


@dataclass(frozen=True, kw_only=True)
class Currency:
    fallback_value: str
    code: str
    amount_1000: int


@dataclass(frozen=True, kw_only=True)
class DateTime:
    fallback_value: str


# A body or header variable: a text, a currency or a date-time.
Text = Union[str, Currency, DateTime]


@dataclass(frozen=True, kw_only=True)
class MediaId:
    id: str
    filename: str | None = None


@dataclass(frozen=True, kw_only=True)
class MediaLink:
    link: str
    filename: str | None = None


# A media id, an `https://` link, or either with a file name.
Media = Union[str, MediaId, MediaLink]


@dataclass(frozen=True, kw_only=True)
class Location:
    latitude: str
    longitude: str
    name: str | None = None
    address: str | None = None


@dataclass(frozen=True, kw_only=True)
class Product:
    catalog_id: str
    product_retailer_id: str


@dataclass(frozen=True, kw_only=True)
class Section:
    title: str
    product_items: list[str]


@dataclass(frozen=True, kw_only=True)
class TapTarget:
    url: str
    title: str


_Place = tuple[Union[int, None], str, Union[int, None], Union[str, None]]


@dataclass
class _Part:
    place: _Place
    parameter: Json = None
    action: tuple[str, Json] | None = None


@dataclass
class _Group:
    place: _Place
    parameters: list[Json] = field(default_factory=list)
    action: dict[str, Json] = field(default_factory=dict)

    def component(self) -> Json:
        parameters = list(self.parameters)
        if self.action:
            parameters.append({"type": "action", "action": self.action})
        if not parameters:
            return None
        _, kind, index, sub_type = self.place
        out: dict[str, Json] = {"type": kind}
        if sub_type is not None:
            out["sub_type"] = sub_type
            # The voice-call button is addressed by its sub_type alone.
            if sub_type != "voice_call":
                out["index"] = str(index or 0)
        out["parameters"] = parameters
        return out


def _part(
    card: int | None,
    component: str,
    index: int | None,
    sub_type: str | None,
    parameter: Json,
) -> _Part:
    return _Part((card, component, index, sub_type), parameter)


def _action(
    card: int | None,
    component: str,
    index: int | None,
    sub_type: str | None,
    name: str,
    value: Json,
) -> _Part:
    return _Part((card, component, index, sub_type), None, (name, value))


def _text(value: Text | None, name: str | None) -> Json:
    if value is None:
        return None
    parameter: dict[str, Json]
    if isinstance(value, Currency):
        currency: dict[str, Json] = {
            "fallback_value": value.fallback_value,
            "code": value.code,
            "amount_1000": value.amount_1000,
        }
        parameter = {"type": "currency", "currency": currency}
    elif isinstance(value, DateTime):
        date_time: dict[str, Json] = {"fallback_value": value.fallback_value}
        parameter = {"type": "date_time", "date_time": date_time}
    else:
        parameter = {"type": "text", "text": value}
    if name is not None:
        parameter["parameter_name"] = name
    return parameter


def _button_text(value: str | None) -> Json:
    return None if value is None else {"type": "text", "text": value}


def _media(kind: str, value: Media | None) -> Json:
    if value is None:
        return None
    media: dict[str, Json]
    if isinstance(value, str):
        media = {"link": value} if "://" in value else {"id": value}
    else:
        media = {"id": value.id} if isinstance(value, MediaId) else {"link": value.link}
        if value.filename is not None:
            media["filename"] = value.filename
    return {"type": kind, kind: media}


def _location(value: Location | None) -> Json:
    if value is None:
        return None
    place: dict[str, Json] = {"latitude": value.latitude, "longitude": value.longitude}
    if value.name is not None:
        place["name"] = value.name
    if value.address is not None:
        place["address"] = value.address
    return {"type": "location", "location": place}


def _product(value: Product | None) -> Json:
    if value is None:
        return None
    product: dict[str, Json] = {
        "product_retailer_id": value.product_retailer_id,
        "catalog_id": value.catalog_id,
    }
    return {"type": "product", "product": product}


def _sections(value: list[Section] | None) -> Json:
    if value is None:
        return None
    out: list[Json] = []
    for section in value:
        items: list[Json] = [{"product_retailer_id": i} for i in section.product_items]
        out.append({"title": section.title, "product_items": items})
    return out


def _coupon_code(value: str | None) -> Json:
    return None if value is None else {"type": "coupon_code", "coupon_code": value}


def _payload(value: str | None) -> Json:
    return None if value is None else {"type": "payload", "payload": value}


def _expiration(value: int | None) -> Json:
    if value is None:
        return None
    offer: dict[str, Json] = {"expiration_time_ms": value}
    return {"type": "limited_time_offer", "limited_time_offer": offer}


def _ttl_minutes(value: int | None) -> Json:
    return None if value is None else {"type": "ttl_minutes", "ttl_minutes": value}


def _tap_target(value: TapTarget | None) -> Json:
    if value is None:
        return None
    targets: list[Json] = [{"url": value.url, "title": value.title}]
    return {"type": "tap_target_configuration", "tap_target_configuration": targets}


def _assemble(
    name: str, language: str, to: str, cards: int | None, parts: list[_Part]
) -> SendBody:
    groups: list[_Group] = []
    for part in parts:
        group = next((g for g in groups if g.place == part.place), None)
        if group is None:
            group = _Group(part.place)
            groups.append(group)
        if part.parameter is not None:
            group.parameters.append(part.parameter)
        if part.action is not None and part.action[1] is not None:
            group.action[part.action[0]] = part.action[1]
    components: list[Json] = []
    carousel: list[list[Json]] | None = None
    at = 0
    for group in groups:
        built = group.component()
        card = group.place[0]
        if card is None:
            if built is not None:
                components.append(built)
            continue
        if carousel is None:
            carousel = [[] for _ in range(card + 1 if cards is None else cards)]
            at = len(components)
        if built is not None:
            carousel[card].append(built)
    if carousel is not None:
        card_list: list[Json] = [
            {"card_index": i, "components": c} for i, c in enumerate(carousel)
        ]
        components.insert(at, {"type": "carousel", "cards": card_list})
    template: dict[str, Json] = {"name": name, "language": {"code": language}}
    if components:
        template["components"] = components
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "template",
        "template": template,
    }
