#!/usr/bin/env bash
# The card-face fonts in resources/fonts/ (see resources/fonts/README.md): subsets, made with fontTools by
# scripts/subset_fonts.py, of the fonts of Debian's packages fonts-noto-cjk (Noto Serif CJK, OFL) and
# fonts-hanazono (HanaMin A/B, OFL or Hanazono licence), which are installed here if missing.
# HanaMinB (the rare characters of CJK Ext B–F) is not subset nor bundled: the app uses the system's copy from
# fonts-hanazono at run time (counter_app.printing.fonts.RARE_FONT), so the package stays installed.
# Too large to commit (about 20 MB). Idempotent: subsets newer than their sources are left alone (a first
# run takes about 3 minutes). Called by scripts/setup.sh after the venv (fontTools) is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=resources/fonts

declare -A SOURCES=(
  [NotoSerifCJK-Regular.ttc]="fonts-noto-cjk:/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
  [NotoSerifCJK-Bold.ttc]="fonts-noto-cjk:/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
  [HanaMinA.ttf]="fonts-hanazono:/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"
  [HanaMinB.ttf]="fonts-hanazono:/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"
)

missing_pkgs=()
for name in "${!SOURCES[@]}"; do
  src=${SOURCES[$name]#*:}
  [ -f "$src" ] || missing_pkgs+=("${SOURCES[$name]%%:*}")
done
if ((${#missing_pkgs[@]})); then
  pkgs=$(printf '%s\n' "${missing_pkgs[@]}" | sort -u | tr '\n' ' ')
  echo "fetch_fonts: installing Debian packages: $pkgs"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
fi

# The app uses subsets of these fonts cut to the card repertoire (scripts/subset_fonts.py, about 20 MB instead
# of 100 MB); full copies, and the HanaMinB subset, left here by an older set-up are removed.
for name in "${!SOURCES[@]}"; do rm -f "$dest/$name"; done
rm -f "$dest/HanaMinB.subset.ttf"
.venv/bin/python scripts/subset_fonts.py
