#!/usr/bin/env bash
# One idempotent set-up for a fresh Debian machine: the system packages the project
# and its simulated devices need, then .venv with the project installed editable.
# Run by `make demo`, `make test` and .ci/run; safe to run again (it skips what is done).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # PC/SC stack and the virtual reader driver our simulated card and PSAM plug into
  pcscd vsmartcard-vpcd libpcsclite-dev swig pcsc-tools
  # printing: CUPS with a PDF-writing queue as the demo card printer
  cups cups-client cups-bsd printer-driver-cups-pdf libcups2-dev
  # what Qt needs to run offscreen and under Xvfb
  libpulse0 libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libx11-xcb1
  xvfb xauth
  # a CJK font, PDF tools to check printed output, and the database server for the ledger's PostgreSQL tests
  fonts-noto-cjk fonts-hanazono poppler-utils postgresql
  # OpenSSL's command line (the ledger CA's certificates checked by another implementation), unshare (a small tmpfs
  # in a private mount namespace for the full-disk check)
  openssl util-linux
  # the frozen build (make dist): binutils (nm, readelf, strip), gcc for numpy's OpenBLAS stub and
  # icupkg to cut ICU's data to the zh/en locales (scripts/freeze_filter.py)
  binutils gcc icu-devtools
  # the district console's browser tests: Debian's Chromium, driven by Playwright (never a downloaded browser)
  chromium
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # policy-rc.d keeps the package scripts from starting services: the project starts
  # pcscd, cupsd and postgres itself, on its own terms (see devices/).
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The counter's contactless reader (`Virtual PCD Contactless 00 00`, vpcd port 35965) for a system pcscd:
# a second vpcd entry on a copy of the driver (devices/pcscd.py says why a copy). `python -m devices up`
# writes the same entries for a pcscd it starts itself. Only what differs is (re)written.
VPCD_SO=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
CL_SO=/usr/lib/pcsc/drivers/serial/libifdvpcd-contactless.so
CL_CONF=/etc/reader.conf.d/vpcd-contactless
if [ -e "$VPCD_SO" ] && [ -d /etc/reader.conf.d ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  cl_conf="$(printf '%s\n' '# written by scripts/setup.sh: the counter'"'"'s contactless reader (vsmartcard-vpcd, port 0x8C7D = 35965)' \
    'FRIENDLYNAME "Virtual PCD Contactless"' 'DEVICENAME   /dev/null:0x8C7D' "LIBPATH      $CL_SO" 'CHANNELID    0x8C7D')"
  if ! cmp -s "$(readlink -f "$VPCD_SO")" "$CL_SO"; then
    echo "setup: installing the contactless reader's copy of the vpcd driver ($CL_SO)"
    $SUDO cp "$(readlink -f "$VPCD_SO")" "$CL_SO"
  fi
  if [ "$(cat "$CL_CONF" 2>/dev/null)" != "$cl_conf" ]; then
    echo "setup: configuring the contactless reader for pcscd ($CL_CONF)"
    printf '%s\n' "$cl_conf" | $SUDO tee "$CL_CONF" >/dev/null
  fi
fi

PY=${PYTHON:-python3}
stamp=.venv/.setup-stamp
want="$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing the project into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  echo "$want" > "$stamp"
fi
# The card-face fonts are copied from Debian's font packages (too large to commit).
bash scripts/fetch_fonts.sh >/dev/null
# The district console's charts: Apache ECharts (Apache-2.0), vendored into the package so that the halls' browsers
# never fetch it (no internet there). A pinned release from the npm registry, checked by sha256; only
# dist/echarts.min.js and its LICENSE/NOTICE are kept, under the console's static files (gitignored).
ECHARTS_VERSION=5.6.0
ECHARTS_TGZ_SHA256=e1b82487dd7f8d9f0438eec1f1433051148e0095ac7a15d4db890afda45cf610
ECHARTS_JS_SHA256=bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1
vendor=src/central_ledger/console/static/vendor
if ! echo "$ECHARTS_JS_SHA256  $vendor/echarts.min.js" | sha256sum -c --status 2>/dev/null; then
  if ! command -v npm >/dev/null; then  # Debian's npm, unless a node.js that brings its own npm is there already
    echo "setup: installing Debian's npm (to fetch ECharts from the npm registry)"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  echo "setup: vendoring Apache ECharts $ECHARTS_VERSION into $vendor"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "echarts@$ECHARTS_VERSION" >/dev/null)
  echo "$ECHARTS_TGZ_SHA256  $tmp/echarts-$ECHARTS_VERSION.tgz" | sha256sum -c --status \
    || { echo "setup: echarts-$ECHARTS_VERSION.tgz does not match its pinned sha256" >&2; rm -rf "$tmp"; exit 1; }
  tar -xzf "$tmp/echarts-$ECHARTS_VERSION.tgz" -C "$tmp" package/dist/echarts.min.js package/LICENSE package/NOTICE
  echo "$ECHARTS_JS_SHA256  $tmp/package/dist/echarts.min.js" | sha256sum -c --status \
    || { echo "setup: echarts.min.js does not match its pinned sha256" >&2; rm -rf "$tmp"; exit 1; }
  mkdir -p "$vendor"
  cp "$tmp/package/LICENSE" "$vendor/echarts.LICENSE"
  cp "$tmp/package/NOTICE" "$vendor/echarts.NOTICE"
  cp "$tmp/package/dist/echarts.min.js" "$vendor/echarts.min.js"
  rm -rf "$tmp"
fi
# Translations are compiled from the .ts sources at set-up (never committed as .qm).
if ls resources/translations/*.ts >/dev/null 2>&1; then
  .venv/bin/python -m counter_app.ui.i18n_build 2>/dev/null || true
fi
echo "setup: done"
