#!/usr/bin/env bash
# Copy the card-face fonts into resources/fonts/ (see resources/fonts/README.md).
# The files are 20–30 MB each, too large to commit: they come from Debian's packages
# fonts-noto-cjk (Noto Serif CJK, OFL) and fonts-hanazono (HanaMin A/B, OFL or Hanazono licence).
# Idempotent: a file already there with the same size is left alone. Called by scripts/setup.sh.
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

for name in "${!SOURCES[@]}"; do
  src=${SOURCES[$name]#*:}
  if [ ! -f "$dest/$name" ] || [ "$(stat -c %s "$src")" != "$(stat -c %s "$dest/$name")" ]; then
    cp "$src" "$dest/$name.tmp" && mv "$dest/$name.tmp" "$dest/$name"
    echo "fetch_fonts: $dest/$name"
  fi
done
