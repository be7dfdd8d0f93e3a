"""`make demo`: the counter on its demo devices, from a bare machine to an issued card.

1. the simulated encoder (virtual card + PSAM on pcscd), the CUPS-PDF card printer and the ID card reader on a
   pseudo-terminal (`python -m devices up`; the counter's idcard.port set to its link);
2. a local central ledger on SQLite (loopback, port 8700), started once and left running for the demo;
3. this counter enrolled with the ledger (its own SM2 key), card-number blocks fetched by a sync;
4. demo users (supervisor first, then clerk and technician) with generated passwords, printed once and kept in
   demo-data/demo-users.txt (mode 0600) so a second run can show them again; the ledger's CA certificate
   installed from the file `central-ledger ca export` writes (`counter-app ca install`, the supervisor's login);
5. with a display (or `--gui`): the app in demo mode (`counter-app --demo`: the demo camera, blank
   cards inserted when the flow asks for one);
   without one (or `--headless`): one issuance from the command line: photo, chip write and read-back,
   card face printed to a PDF, sync to the ledger.

Everything lives under demo-data/ (gitignored). `python scripts/demo.py --down` stops devices and ledger.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = Path(os.environ.get("DEMO_DIR", ROOT / "demo-data")).resolve()
BIN = ROOT / ".venv" / "bin"
LEDGER_PORT = int(os.environ.get("DEMO_LEDGER_PORT", "8700"))
LEDGER_URL = f"http://127.0.0.1:{LEDGER_PORT}"
COUNTER_ID = "demo-counter-1"
DEMO_HALL = "demo-hall"
ENV = {**os.environ, "DEVICES_STATE_DIR": str(DEMO / "devices"), "COUNTER_APP_DATA": str(DEMO / "counter")}


def step(text: str) -> None:
    print(f"\n== {text}", flush=True)


def run(*cmd: str, capture: bool = False, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, env=ENV, cwd=ROOT, text=True, capture_output=capture)
    if check and proc.returncode != 0:
        sys.exit(f"demo: {' '.join(cmd[:4])} … failed ({proc.returncode})\n{proc.stdout or ''}{proc.stderr or ''}")
    return proc


def app(*args: str, capture: bool = True, check: bool = True) -> subprocess.CompletedProcess:
    return run(str(BIN / "counter-app"), *args, capture=capture, check=check)


def ledger_up() -> None:
    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"{LEDGER_URL}/openapi.json", timeout=1):
                return True
        except OSError:
            return False

    if answers():
        print(f"ledger already answering at {LEDGER_URL}")
        return
    log = open(DEMO / "ledger.log", "ab")  # noqa: SIM115 - handed to the server process
    proc = subprocess.Popen(
        # the online applications' seal key and SMS file are the citizen portal's (scripts/demo.sh starts it)
        [str(BIN / "central-ledger"), "serve", "--db", str(DEMO / "ledger.sqlite3"), "--port", str(LEDGER_PORT),
         "--seal-key-file", str(DEMO / "seal.key"), "--create-seal-key", "--sms-file", str(DEMO / "portal-sms.jsonl")],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True, cwd=ROOT,
    )
    (DEMO / "ledger.pid").write_text(str(proc.pid))
    for _ in range(100):
        if answers():
            print(f"ledger started at {LEDGER_URL} (pid {proc.pid}, log {DEMO / 'ledger.log'})")
            return
        time.sleep(0.1)
    sys.exit(f"demo: the ledger did not start; see {DEMO / 'ledger.log'}")


def ledger_down() -> None:
    pid_file = DEMO / "ledger.pid"
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text()), signal.SIGTERM)
        except (ProcessLookupError, ValueError):
            pass
        pid_file.unlink()


def install_index_key() -> None:
    """The demo is a district of one counter: it makes its own district index key once and
    installs it the way a technician installs the district's (a counter does not start without it)."""
    key = DEMO / "district-index.key"
    if not key.exists():
        key.write_text(secrets.token_hex(32) + "\n")
        key.chmod(0o600)
    app("keys", "install-index", "--file", str(key))


def enroll() -> None:
    marker = DEMO / "counter" / ".enrolled"
    if marker.exists():
        # the demo ledger may run on another port than last time (DEMO_LEDGER_PORT): follow it
        from counter_app.paths import AppPaths
        from counter_app.settings import Settings

        settings = Settings.load(AppPaths.resolve(DEMO / "counter").settings_file)
        if settings.get("ledger.url") != LEDGER_URL:
            settings.set("ledger.url", LEDGER_URL)
            settings.save()
        print(f"counter {COUNTER_ID} already enrolled")
        return
    added = run(str(BIN / "central-ledger"), "counters", "add", "--db", str(DEMO / "ledger.sqlite3"),
                "--id", COUNTER_ID, "--name", "演示柜台 demo counter", "--json", capture=True)
    token = json.loads(added.stdout)["token"]
    app("enroll", "--ledger", LEDGER_URL, "--token", token, "--id", COUNTER_ID, capture=False)
    marker.write_text(COUNTER_ID)


