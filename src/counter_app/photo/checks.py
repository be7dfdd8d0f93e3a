"""The checks of the card photo standard, each explaining itself to the clerk.

A check is a value: a stable ``code``, a verdict (ok, warn: the clerk may accept after looking,
fail: the photo must not be used, not measured: what the rule needs could not be found on the
finished photo, so only the clerk's eye can judge it and the photo waits for the clerk to confirm
the crop by hand), the measured value, the limit it was compared with, and a message in Chinese
and English that says what to do. Each function below judges one rule from
numbers already measured (see :mod:`counter_app.photo.measure`), so the rules can be tested
without pictures.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.problems import pick
from counter_app.photo.standard import PhotoStandard


class Verdict(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"
    NOT_MEASURED = "not_measured"  # 未测量: never taken for a pass; needs the clerk's confirmation


@dataclass(frozen=True, slots=True)
class PhotoCheck:
    code: str
    verdict: Verdict
    measured: float | int | None
    limit: str
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)

    def as_dict(self, lang: str = "zh") -> dict:
        return {"code": self.code, "verdict": str(self.verdict), "measured": self.measured,
                "limit": self.limit, "message": self.message(lang)}


def _r(v: float | None) -> float | None:
    return None if v is None else round(float(v), 1)


def _band(value: float, lo: float, hi: float) -> bool:
    return lo <= value <= hi


def face_count(n: int, *, on_output: bool = False) -> PhotoCheck:
    where_zh, where_en = ("裁剪后的照片中", "in the cropped photo") if on_output else ("画面中", "in the picture")
    if n == 0:
        return PhotoCheck("face.none", Verdict.FAIL, 0, "1",
                          f"{where_zh}未检测到人脸：请让申请人正对镜头，或手动调整裁剪框",
                          f"no face found {where_en}: have the applicant face the camera, or adjust the crop by hand")
    if n > 1:
        return PhotoCheck("face.several", Verdict.FAIL, n, "1",
                          f"{where_zh}检测到 {n} 张人脸：画面中只能有申请人一人",
                          f"{n} faces found {where_en}: only the applicant may be in the picture")
    return PhotoCheck("face.count", Verdict.OK, 1, "1", "检测到一张人脸", "one face found")


# What a rule needed and could not find on the finished photo: (zh, en) of the rule's subject.
_NOT_MEASURED_SUBJECT = {
    "face.count": ("人脸", "the face"),
    "face.too_small": ("原图人脸大小", "the face's size in the source"),
    "geometry.face_width": ("脸宽", "the face width"),
    "geometry.hair_top": ("头顶位置", "the top of the hair"),
    "geometry.eye_x": ("双眼中点位置", "the eye midpoint"),
    "geometry.eye_line": ("眼睛连线高度", "the height of the eye line"),
}
NOT_MEASURED_FACE = ("成品照片上未能再次找到人脸", "the face was not found again on the finished photo")
NOT_MEASURED_EYES = ("成品照片上未能找到双眼，眼睛位置只是估计", "the eyes were not found on the finished photo, "
                     "their position is only an estimate")


def not_measured(code: str, limit: str, why: tuple[str, str]) -> PhotoCheck:
    """The rule ``code`` could not be judged because ``why`` (zh, en): 未测量, for the clerk's eye."""
    zh_what, en_what = _NOT_MEASURED_SUBJECT[code]
    return PhotoCheck(code, Verdict.NOT_MEASURED, None, limit,
                      f"{zh_what}未测量（{why[0]}）：请目视检查裁剪框，确认无误后点击“确认人工裁剪”",
                      f"{en_what} was not measured ({why[1]}): check the crop by eye, then confirm the manual crop")


def geometry_limits(std: PhotoStandard) -> dict[str, str]:
    """The limit text of each geometry rule (shown beside a rule that was not measured too)."""
    return {"geometry.face_width": f"{std.face_width_min}–{std.face_width_max} px",
            "geometry.hair_top": f"{std.hair_top_min}–{std.hair_top_max} px",
            "geometry.eye_x": f"{std.eye_mid_x_min}–{std.eye_mid_x_max} px",
            "geometry.eye_line": f">= {std.eye_line_min_above_bottom} px",
            "face.too_small": f">= {std.source_face_warn_px} px"}


