"""好差评 for the supervisor: the service ratings of a date range by clerk (count, average, the five levels,
满意率, the 差评 cases to follow up) and by day, and the latest reasons the applicants chose. Read through
:class:`~counter_app.services.ratings.RatingService` in the database thread."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDateEdit, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.domain.problems import pick
from counter_app.domain.ratings import RATING_REASONS, RatingLevel
from counter_app.ui.errors import error_text
from counter_app.ui.supervisor.jobs import job_ratings
from counter_app.ui.supervisor.widgets import date_range, fill, make_table, qdate

LEVELS = (5, 4, 3, 2, 1)



def _levels(by_level: dict[int, int]) -> list[int]:
    return [by_level.get(level, 0) for level in LEVELS]


def _average(by_level: dict[int, int]) -> str:
    n = sum(by_level.values())
    return f"{sum(k * v for k, v in by_level.items()) / n:.2f}" if n else "—"


class RatingsPage(QWidget):
    loaded = Signal(object)  # (by clerk, by day, recent)

    def __init__(self, app_ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = app_ctx
        self.setObjectName("supervisorRatings")
        lang = app_ctx.lang
        today = dt.date.today()
        self.date_from = QDateEdit(qdate(today - dt.timedelta(days=6)))
        self.date_to = QDateEdit(qdate(today))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.refresh_button = QPushButton(self.tr("刷新 (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("日期")))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("至")))
        bar.addWidget(self.date_to)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        level_headers = [RatingLevel(level).label(lang) for level in LEVELS]
        self.summary = QLabel()
        self.summary.setObjectName("ratingsSummary")
        self.by_clerk = make_table("ratingsByClerk", [self.tr("柜员"), self.tr("评价数"), self.tr("平均"),
                                                      *level_headers, self.tr("满意率"), self.tr("差评业务号")])
        self.by_day = make_table("ratingsByDay", [self.tr("日期"), self.tr("评价数"), self.tr("平均"), *level_headers])
        self.recent = make_table("ratingsRecent", [self.tr("时间"), self.tr("业务号"), self.tr("柜员"),
                                                   self.tr("评价"), self.tr("原因")])
        grid = QGridLayout()
        for i, (label, table) in enumerate(((self.tr("按柜员"), self.by_clerk), (self.tr("按日"), self.by_day),
                                            (self.tr("最近的评价原因"), self.recent))):
            box = QVBoxLayout()
            box.addWidget(QLabel(label))
            box.addWidget(table)
            grid.addLayout(box, 0 if i == 0 else 1, 0 if i < 2 else 1, 1, 2 if i == 0 else 1)
        self.message = QLabel()
        self.message.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addLayout(grid, 1)
        layout.addWidget(self.message)

    def range(self) -> tuple[dt.date, dt.date]:
        return date_range(self.date_from, self.date_to)

    def refresh(self) -> None:
        first, last = self.range()
        self.message.setText(self.tr("正在统计…"))
        self.ctx.db.call(job_ratings(self.ctx.session, first, last), self.show_ratings,
                         lambda exc: self.message.setText(error_text(exc, self.ctx.lang)))

    def show_ratings(self, value) -> None:
        clerks, days, recent = value
        lang = self.ctx.lang
        total: dict[int, int] = {}
        for c in clerks:
            for level, n in c.by_level.items():
                total[level] = total.get(level, 0) + n
        count = sum(total.values())
        poor = sum(n for level, n in total.items() if RatingLevel(level).is_poor)
        self.summary.setText(self.tr("评价 %1 条，平均 %2，差评 %3 条").replace("%1", str(count))
                             .replace("%2", _average(total)).replace("%3", str(poor)))
        fill(self.by_clerk, [[c.clerk_name, c.count, _average(c.by_level), *_levels(c.by_level),
                              "—" if c.satisfied_percent is None else f"{c.satisfied_percent}%",
                              " ".join(c.poor_cases)] for c in clerks])
        fill(self.by_day, [[d.isoformat(), sum(levels.values()), _average(levels), *_levels(levels)]
                           for d, levels in sorted(days.items())])
        fill(self.recent, [[r.rated_at.astimezone().strftime("%m-%d %H:%M"), r.case_number, r.clerk_name,
                            RatingLevel(r.level).label(lang), pick(lang, *RATING_REASONS.get(r.reason, (r.reason,) * 2))]
                           for r in recent])
        self.message.setText("" if count else self.tr("所选日期没有评价。"))
        self.loaded.emit(value)
