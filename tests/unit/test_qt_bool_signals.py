"""The Qt binding keeps the bools its signals carry: a clerk's day emits thousands of them (every field's
validity, every button's clicked(bool), the workers' busyChanged), and PySide6 6.12.0 dropped one reference to
True or False per emission until the interpreter aborted ("Fatal Python error: bool_dealloc"). Run in a child
process, since the failure is the process dying."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QCheckBox
app = QApplication(sys.argv)
class Source(QObject):
    changed = Signal(bool)
source, box, seen = Source(), QCheckBox(), []
source.changed.connect(seen.append)
box.toggled.connect(seen.append)
for i in range(5000):
    source.changed.emit(i % 2 == 0)
    box.setChecked(i % 2 == 0)
print(len(seen))
"""


def test_ten_thousand_bool_signals_leave_the_interpreter_whole():
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "10000"