def source_face_size(face_px: float, std: PhotoStandard) -> PhotoCheck:
    """The face's width in the source: below the output's face width it has to be enlarged."""
    limit = f">= {std.source_face_warn_px} px"
    m = _r(face_px)
    if face_px < std.source_face_fail_px:
        return PhotoCheck("face.too_small", Verdict.FAIL, m, f">= {std.source_face_fail_px} px",
                          f"人脸太小（宽 {m} 像素，至少 {std.source_face_fail_px} 像素）：请让申请人靠近相机或使用更清晰的照片",
                          f"the face is too small ({m} px wide, at least {std.source_face_fail_px} px): "
                          "move the applicant closer or use a sharper photo")
    if face_px < std.source_face_warn_px:
        return PhotoCheck("face.too_small", Verdict.WARN, m, limit,
                          f"人脸偏小（宽 {m} 像素，建议至少 {std.source_face_warn_px} 像素），照片经过放大，可能不够清晰",
                          f"the face is small ({m} px wide, {std.source_face_warn_px} px recommended): "
                          "the photo was enlarged and may look soft")
    return PhotoCheck("face.too_small", Verdict.OK, m, limit, "人脸大小足够", "the face is large enough")


def framing(fill_fraction: float, std: PhotoStandard) -> PhotoCheck:
    """How much of the photo lay outside the camera's frame: the face is off-centre or too close."""
    pct = round(float(100 * fill_fraction), 1)
    limit = f"<= {round(100 * std.fill_fail_fraction, 1)} %"
    if fill_fraction > std.fill_fail_fraction:
        return PhotoCheck("face.off_centre", Verdict.FAIL, pct, limit,
                          f"人脸太靠近画面边缘（照片有 {pct}% 超出画面）：请让申请人居中，或后退一些",
                          f"the face is too close to the edge of the picture ({pct} % of the photo lies outside it): "
                          "centre the applicant or step back")
    if fill_fraction > std.fill_warn_fraction + 1e-6:
        return PhotoCheck("face.off_centre", Verdict.WARN, pct, limit,
                          f"照片有 {pct}% 超出画面，已用背景色补齐：请检查边缘",
                          f"{pct} % of the photo lies outside the picture and was filled with the background colour: "
                          "check the edges")
    return PhotoCheck("face.off_centre", Verdict.OK, pct, limit, "人脸位置合适", "the face is well placed")


def face_width(width_px: float, std: PhotoStandard) -> PhotoCheck:
    m, limit = _r(width_px), f"{std.face_width_min}–{std.face_width_max} px"
    if _band(width_px, std.face_width_min, std.face_width_max):
        return PhotoCheck("geometry.face_width", Verdict.OK, m, limit, f"脸宽 {m} 像素", f"face width {m} px")
    zh_hint, en_hint = ("请缩小裁剪框", "make the crop smaller") if width_px < std.face_width_min else \
        ("请放大裁剪框", "make the crop larger")
    return PhotoCheck("geometry.face_width", Verdict.FAIL, m, limit,
                      f"脸宽 {m} 像素，应为 {limit}：{zh_hint}",
                      f"face width {m} px, must be {limit}: {en_hint}")


def hair_top(y: float | None, measured: bool, std: PhotoStandard) -> PhotoCheck:
    limit = f"{std.hair_top_min}–{std.hair_top_max} px"
    if y is None:
        return PhotoCheck("geometry.hair_top", Verdict.FAIL, None, limit,
                          "无法确定头顶位置", "the top of the head could not be found")
    m = _r(max(0.0, y))
    if _band(y, std.hair_top_min, std.hair_top_max):
        verdict = Verdict.OK if measured else Verdict.WARN
        zh = f"头顶距上边缘 {m} 像素" + ("" if measured else "（背景不均匀，为估计值，请目视确认）")
        en = f"top of the hair {m} px below the top edge" + (
            "" if measured else " (estimated: the background is uneven; check by eye)")
        return PhotoCheck("geometry.hair_top", verdict, m, limit, zh, en)
    if y < std.hair_top_min:
        return PhotoCheck("geometry.hair_top", Verdict.FAIL, m, limit,
                          f"头顶距上边缘 {m} 像素，应为 {limit}：头部太靠上或被裁掉，请把裁剪框上移",
                          f"top of the hair {m} px below the top edge, must be {limit}: "
                          "the head is too high or cut off; move the crop up")
    return PhotoCheck("geometry.hair_top", Verdict.FAIL, m, limit,
                      f"头顶距上边缘 {m} 像素，应为 {limit}：头部太靠下，请把裁剪框下移",
                      f"top of the hair {m} px below the top edge, must be {limit}: the head is too low; move the crop down")


