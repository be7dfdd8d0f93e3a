"""``counter-app photo process IN OUT [--json]``: a photo file to the card photo standard.

Prints every check (measured value and limit) and the output's size and dimensions. OUT is
written only when the photo passes (``--force`` writes it anyway, for a look); the chip copy is
written beside it with ``--chip FILE``. Exit 0 when the photo passes, 1 when a check fails or
the input cannot be read, 3 when no check failed but some could not be measured (未测量: the face
or the eyes were not found on the finished photo): such a photo needs a person to look at it and
confirm the crop, ``--crop X,Y,W,H --confirm-manual-crop`` (the crop of the last run is printed).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from counter_app.cli.context import EXIT_INVALID, EXIT_OK, CliFail

_MARK = {"ok": "✓", "warn": "!", "fail": "✗", "not_measured": "?"}
EXIT_NEEDS_CONFIRMATION = 3


def register(subparsers) -> None:
    p = subparsers.add_parser("photo", help="照片处理 photo processing to the card standard")
    sub = p.add_subparsers(dest="photo_command", metavar="<photo-command>", required=True)
    proc = sub.add_parser("process", help="处理照片文件 process a photo file (JPEG, PNG, BMP)")
    proc.add_argument("input", metavar="IN", help="输入照片 input photo")
    proc.add_argument("output", metavar="OUT", help="输出 JPEG output JPEG (358×441, 350 dpi)")
    proc.add_argument("--json", action="store_true", help="JSON 输出 print JSON")
    proc.add_argument("--chip", metavar="FILE", help="另存芯片照片 also write the chip photo (EF08)")
    proc.add_argument("--force", action="store_true", help="检查未通过也写出 write OUT even when a check fails")
    proc.add_argument("--crop", metavar="X,Y,W,H", help="手动裁剪框（原图像素）manual crop in source pixels")
    proc.add_argument("--confirm-manual-crop", action="store_true",
                      help="已目视确认裁剪框（需要 --crop）I checked this crop by eye: accept checks that "
                           "could not be measured (needs --crop)")
    proc.set_defaults(func=_process)


def _standard(ctx):
    from counter_app.photo.standard import CARD_PHOTO

    try:
        settings = ctx.settings
        return CARD_PHOTO.with_size_window(float(settings.get("photo.min_kb")), float(settings.get("photo.max_kb")))
    except (KeyError, ValueError, TypeError) as exc:
        raise CliFail(f"设置中的照片大小范围无效：{exc}", f"invalid photo size window in the settings: {exc}") from exc


def _parse_crop(text: str | None):
    from counter_app.photo.geometry import CropRect

    if not text:
        return None
    try:
        x, y, w, h = (float(v) for v in text.split(","))
    except ValueError as exc:
        raise CliFail("--crop 格式应为 X,Y,W,H", "--crop must be X,Y,W,H") from exc
    return CropRect(x, y, w, h)


def _process(args: argparse.Namespace, ctx) -> int:
    from counter_app.photo.errors import PhotoError
    from counter_app.photo.process import process_photo

    crop = _parse_crop(args.crop)
    if args.confirm_manual_crop and crop is None:
        raise CliFail("--confirm-manual-crop 需要同时给出 --crop X,Y,W,H（您目视检查过的裁剪框；上次运行的裁剪框见其输出）",
                      "--confirm-manual-crop needs --crop X,Y,W,H (the crop you checked by eye; the last run "
                      "prints its crop)")
    try:
        result = process_photo(args.input, crop, _standard(ctx), confirmed=args.confirm_manual_crop)
    except PhotoError as exc:
        if args.json:
            ctx.emit_json({"ok": False, "error": exc.as_dict(ctx.lang), "checks": []})
            return EXIT_INVALID
        raise
    written = result.ok or args.force
    if written:
        _write(Path(args.output), result.jpeg, ctx)
        if args.chip:
            _write(Path(args.chip), result.chip_jpeg, ctx)
    if args.json:
        ctx.emit_json({**result.as_dict(ctx.lang), "written": written})
    else:
        for c in result.checks:
            line = f"{_MARK[str(c.verdict)]} {c.message(ctx.lang)}"
            if c.verdict not in ("ok", "not_measured"):
                line += ctx.t(f"（测得 {c.measured}，要求 {c.limit}）", f" (measured {c.measured}, limit {c.limit})")
            print(line)
        print(ctx.t(f"输出：{result.width}×{result.height} 像素，{len(result.jpeg)} 字节（质量 {result.quality}），"
                    f"芯片照片 {len(result.chip_jpeg)} 字节",
                    f"output: {result.width}×{result.height} px, {len(result.jpeg)} bytes (quality {result.quality}), "
                    f"chip photo {len(result.chip_jpeg)} bytes"))
        crop_text = ",".join(f"{v:g}" for v in result.crop.as_list())
        if result.needs_confirmation and not result.failures:
            print(ctx.t(f"部分检查未测量，需要人工确认裁剪：请查看照片（--force 可先写出），确认后运行 "
                        f"--crop {crop_text} --confirm-manual-crop",
                        f"some checks could not be measured: the crop needs a manual confirmation; look at the "
                        f"photo (--force writes it for a look), then run again with --crop {crop_text} "
                        f"--confirm-manual-crop"))
        if result.ok:
            print(ctx.t(f"照片合格，已写入 {args.output}", f"the photo passes; written to {args.output}"))
        elif result.failures:
            print(ctx.t(f"照片不合格，仍已写入 {args.output}", f"the photo fails; written anyway to {args.output}")
                  if written else ctx.t("照片不合格，未写入文件", "the photo fails; nothing written"))
        else:
            print(ctx.t(f"照片待人工确认，仍已写入 {args.output}", f"the photo awaits confirmation; written anyway to "
                        f"{args.output}") if written else ctx.t("照片待人工确认，未写入文件",
                                                                "the photo awaits confirmation; nothing written"))
    if result.ok:
        return EXIT_OK
    return EXIT_INVALID if result.failures else EXIT_NEEDS_CONFIRMATION


def _write(path: Path, data: bytes, ctx) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        raise CliFail(f"无法写入 {path}：{exc.strerror}", f"cannot write {path}: {exc.strerror}", EXIT_INVALID) from exc