def district_console() -> None:
    """The district's side of the demo ledger: a hall holding this counter, a district admin for the web console
    (password kept in demo-data/demo-staff.txt, mode 0600) and the demo district's population table."""
    db = str(DEMO / "ledger.sqlite3")
    ledger = str(BIN / "central-ledger")
    halls = json.loads(run(ledger, "halls", "list", "--db", db, "--json", capture=True).stdout)
    if not any(h["hall_id"] == DEMO_HALL for h in halls):
        run(ledger, "halls", "add", "--db", db, "--id", DEMO_HALL, "--name", "演示服务大厅 demo hall", capture=True)
        run(ledger, "counters", "set-hall", "--db", db, "--id", COUNTER_ID, "--hall", DEMO_HALL, capture=True)
    kept = DEMO / "demo-staff.txt"
    if not kept.exists():
        password = secrets.token_urlsafe(12)
        subprocess.run([ledger, "staff", "add", "--db", db, "--username", "admin1", "--role", "district_admin",
                        "--password-stdin"], input=password + "\n", text=True, check=True, capture_output=True)
        kept.write_text(f"{'admin1':8} {'district_admin':15} {password}\n", encoding="utf-8")
        kept.chmod(0o600)
        run(ledger, "population", "import", "--db", db, str(ROOT / "resources" / "demo" / "population.csv"),
            capture=True)
    print(f"district console: {LEDGER_URL}/console/  (user, role, password):")
    print(kept.read_text(encoding="utf-8"), end="")


def idcard_port() -> None:
    """The simulated ID card reader that `devices up` started: its stable link as the counter's idcard.port
    (set once; a port the demo's user chose is left alone)."""
    from counter_app.paths import AppPaths
    from counter_app.settings import Settings

    settings = Settings.load(AppPaths.resolve(DEMO / "counter").settings_file)
    if not settings.get("idcard.port"):
        settings.set("idcard.port", str(DEMO / "devices" / "run" / "idcard-tty"))
        settings.save()


def contactless_reader() -> None:
    """The simulated contactless reader (`Virtual PCD Contactless 00 00`) as the counter's card.contactless_reader:
    each written card is read again there before printing. The demo's cards go into the encoder with
    `--contactless`, where that reader reaches them too. Set once; a reader the demo's user chose is left alone."""
    from counter_app.paths import AppPaths
    from counter_app.settings import Settings

    settings = Settings.load(AppPaths.resolve(DEMO / "counter").settings_file)
    if not settings.get("card.contactless_reader"):
        settings.set("card.contactless_reader", "Virtual PCD Contactless 00 00")
        settings.save()


def demo_users() -> None:
    kept = DEMO / "demo-users.txt"
    if not kept.exists():
        # the first user of a counter is its supervisor, made without a login; the supervisor adds the others
        # (the command line asks for a supervisor's login like the GUI: --user, the password on stdin)
        first = json.loads(app("users", "add", "--username", "super1", "--role", "supervisor",
                               "--display-name", "演示主管", "--json").stdout)
        lines = [f"{'super1':8} {'supervisor':11} {first['password']}"]
        for username, role, name in (("clerk1", "clerk", "演示柜员"), ("tech1", "technician", "演示技术员")):
            out = json.loads(supervisor(first["password"], "users", "add", "--username", username, "--role", role,
                                        "--display-name", name, "--json").stdout)
            lines.append(f"{username:8} {role:11} {out['password']}")
        kept.write_text("\n".join(lines) + "\n", encoding="utf-8")
        kept.chmod(0o600)
    print("demo users (user, role, password):")
    print(kept.read_text(encoding="utf-8"), end="")


def supervisor_password() -> str:
    """super1's password, kept in demo-data/demo-users.txt by :func:`demo_users`."""
    for line in (DEMO / "demo-users.txt").read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if fields and fields[0] == "super1":
            return fields[2]
    sys.exit("demo: super1 is not in demo-data/demo-users.txt")


def supervisor(password: str, *args: str) -> subprocess.CompletedProcess:
    """``counter-app ARGS`` logged in as the demo supervisor (``--user super1``, the password on stdin)."""
    proc = subprocess.run([str(BIN / "counter-app"), *args, "--user", "super1", "--password-stdin"],
                          input=password + "\n", env=ENV, cwd=ROOT, text=True, capture_output=True)
    if proc.returncode != 0:
        sys.exit(f"demo: counter-app {' '.join(args[:3])} … failed ({proc.returncode})\n{proc.stdout}{proc.stderr}")
    return proc


def install_ledger_ca() -> None:
    """The technician's step: the ledger's CA certificate, exported by the ledger, installed on the counter
    (it shows the SM3 fingerprint; a supervisor's login). Certificates from any other CA are then refused."""
    ca_file = DEMO / "ledger-ca.pem"
    run(str(BIN / "central-ledger"), "ca", "export", "--db", str(DEMO / "ledger.sqlite3"), "--out", str(ca_file),
        capture=True)
    print(supervisor(supervisor_password(), "ca", "install", "--file", str(ca_file)).stdout, end="")