def eye_mid_x(x: float, std: PhotoStandard) -> PhotoCheck:
    m, limit = _r(x), f"{std.eye_mid_x_min}–{std.eye_mid_x_max} px"
    if _band(x, std.eye_mid_x_min, std.eye_mid_x_max):
        return PhotoCheck("geometry.eye_x", Verdict.OK, m, limit,
                          f"双眼中点距左边缘 {m} 像素", f"eye midpoint {m} px from the left edge")
    zh_dir, en_dir = ("右", "right") if x < std.eye_mid_x_min else ("左", "left")
    return PhotoCheck("geometry.eye_x", Verdict.FAIL, m, limit,
                      f"双眼中点距左边缘 {m} 像素，应为 {limit}：人脸不居中，请把裁剪框向{'左' if zh_dir == '右' else '右'}移",
                      f"eye midpoint {m} px from the left edge, must be {limit}: the face is off-centre "
                      f"towards the {'left' if en_dir == 'right' else 'right'}; move the crop")


def eye_line(eye_y: float, std: PhotoStandard) -> PhotoCheck:
    above = std.height - eye_y
    m, limit = _r(above), f">= {std.eye_line_min_above_bottom} px"
    if above >= std.eye_line_min_above_bottom:
        return PhotoCheck("geometry.eye_line", Verdict.OK, m, limit,
                          f"眼睛连线距下边缘 {m} 像素", f"eye line {m} px above the bottom edge")
    return PhotoCheck("geometry.eye_line", Verdict.FAIL, m, limit,
                      f"眼睛连线距下边缘只有 {m} 像素，至少 {std.eye_line_min_above_bottom} 像素：头部太靠下，请把裁剪框下移",
                      f"eye line only {m} px above the bottom edge, at least {std.eye_line_min_above_bottom} px: "
                      "the head is too low; move the crop down")


def background(lightness: float, spread: float, std: PhotoStandard) -> list[PhotoCheck]:
    """Two rules: the backdrop is light, and it is even."""
    ml, ms = _r(lightness), _r(spread)
    out = []
    light_limit = f">= {std.background_min_lightness:g}"
    if lightness < std.background_fail_lightness:
        out.append(PhotoCheck("background.light", Verdict.FAIL, ml, light_limit,
                              f"背景太暗（亮度 {ml}，应不低于 {std.background_min_lightness:g}）：请使用白色背景布",
                              f"the background is too dark (lightness {ml}, at least {std.background_min_lightness:g}): "
                              "use the white backdrop"))
    elif lightness < std.background_min_lightness:
        out.append(PhotoCheck("background.light", Verdict.WARN, ml, light_limit,
                              f"背景偏暗（亮度 {ml}，应不低于 {std.background_min_lightness:g}）：标准要求白色背景",
                              f"the background is somewhat dark (lightness {ml}, at least "
                              f"{std.background_min_lightness:g}): the standard asks for white"))
    else:
        out.append(PhotoCheck("background.light", Verdict.OK, ml, light_limit, "背景明亮", "the background is light"))
    even_limit = f"<= {std.background_max_spread:g}"
    if spread > std.background_fail_spread:
        out.append(PhotoCheck("background.even", Verdict.FAIL, ms, even_limit,
                              f"背景不均匀（起伏 {ms}，应不超过 {std.background_max_spread:g}）：背景中有物体或阴影，请使用纯色背景布",
                              f"the background is uneven (spread {ms}, at most {std.background_max_spread:g}): "
                              "objects or shadows behind the applicant; use the plain backdrop"))
    elif spread > std.background_max_spread:
        out.append(PhotoCheck("background.even", Verdict.WARN, ms, even_limit,
                              f"背景有些不均匀（起伏 {ms}，应不超过 {std.background_max_spread:g}）：请检查阴影",
                              f"the background is a little uneven (spread {ms}, at most {std.background_max_spread:g}): "
                              "check for shadows"))
    else:
        out.append(PhotoCheck("background.even", Verdict.OK, ms, even_limit, "背景均匀", "the background is even"))
    return out


