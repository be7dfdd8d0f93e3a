"""The response models of the district API (``/v1/district/...``, :mod:`central_ledger.district_api`): the
OpenAPI document's shapes of what :mod:`central_ledger.district` computes (its ``as_dict()``), field for field."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FiguresModel(BaseModel):
    cards_issued: int = Field(description="issuances started that day now issued")
    third_generation: int = Field(description="of those, application new or upgrade (new third-generation holders)")
    spoiled: int
    reprints: int = Field(description="reprint actions of the day's issuances")
    cancelled: int
    in_progress: int = Field(description="started, not issued, spoiled or cancelled (waiting)")
    created: int = Field(description="issuances started that day")
    average_issuance_seconds: float | None = Field(description="mean start-to-hand-over of the issued ones")


class CounterFiguresModel(FiguresModel):
    counter_id: str
    name: str
    hall_id: str | None


class HallFiguresModel(FiguresModel):
    hall_id: str | None = Field(description="null: counters in no hall")
    name: str


class TargetLineModel(BaseModel):
    target: int | None = Field(description="null: no target set for this hall")
    actual: int = Field(description="year to date through the day asked")
    projected: int = Field(description="by 31 December at the year's run rate")
    percent: float | None
    on_track: bool | None
    run_rate_per_day: float
    reach_date: str | None = Field(description="when the run rate reaches the target (YYYY-MM-DD)")


class SummaryTargetsModel(BaseModel):
    third_generation: TargetLineModel
    all: TargetLineModel


class DaySummaryResponse(BaseModel):
    date: str = Field(description="YYYY-MM-DD, a local day of the district's time zone")
    hall: str | None = Field(description="the hall answered (null: the district)")
    cards_issued: int
    third_generation: int
    spoiled: int
    reprints: int
    cancelled: int
    in_progress: int
    created: int
    average_issuance_seconds: float | None
    by_type: dict[str, int] = Field(description="issuances started per application (new, replacement, ...)")
    by_counter: list[CounterFiguresModel]
    by_hall: list[HallFiguresModel]
    targets: SummaryTargetsModel
    generated_at: str


class ReasonModel(BaseModel):
    code: str = Field(description="silent, never_synced, disabled, device_error:<d>, device_warning:<d>, "
                                  "device_absent:<d>, backlog_old, stock_low")
    zh: str
    en: str


class CounterLightModel(BaseModel):
    counter_id: str
    name: str
    hall_id: str | None
    status: str
    light: str = Field(description="green | amber | red")
    reasons: list[ReasonModel]
    last_sync_at: str | None
    minutes_since_sync: float | None
    software_version: str | None
    devices: dict[str, str]
    outbox_backlog: int | None
    oldest_event_age_seconds: float | None
    stock: dict[str, int | float | None]
    heartbeat_at: str | None


class BoardResponse(BaseModel):
    generated_at: str
    hall: str | None
    counters: list[CounterLightModel]


class TargetsModel(BaseModel):
    year: int
    scope: str
    new_ssc3: int | None
    all_cards: int | None
    coverage_percent: float | None
    is_default: bool


class MonthModel(BaseModel):
    month: int
    cards: int
    third_generation: int


class YearDayModel(BaseModel):
    date: str
    cards: int
    third_generation: int
    cumulative_cards: int | None
    cumulative_third_generation: int | None
    target_cards: float | None
    target_third_generation: float | None
    projected_cards: float | None
    projected_third_generation: float | None


class YearResponse(BaseModel):
    year: int
    as_of: str
    hall: str | None
    days_elapsed: int
    days_in_year: int
    third_generation: TargetLineModel
    all: TargetLineModel
    coverage_percent_target: float | None
    targets: TargetsModel
    monthly: list[MonthModel]
    days: list[YearDayModel]
    generated_at: str


class TownshipModel(BaseModel):
    township_code: str | None
    township_name: str
    residents: int
    second_generation_holders: int
    third_generation_holders: int
    upgrades_since_import: int
    holders: int
    coverage: float | None
    coverage_percent: float | None
    third_generation_share: float | None
    third_generation_share_percent: float | None


class CoverageResponse(BaseModel):
    rows: list[TownshipModel]
    unknown: TownshipModel
    total: TownshipModel
    target_percent: float | None
    on_track: bool | None
    imported_at: str | None
    generated_at: str


class StockLineModel(BaseModel):
    counter_id: str | None
    hall_id: str | None
    name: str
    received: int | None
    used: int | None
    spoiled: int | None
    on_hand: int | None
    reported_at: str | None
    ledger_issued: int
    ledger_spoiled: int
    expected_on_hand: int | None
    on_hand_difference: int | None
    used_difference: int | None
    spoiled_difference: int | None
    reconciled: bool | None


class StockResponse(BaseModel):
    hall: str | None
    counters: list[StockLineModel]
    halls: list[StockLineModel]
    total: StockLineModel | None
    generated_at: str


class ExceptionRowModel(BaseModel):
    kind: str = Field(description="spoiled | reprinted | conflict")
    counter_id: str
    hall_id: str | None
    issuance_ref: str | None
    card_number: str | None
    at: str | None
    detail: dict[str, str | int | None]


class ExceptionsResponse(BaseModel):
    date: str
    hall: str | None
    spoiled: list[ExceptionRowModel]
    reprinted: list[ExceptionRowModel]
    conflicts: list[ExceptionRowModel]
    generated_at: str
