"""What the teacher's report screens share: the report, the class filter, paging."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.scene import Scene
from game.ui.widgets import Button

if TYPE_CHECKING:
    from game.context import Context
    from game.reports.catalog import Catalog
    from game.reports.model import Report

PAGE = 8  # rows per page in the lists


class _ReportScene(Scene):
    """Shared by the teacher screens: the report, the class filter, a title bar, paging."""

    mood = ""  # no music while a teacher reads

    def __init__(
        self, ctx: Context, report: Report | None = None, catalog: Catalog | None = None, class_code: str | None = None
    ):
        super().__init__(ctx)
        self.class_code = class_code
        self._catalog = catalog
        self._report = report
        self.page = 0

    @property
    def report(self) -> Report:
        """The report shown: the one given, else built by load() on enter()."""
        if self._report is None:
            raise RuntimeError(f"{self.name}: the report is read before enter() built it")
        return self._report

    @property
    def catalog(self) -> Catalog:
        """What the report's ids mean (titles, prompts, topics): the one given, else made by load()."""
        if self._catalog is None:
            raise RuntimeError(f"{self.name}: the catalog is read before enter() made it")
        return self._catalog

    def load(self) -> None:
        from game.reports.catalog import Catalog
        from game.reports.collect import build_report
        from game.reports.model import Filters

        if self._catalog is None:
            self._catalog = Catalog.from_content(self.ctx.content)
        self._report = build_report(self.ctx.store, self._catalog, Filters(class_code=self.class_code))

    def enter(self) -> None:
        if self._report is None:
            self.load()
        super().enter()

    def klass(self, code: str | None) -> str:
        return self.tr("report.all_classes") if code is None else (code or self.tr("report.no_class"))

    def topic(self, key: str) -> str:
        return self.catalog.topic_name(key, self.ctx.lang)

    def pager(self, count: int, y: int = 940) -> list[Button]:
        pages = max(1, (count + PAGE - 1) // PAGE)
        self.page = min(self.page, pages - 1)
        prev = Button("prev", (1180, y, 320, 100), self.tr("teacher.prev"), style="quiet")
        nxt = Button("next", (1540, y, 320, 100), self.tr("teacher.next"), style="quiet")
        prev.enabled, nxt.enabled = self.page > 0, self.page < pages - 1
        return [prev, nxt] if pages > 1 else []

    def page_of(self, rows: list[Any]) -> list[Any]:
        return rows[self.page * PAGE : (self.page + 1) * PAGE]

    def turn(self, chosen: str | None) -> bool:
        if chosen == "prev":
            self.page = max(0, self.page - 1)
        elif chosen == "next":
            self.page += 1
        else:
            return False
        self.relayout()
        return True
