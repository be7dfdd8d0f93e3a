"""The card profile as data: AIDs, files, records, keys and PSAM key references of one card layout.

Everything the spec marks [ours] (and everything a province may lay out differently) lives in a TOML
file, ``profiles/ssc3_default.toml`` by default, loaded into a frozen :class:`CardProfile`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from counter_app.card.tlv import FieldEncoding

DEFAULT_PROFILE = "ssc3_default.toml"


class ProfileError(ValueError):
    """A profile file that is malformed or inconsistent."""


@dataclass(frozen=True, slots=True)
class RecordSpec:
    file_id: int
    number: int
    tag: int
    field: str
    length: int
    encoding: FieldEncoding
    label: str
    writer: str  # "factory" or "counter"


@dataclass(frozen=True, slots=True)
class PsamKeyRef:
    """DELIVER KEY parameters of one master key in the PSAM."""

    key_type: int
    index: int


@dataclass(frozen=True, slots=True)
class KeyRole:
    """One card key: its id on the card and the PSAM master key it is diversified from."""

    name: str
    card_key_id: int
    psam: PsamKeyRef


@dataclass(frozen=True)
class CardProfile:
    name: str
    description: str
    ssse_aid: bytes
    pki_aid: bytes
    required_algorithm: int
    algorithm_when_absent: int
    internal_auth_p2: int
    spec_version: str
    card_id_pattern: re.Pattern[str]
    region_code: str
    accepted_regions: tuple[str, ...]
    ef_card_management: int
    ef_holder: int
    ef_photo: int
    personal_files: tuple[int, ...]
    key_internal_auth: KeyRole
    key_read: KeyRole
    key_write_holder: KeyRole
    key_write_issuer: KeyRole
    key_tries: int
    psam_terminal_number_sfi: int
    psam_levels: int
    photo_max_size: int
    photo_chunk_size: int
    photo_width: int
    photo_height: int
    ef05: tuple[RecordSpec, ...]
    ef06: tuple[RecordSpec, ...]
    # PKI management key (GENERATE, IMPORT, certificate writes in the PKI ADF); None in a profile without it
    key_pki: KeyRole | None = None
    key_pin_reload: KeyRole | None = None

    def record(self, field: str) -> RecordSpec:
        for spec in self.ef05 + self.ef06:
            if spec.field == field:
                return spec
        raise KeyError(f"profile {self.name} has no record for field {field!r}")

    @property
    def counter_records(self) -> tuple[RecordSpec, ...]:
        """The records the counter writes, EF06 first, then EF05 (the order of the spec's steps 4 and 5)."""
        return tuple(r for r in self.ef06 + self.ef05 if r.writer == "counter")


def _key(doc: dict[str, Any], name: str) -> KeyRole:
    psam = doc["psam"]["keys"][name]
    return KeyRole(name, int(doc["keys"][name]), PsamKeyRef(int(psam["type"]), int(psam["index"])))


def _records(doc: dict[str, Any], section: str, file_id: int) -> tuple[RecordSpec, ...]:
    out = []
    for r in doc.get(section, []):
        spec = RecordSpec(file_id, int(r["number"]), int(r["tag"]), str(r["field"]), int(r["length"]),
                          FieldEncoding(r["encoding"]), str(r.get("label", r["field"])), str(r.get("writer", "counter")))
        if not (1 <= spec.number <= 254 and 0 <= spec.tag <= 0xFF and 1 <= spec.length <= 253):
            raise ProfileError(f"{section} record {spec.field}: number, tag or length out of range")
        if spec.writer not in ("factory", "counter"):
            raise ProfileError(f"{section} record {spec.field}: writer must be factory or counter")
        out.append(spec)
    numbers = [r.number for r in out]
    if len(set(numbers)) != len(numbers):
        raise ProfileError(f"{section}: duplicate record numbers")
    return tuple(out)


def profile_from_dict(doc: dict[str, Any]) -> CardProfile:
    try:
        files = doc["files"]
        profile = CardProfile(
            name=str(doc["profile"]["name"]),
            description=str(doc["profile"].get("description", "")),
            ssse_aid=bytes.fromhex(doc["application"]["ssse_aid"]),
            pki_aid=bytes.fromhex(doc["application"]["pki_aid"]),
            required_algorithm=int(doc["application"]["required_algorithm"]),
            algorithm_when_absent=int(doc["application"]["algorithm_when_absent"]),
            internal_auth_p2=int(doc["application"].get("internal_auth_p2", 0)),
            spec_version=str(doc["stock"]["spec_version"]),
            card_id_pattern=re.compile(doc["stock"]["card_id_pattern"]),
            region_code=str(doc["stock"]["region_code"]),
            accepted_regions=tuple(str(r) for r in doc["stock"].get("accepted_regions", [])),
            ef_card_management=int(files["card_management"]),
            ef_holder=int(files["holder"]),
            ef_photo=int(files["photo"]),
            personal_files=tuple(int(f) for f in files.get("personal", [files["holder"], files["photo"]])),
            key_internal_auth=_key(doc, "internal_auth"),
            key_read=_key(doc, "read"),
            key_write_holder=_key(doc, "write_holder"),
            key_write_issuer=_key(doc, "write_issuer"),
            key_tries=int(doc["keys"].get("tries", 3)),
            psam_terminal_number_sfi=int(doc["psam"]["terminal_number_sfi"]),
            psam_levels=int(doc["psam"]["levels"]),
            photo_max_size=int(doc["photo"]["max_size"]),
            photo_chunk_size=int(doc["photo"]["chunk_size"]),
            photo_width=int(doc["photo"].get("width", 150)),
            photo_height=int(doc["photo"].get("height", 180)),
            ef05=_records(doc, "ef05", int(files["card_management"])),
            ef06=_records(doc, "ef06", int(files["holder"])),
            key_pki=_key(doc, "pki") if "pki" in doc["keys"] else None,
            key_pin_reload=_key(doc, "pin_reload") if "pin_reload" in doc["keys"] else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ProfileError):
            raise
        raise ProfileError(f"card profile malformed: {exc!r}") from exc
    if not 1 <= profile.photo_chunk_size <= 255:
        raise ProfileError("photo chunk_size must be 1..255 (short APDU)")
    required = {"card_id", "spec_version", "issue_date", "expiry_date", "card_number",
                "social_security_number", "chip_name"}
    missing = required - {r.field for r in profile.ef05 + profile.ef06}
    if missing:
        raise ProfileError(f"card profile lacks records for {', '.join(sorted(missing))}")
    return profile


def load_profile(path: str | Path | None = None) -> CardProfile:
    """Load a profile file; without ``path``, the project default shipped with the package."""
    if path is None:
        data = resources.files("counter_app.card").joinpath("profiles", DEFAULT_PROFILE).read_bytes()
    else:
        data = Path(path).read_bytes()
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"card profile is not valid TOML: {exc}") from exc
    return profile_from_dict(doc)
