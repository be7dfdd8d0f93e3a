"""好差评: the applicant's rating of the service, a national rule for service halls.

Five levels, as the national 好差评 system names them (5 非常满意 … 1 非常不满意), an optional reason code
(chosen, never free text: the rating goes to the ledger and must carry no personal data) and the case number
it belongs to. A rating of 2 or less is a 差评: the national rule wants it followed up, so it is listed apart.

Pure Python: no I/O, no Qt.
"""

from __future__ import annotations

from enum import IntEnum

from counter_app.domain.problems import DomainError, Problem, pick


class RatingLevel(IntEnum):
    VERY_SATISFIED = 5
    SATISFIED = 4
    FAIRLY_SATISFIED = 3
    DISSATISFIED = 2
    VERY_DISSATISFIED = 1

    def label(self, lang: str = "zh") -> str:
        return pick(lang, *_LABELS[self])

    @property
    def is_poor(self) -> bool:
        """差评: followed up by the supervisor."""
        return self <= RatingLevel.DISSATISFIED


_LABELS = {
    RatingLevel.VERY_SATISFIED: ("非常满意", "very satisfied"),
    RatingLevel.SATISFIED: ("满意", "satisfied"),
    RatingLevel.FAIRLY_SATISFIED: ("基本满意", "fairly satisfied"),
    RatingLevel.DISSATISFIED: ("不满意", "dissatisfied"),
    RatingLevel.VERY_DISSATISFIED: ("非常不满意", "very dissatisfied"),
}

# The reasons an applicant may tick (the national system's common ones), with their labels.
RATING_REASONS: dict[str, tuple[str, str]] = {
    "fast": ("办理快捷", "quick service"),
    "friendly": ("服务热情", "friendly staff"),
    "clear": ("讲解清楚", "clear explanations"),
    "slow": ("等候时间长", "long wait"),
    "unclear": ("告知不清", "unclear explanations"),
    "attitude": ("服务态度差", "poor attitude"),
    "repeat_visits": ("多次跑动", "had to come back"),
    "other": ("其他", "other"),
}


class InvalidRating(DomainError):
    def __init__(self, zh: str, en: str, field: str):
        super().__init__(Problem("rating.invalid", zh, en, field=field))


def check_rating(level: int, reason: str | None) -> tuple[RatingLevel, str | None]:
    """The level and reason as stored; :class:`InvalidRating` for anything else."""
    try:
        checked = RatingLevel(int(level))
    except (TypeError, ValueError):
        raise InvalidRating("评价须为 1 到 5 级。", "A rating is a level from 1 to 5.", "level") from None
    if reason in (None, ""):
        return checked, None
    if reason not in RATING_REASONS:
        raise InvalidRating("评价原因须从列表中选择。", "Choose the reason from the list.", "reason")
    return checked, reason
