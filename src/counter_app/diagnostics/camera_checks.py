"""The camera: which video devices the system has, and whether the configured one is among them.

No Qt here: devices are read from ``/sys/class/video4linux`` (their names are what Qt shows as a
camera's description). The live preview and its frame rate are measured by the technician page,
which owns a camera source; :func:`frame_rate_result` turns that measurement into a verdict.
"""

from __future__ import annotations

from pathlib import Path

from counter_app.diagnostics.result import CheckResult, fault, ok, warning

DEVICES, FRAME_RATE = "camera.devices", "camera.frame_rate"
V4L_SYSFS = Path("/sys/class/video4linux")
MIN_FPS = 5.0


def video_devices(sysfs: Path = V4L_SYSFS) -> list[dict[str, str]]:
    out = []
    if sysfs.is_dir():
        for node in sorted(sysfs.iterdir()):
            try:
                name = (node / "name").read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                name = ""
            out.append({"device": f"/dev/{node.name}", "name": name})
    return out


def check_camera(configured: str, devices: list[dict[str, str]] | None = None, *, demo: bool = False) -> CheckResult:
    """The configured camera against the attached ones. ``demo``: the app runs as the demo, where
    (and only where) the demo camera stands in for a missing one, as the photo page does."""
    devices = video_devices() if devices is None else devices
    names = [d["name"] for d in devices]
    measured = {"configured": configured or "(system default)", "devices": devices, "demo_mode": demo}
    if configured == "demo" or (demo and not configured and not devices):
        if not demo:
            return fault(DEVICES, measured,
                         "设置 photo.camera 为演示相机“demo”，但本程序不是以演示模式运行：照片页没有相机。"
                         "请把 photo.camera 改为真实相机（或留空使用系统默认相机）。",
                         "photo.camera is set to the demo camera 'demo' but the app is not running as the demo: "
                         "the photo page has no camera. Set photo.camera to a real camera (or leave it empty "
                         "for the system default).")
        from importlib.util import find_spec

        try:
            installed = find_spec("devices.camera.player") is not None
        except ImportError:  # no `devices` package at all (the frozen app)
            installed = False
        if not installed:
            return fault(DEVICES, measured, "演示模式使用演示相机，但演示相机未安装：请连接真实相机并设置 photo.camera。",
                         "Demo mode uses the demo camera, but it is not installed: connect a real camera and set "
                         "photo.camera.")
        return ok(DEVICES, {**measured, "demo": True})
    if configured and configured not in names:
        return fault(DEVICES, measured,
                     f"找不到设置的相机“{configured}”：请检查相机 USB 连接，或把设置 photo.camera 改为列出的相机之一。",
                     f"The configured camera '{configured}' is not connected: check its USB cable, or set photo.camera "
                     f"to one of the listed devices.")
    if not devices:
        return warning(DEVICES, measured,
                       "未找到相机：照片页只能从文件导入照片。请连接 USB 相机（必要时在设置 photo.camera 中选择）后重新检查。",
                       "No camera found: the photo page can only import photos from files. Connect a USB camera "
                       "(choose it in the setting photo.camera if needed) and check again.")
    return ok(DEVICES, measured)


def frame_rate_result(frames: int, seconds: float, source: str) -> CheckResult:
    """The live preview's measured frame rate as a verdict."""
    fps = frames / seconds if seconds > 0 else 0.0
    measured = {"source": source, "frames": frames, "seconds": round(seconds, 2), "fps": round(fps, 1)}
    if frames == 0:
        return fault(FRAME_RATE, measured, "相机没有送出画面：请重新插拔相机，关闭其他占用相机的程序。",
                     "The camera sends no frames: replug it and close other programs that use it.")
    if fps < MIN_FPS:
        return warning(FRAME_RATE, measured, "相机帧率过低：检查 USB 连接（尽量直连电脑）和光线。",
                       "The frame rate is low: check the USB connection (plug into the PC directly) and the lighting.")
    return ok(FRAME_RATE, measured)
