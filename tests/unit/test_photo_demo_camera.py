"""The simulated camera of devices/camera: still frames played as a stream, processable as photos."""

from __future__ import annotations

from itertools import islice

from counter_app.photo import process_photo
from devices.camera.player import iter_frames, load_frames


def test_the_demo_frames_are_rgb_and_loop_forever():
    frames = load_frames()
    assert frames and all(rgb.ndim == 3 and rgb.shape[2] == 3 for _, rgb in frames)
    names = [name for name, _ in islice(iter_frames(), 2 * len(frames) + 1)]
    assert names[: len(frames)] == names[len(frames): 2 * len(frames)]


def test_a_demo_frame_makes_a_card_photo_that_passes():
    _, rgb = load_frames()[0]
    assert process_photo(rgb).ok
