"""Where the simulated devices keep their state: `$DEVICES_STATE_DIR` or ~/.local/state/counter-devices.

```
<state>/keys/master-keys.json         demo master keys (random, mode 0600, never committed)
<state>/keys/wrong-master-keys.json   a second, wrong key set for tests
<state>/psam/psam.json, psam-wrong.json
<state>/stock/000001.json ...         blank card stock (one card file per chip)
<state>/run/                          daemon socket, pid files, logs
```
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_STATE_DIR = "DEVICES_STATE_DIR"


@dataclass(frozen=True)
class StatePaths:
    root: Path

    @classmethod
    def resolve(cls, root: str | os.PathLike[str] | None = None) -> StatePaths:
        if root is None:
            env = os.environ.get(ENV_STATE_DIR)
            root = Path(env) if env else Path.home() / ".local" / "state" / "counter-devices"
        return cls(Path(root).expanduser().absolute())

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def psam(self) -> Path:
        return self.root / "psam"

    @property
    def stock(self) -> Path:
        return self.root / "stock"

    @property
    def run(self) -> Path:
        return self.root / "run"

    def master_keys_file(self, wrong: bool = False) -> Path:
        return self.keys / ("wrong-master-keys.json" if wrong else "master-keys.json")

    def psam_file(self, wrong: bool = False) -> Path:
        return self.psam / ("psam-wrong.json" if wrong else "psam.json")

    def make_dirs(self) -> None:
        for d in (self.root, self.keys, self.psam, self.stock, self.run):
            d.mkdir(parents=True, exist_ok=True)
        os.chmod(self.keys, 0o700)