def demo_applicant() -> Path:
    """A fresh, valid applicant for each run (the same person twice would be a second active card)."""
    sys.path.insert(0, str(ROOT / "src"))
    from counter_app.services.seed import random_applicant

    applicant = random_applicant(random.Random())
    path = DEMO / "applicant.json"
    path.write_text(json.dumps(applicant.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def headless_issuance() -> None:
    step("one issuance from the command line")
    # the applicant's ID card laid on the simulated ID card reader, and read (the issuance below types its own)
    run(str(BIN / "python"), "-m", "devices", "idcard", "put", "--example", capture=True)
    app("idcard", "read", capture=False, check=False)
    run(str(BIN / "python"), "-m", "devices", "idcard", "lift", capture=True)
    run(str(BIN / "python"), "-m", "devices", "card", "insert", "--blank", "--contactless", capture=True)
    applicant = demo_applicant()
    written = json.loads(app("card", "personalize", "--applicant", str(applicant), "--photo",
                             str(ROOT / "devices/camera/frames/astronaut.jpg"), "--json").stdout)
    print(f"chip written and verified: card number {written['card_number']}, card id {written['card_id']}, "
          f"{written['apdus']} APDUs in {written['seconds']:.2f} s")
    app("card", "read", capture=False)
    printed = json.loads(app("print", "card", "--issuance", written["issuance_id"], "--json").stdout)
    print(f"card face printed: job {printed['job']} {printed['state']}, PDF {printed['output']}")
    # hand-over: the holder replaces the stock's initial PIN with their own (typed by the holder, read from stdin)
    pin = subprocess.run([str(BIN / "counter-app"), "card", "pin", "change"], input="123456\n802157\n",
                         env=ENV, cwd=ROOT, text=True, capture_output=True)
    print(pin.stdout.strip() or pin.stderr.strip())
    # the third-generation certificate step: key pair in the card, certificates from the ledger's CA, possession
    # proved with the holder's PIN (pending, and finished later at any counter, when the ledger is away)
    cert = subprocess.run([str(BIN / "counter-app"), "card", "cert", "issue"], input="802157\n",
                          env=ENV, cwd=ROOT, text=True, capture_output=True)
    print(cert.stdout.strip() or cert.stderr.strip())
    app("issuance", "hand-over", written["issuance_id"], capture=False)
    run(str(BIN / "python"), "-m", "devices", "card", "remove", capture=True)
    app("issuance", "show", written["issuance_id"], capture=False)
    step("sync to the ledger")
    app("sync", "--once", capture=False, check=False)
    run(str(BIN / "central-ledger"), "stats", "--db", str(DEMO / "ledger.sqlite3"))


def gui_available() -> bool:
    try:
        sys.path.insert(0, str(ROOT / "src"))
        import counter_app.ui.app  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--gui", action="store_true", help="start the app (needs a display)")
    mode.add_argument("--headless", action="store_true", help="one issuance from the command line")
    mode.add_argument("--down", action="store_true", help="stop the demo's devices and ledger")
    args = parser.parse_args()
    DEMO.mkdir(parents=True, exist_ok=True)
    if args.down:
        ledger_down()
        run(str(BIN / "python"), "-m", "devices", "down")
        return 0

    step("demo devices: virtual card + PSAM on pcscd, CUPS-PDF card printer")
    run(str(BIN / "python"), "-m", "devices", "up", capture=True)
    run(str(BIN / "python"), "-m", "devices", "status")
    step("central ledger")
    ledger_up()
    step("this counter")
    install_index_key()
    app("db", "migrate", capture=False)
    enroll()
    district_console()
    idcard_port()
    contactless_reader()
    app("sync", "--once", capture=False, check=False)  # card-number blocks for offline issuing
    demo_users()
    install_ledger_ca()

    want_gui = args.gui or (not args.headless and bool(os.environ.get("DISPLAY")) and gui_available())
    if want_gui:
        step("the counter app (log in with a demo user above)")
        os.environ.update(ENV)
        os.environ.setdefault("COUNTER_APP_DEMO_AUTOINSERT", f"{BIN / 'python'} -m devices card insert --blank --contactless --bank {{bank}}")
        # --demo: the demo camera and the blank-card insertion are the demo's alone; the same app
        # started without it uses real devices only.
        return subprocess.call([str(BIN / "counter-app"), "--demo"], env=os.environ, cwd=ROOT)
    headless_issuance()
    print(f"\nDemo state is under {DEMO}. With a display, `make demo` starts the app; "
          f"`.venv/bin/python scripts/demo.py --down` stops the devices and the ledger.")
    return 0


if __name__ == "__main__":
    if not shutil.which("pcscd") and not Path("/usr/sbin/pcscd").exists():
        sys.exit("demo: pcscd is missing: run `make setup` (scripts/setup.sh) first")
    raise SystemExit(main())
