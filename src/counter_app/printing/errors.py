"""The printing adapter's exceptions: each carries a clerk-facing message (Chinese and English).

``PrinterUnavailable`` and its kinds are found *before* a job is handed over (nothing was
printed); ``PrintJobFailed`` after (the card may have gone through the printer).
"""

from __future__ import annotations

from counter_app.domain.problems import DomainError, Problem


class PrintError(DomainError):
    """Base of everything that stops a card face from being printed."""

    def __init__(self, code: str, zh: str, en: str):
        super().__init__(Problem(code, zh, en))

    @property
    def code(self) -> str:
        return self.problem.code


class TemplateError(PrintError):
    """A card-face template file is missing or malformed: a technician's fix, not the clerk's."""

    def __init__(self, zh: str, en: str):
        super().__init__("print.template", zh, en)


class FontUnavailable(PrintError):
    def __init__(self, detail: str):
        super().__init__("print.font_missing", f"卡面字体缺失：{detail}。请运行 scripts/fetch_fonts.sh。",
                         f"Card-face font missing: {detail}. Run scripts/fetch_fonts.sh.")


class MissingGlyph(PrintError):
    """A character no bundled font can draw: printing it would put a box on the card."""

    def __init__(self, field: str, chars: str):
        self.field = field
        self.chars = chars
        codes = " ".join(f"U+{ord(c):04X}" for c in chars)
        super().__init__(
            "print.missing_glyph",
            f"卡面字体无法显示“{field}”中的字符 {chars}（{codes}），已停止打印。请联系技术人员。",
            f"The card-face fonts have no glyph for {chars} ({codes}) in '{field}'; nothing was printed. "
            f"Call a technician.",
        )


class RareFontMissing(MissingGlyph):
    """Characters of CJK Ext B–F while the rare-character font (taken from the system) is not installed:
    a set-up fix, so the message says what to install."""

    def __init__(self, field: str, chars: str, font: str, package: str):
        self.field = field
        self.chars = chars
        codes = " ".join(f"U+{ord(c):04X}" for c in chars)
        PrintError.__init__(
            self, "print.rare_font_missing",
            f"生僻字字体（CJK 扩展 B–F，{font}）未安装，无法打印“{field}”中的字符 {chars}（{codes}），已停止打印。"
            f"请技术人员安装：sudo apt-get install {package}，然后重试。",
            f"The rare-character font (CJK Ext B–F, {font}) is not installed, so {chars} ({codes}) in '{field}' "
            f"cannot be printed; nothing was printed. A technician installs it: sudo apt-get install {package}, "
            f"then try again.",
        )


class PrinterUnavailable(PrintError):
    """The printer cannot take a job now; nothing was sent."""

    def __init__(self, code: str, printer: str, zh: str, en: str):
        self.printer = printer
        super().__init__(code, zh, en)


class PrinterNotFound(PrinterUnavailable):
    def __init__(self, printer: str):
        super().__init__("print.printer_not_found", printer,
                         f"找不到制卡打印机“{printer}”。请检查打印机设置或联系技术人员。",
                         f"No card printer named '{printer}'. Check the printer setting or call a technician.")


class PrinterPaused(PrinterUnavailable):
    def __init__(self, printer: str, reason: str = ""):
        extra_zh = f"（{reason}）" if reason else ""
        extra_en = f" ({reason})" if reason else ""
        super().__init__("print.printer_paused", printer,
                         f"制卡打印机“{printer}”已暂停{extra_zh}。请检查打印机（缺卡、卡纸、色带）后恢复。",
                         f"The card printer '{printer}' is paused{extra_en}. Check it (cards, jam, ribbon) "
                         f"and resume it.")


class PrinterRejecting(PrinterUnavailable):
    def __init__(self, printer: str, reason: str = ""):
        extra_zh = f"（{reason}）" if reason else ""
        extra_en = f" ({reason})" if reason else ""
        super().__init__("print.printer_rejecting", printer,
                         f"制卡打印机“{printer}”不接受打印任务{extra_zh}。请联系技术人员。",
                         f"The card printer '{printer}' does not accept jobs{extra_en}. Call a technician.")


class PrintSystemUnavailable(PrinterUnavailable):
    def __init__(self, printer: str, detail: str = ""):
        super().__init__("print.system_unavailable", printer,
                         f"打印服务不可用（{detail or 'CUPS 无响应'}）。请联系技术人员。",
                         f"The print system is not available ({detail or 'CUPS does not answer'}). "
                         f"Call a technician.")


class PrintJobFailed(PrintError):
    """The job was handed over but did not complete."""

    def __init__(self, printer: str, job: int | None, state: str, zh: str, en: str):
        self.printer = printer
        self.job = job
        self.state = state
        super().__init__("print.job_failed", zh, en)
