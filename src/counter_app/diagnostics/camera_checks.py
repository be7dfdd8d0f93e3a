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


def check_camera(configured: str, devices: list[dict[str, str]] | None = None) -> CheckResult:
    devices = video_devices() if devices is None else devices
    names = [d["name"] for d in devices]
    measured = {"configured": configured or "(system default)", "devices": devices}
    if configured == "demo":
        from importlib.util import find_spec

        if find_spec("devices.camera.player") is None:
            return fault(DEVICES, measured, "设置为演示相机，但演示相机未安装：请把 photo.camera 改为真实相机。",
                         "The demo camera is configured but not installed: set photo.camera to a real camera.")
        return ok(DEVICES, {**measured, "demo": True})
    if configured and configured not in names:
        return fault(DEVICES, measured,
                     f"找不到设置的相机“{configured}”：请检查相机 USB 连接，或把设置 photo.camera 改为列出的相机之一。",
                     f"The configured camera '{configured}' is not connected: check its USB cable, or set photo.camera "
                     f"to one of the listed devices.")
    if not devices:
        return warning(DEVICES, measured, "没有连接相机：只能从文件导入照片。请连接相机后重新检查。",
                       "No camera connected: photos can only be imported from files. Connect one and check again.")
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
