"""Card-face templates: the layout of one card back as data (``resources/card_faces/*.toml``).

One file per layout; the active one is the setting ``printer.layout``. Lengths are millimetres
from the card's top-left corner. A text field's (x, y) is the top-left corner of its em box
(see :data:`EM_TOP`), so the numbers in the template are the numbers of the spec and a ruler.
A field either has a fixed ``text`` (a printed label) or a ``format`` filled from the face data
(``{name}``, ``{social_security_number}``, ``{card_number}``, ``{issue_date}``).

No Qt here: the templates are read and checked by tests and tools without a display.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from counter_app.paths import ENV_RESOURCES, resources_dir  # noqa: F401  (re-exported: the one lookup)
from counter_app.printing.errors import TemplateError

LAYOUTS = ("labels_printed", "labels_preprinted")
FORMAT_KEYS = ("name", "social_security_number", "card_number", "issue_date")
WEIGHTS = {"normal": 400, "bold": 700}


@dataclass(frozen=True, slots=True)
class Box:
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float


@dataclass(frozen=True, slots=True)
class TextField:
    key: str
    x_mm: float
    y_mm: float
    size_pt: float
    weight: str = "bold"
    family: str = "serif"
    text: str | None = None          # a fixed label
    format: str | None = None        # filled from the face data
    max_width_mm: float | None = None

    def value(self, data: dict[str, str]) -> str:
        if self.text is not None:
            return self.text
        assert self.format is not None
        return self.format.format(**data)


@dataclass(frozen=True, slots=True)
class CardTemplate:
    name: str
    title_zh: str
    title_en: str
    width_mm: float
    height_mm: float
    corner_radius_mm: float
    photo: Box
    fields: tuple[TextField, ...]

    def field(self, key: str) -> TextField:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


def template_path(layout: str) -> Path:
    return resources_dir() / "card_faces" / f"{layout}.toml"


def load_template(layout: str, path: str | os.PathLike | None = None) -> CardTemplate:
    """Read and check one layout. Raises :class:`TemplateError` with what is wrong."""
    if path is None and layout not in LAYOUTS:
        raise TemplateError(f"未知的卡面版式“{layout}”（可选：{'、'.join(LAYOUTS)}）。",
                            f"Unknown card layout '{layout}' (one of: {', '.join(LAYOUTS)}).")
    p = Path(path) if path else template_path(layout)
    try:
        with p.open("rb") as f:
            raw = tomllib.load(f)
    except OSError as exc:
        raise TemplateError(f"无法读取卡面模板 {p}：{exc.strerror}", f"Cannot read the card template {p}: "
                            f"{exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"卡面模板 {p} 格式错误：{exc}", f"The card template {p} is malformed: {exc}") from exc
    try:
        return _parse(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise TemplateError(f"卡面模板 {p} 内容错误：{exc!r}", f"The card template {p} is invalid: {exc!r}") from exc


def _parse(raw: dict) -> CardTemplate:
    page, photo = raw["page"], raw["photo"]
    fields = []
    for item in raw["fields"]:
        f = TextField(
            key=str(item["key"]), x_mm=float(item["x_mm"]), y_mm=float(item["y_mm"]),
            size_pt=float(item["size_pt"]), weight=str(item.get("weight", "bold")),
            family=str(item.get("family", "serif")), text=item.get("text"), format=item.get("format"),
            max_width_mm=float(item["max_width_mm"]) if "max_width_mm" in item else None,
        )
        if (f.text is None) == (f.format is None):
            raise ValueError(f"field {f.key}: exactly one of text and format")
        if f.weight not in WEIGHTS:
            raise ValueError(f"field {f.key}: weight must be one of {sorted(WEIGHTS)}")
        if f.format is not None:
            f.format.format(**{k: "" for k in FORMAT_KEYS})  # unknown placeholders fail here
        fields.append(f)
    t = CardTemplate(
        name=str(raw["name"]), title_zh=str(raw.get("title_zh", "")), title_en=str(raw.get("title_en", "")),
        width_mm=float(page["width_mm"]), height_mm=float(page["height_mm"]),
        corner_radius_mm=float(page.get("corner_radius_mm", 0.0)),
        photo=Box(float(photo["x_mm"]), float(photo["y_mm"]), float(photo["width_mm"]), float(photo["height_mm"])),
        fields=tuple(fields),
    )
    for box_name, (x, y, w, h) in [("photo", (t.photo.x_mm, t.photo.y_mm, t.photo.width_mm, t.photo.height_mm))] + \
            [(f.key, (f.x_mm, f.y_mm, 0, f.size_pt * 25.4 / 72)) for f in fields]:
        if x < 0 or y < 0 or x + w > t.width_mm or y + h > t.height_mm:
            raise ValueError(f"{box_name} lies outside the card")
    return t


def format_issue_date(day: dt.date, pattern: str) -> str:
    """The issue date as the setting ``printer.date_format`` says: ``YYYY年M月D日`` or ``YYYY年M月``
    (also ``YYYY``, ``MM``, ``DD`` for zero-padded forms such as ``YYYY.MM``)."""
    out = pattern
    for token, value in (("YYYY", f"{day.year:04d}"), ("MM", f"{day.month:02d}"), ("DD", f"{day.day:02d}"),
                         ("M", str(day.month)), ("D", str(day.day))):
        out = out.replace(token, value)
    return out