def exposure(face_lightness: float, std: PhotoStandard) -> PhotoCheck:
    m = _r(face_lightness)
    limit = f"{std.face_min_lightness:g}–{std.face_max_lightness:g}"
    if face_lightness < std.face_min_lightness:
        verdict = Verdict.FAIL if face_lightness < std.face_fail_dark else Verdict.WARN
        return PhotoCheck("exposure", verdict, m, limit,
                          f"脸部太暗（亮度 {m}，应为 {limit}）：请增加照明",
                          f"the face is too dark (lightness {m}, should be {limit}): add light")
    if face_lightness > std.face_max_lightness:
        verdict = Verdict.FAIL if face_lightness > std.face_fail_bright else Verdict.WARN
        return PhotoCheck("exposure", verdict, m, limit,
                          f"脸部太亮（亮度 {m}，应为 {limit}）：请减弱照明或闪光",
                          f"the face is too bright (lightness {m}, should be {limit}): reduce the light or flash")
    return PhotoCheck("exposure", Verdict.OK, m, limit, "曝光正常", "the exposure is right")


def sharpness(value: float, std: PhotoStandard) -> PhotoCheck:
    m, limit = _r(value), f">= {std.sharpness_warn:g}"
    if value < std.sharpness_warn:
        verdict = Verdict.FAIL if value < std.sharpness_fail else Verdict.WARN
        return PhotoCheck("sharpness", verdict, m, limit,
                          f"照片模糊（清晰度 {m}，应不低于 {std.sharpness_warn:g}）：请对焦并保持不动后重拍",
                          f"the photo is blurred (sharpness {m}, at least {std.sharpness_warn:g}): focus, hold still "
                          "and take it again")
    return PhotoCheck("sharpness", Verdict.OK, m, limit, "照片清晰", "the photo is sharp")


COLOUR_MIN_CHROMA = 2.0  # a grey photo measures ~0; JPEG noise stays below 1


def colour(chroma: float) -> PhotoCheck:
    m, limit = _r(chroma), f">= {COLOUR_MIN_CHROMA:g}"
    if chroma < COLOUR_MIN_CHROMA:
        return PhotoCheck("colour", Verdict.FAIL, m, limit,
                          "这是黑白照片：标准要求彩色照片，请重新拍摄",
                          "this is a black-and-white photo: the standard asks for colour; take it again")
    return PhotoCheck("colour", Verdict.OK, m, limit, "彩色照片", "a colour photo")


def file_size(n_bytes: int, std: PhotoStandard) -> PhotoCheck:
    kb = round(n_bytes / 1024, 1)
    limit = f"{std.min_bytes / 1024:g}–{std.max_bytes / 1024:g} KB"
    if std.min_bytes <= n_bytes <= std.max_bytes:
        return PhotoCheck("file.size", Verdict.OK, kb, limit, f"文件大小 {kb} KB", f"file size {kb} KB")
    return PhotoCheck("file.size", Verdict.FAIL, kb, limit,
                      f"文件大小 {kb} KB，超出要求的 {limit}（任何压缩质量都达不到）",
                      f"file size {kb} KB is outside the required {limit} (no JPEG quality reaches it)")


def chip_size(n_bytes: int, std: PhotoStandard) -> PhotoCheck:
    limit = f"<= {std.chip_max_bytes} B"
    if n_bytes <= std.chip_max_bytes:
        return PhotoCheck("chip.size", Verdict.OK, n_bytes, limit,
                          f"芯片照片 {n_bytes} 字节", f"chip photo {n_bytes} bytes")
    return PhotoCheck("chip.size", Verdict.FAIL, n_bytes, limit,
                      f"芯片照片 {n_bytes} 字节，超过 {std.chip_max_bytes} 字节",
                      f"chip photo {n_bytes} bytes, more than {std.chip_max_bytes} bytes")
