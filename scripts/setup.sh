#!/usr/bin/env bash
# Installs everything Showcase needs on a fresh Debian 12 machine with Python 3.11:
# system packages (Chromium for browser tests, a Korean font, poppler, PostgreSQL, Redis),
# a virtualenv in .venv with the project and its dev tools, and the compiled translations.
# Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(chromium chromium-driver fonts-noto-cjk poppler-utils postgresql redis-server)
missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! fc-list :lang=ko | grep -q .; then
  echo "setup: no Korean font found (fc-list :lang=ko); install fonts-noto-cjk" >&2; exit 1
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  rm -f .venv/.installed-* && touch "$stamp"
fi

# Compile every domain's message catalogs (*.po -> *.mo); the .mo files are build output.
for dir in $(find showcase -type d -name translations); do
  .venv/bin/pybabel -q compile -f -d "$dir"
done

# Browser libraries from the npm registry (package.json / package-lock.json), served from
# static/vendor/ (no CDN): jsQR decodes the door screen's camera frames; axe-core checks pages
# for accessibility in the browser tests (tests/browser/accessibility.py injects it).
if ! command -v npm >/dev/null; then
  echo "setup: installing Node.js and npm (Debian packages nodejs npm)"
  if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
lock_stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -f "$lock_stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch "$lock_stamp"
fi
mkdir -p static/vendor/jsqr
cp node_modules/jsqr/dist/jsQR.js static/vendor/jsqr/jsQR.js
cp node_modules/jsqr/LICENSE static/vendor/jsqr/LICENSE 2>/dev/null || true
mkdir -p static/vendor/axe-core
cp node_modules/axe-core/axe.min.js static/vendor/axe-core/axe.min.js
cp node_modules/axe-core/LICENSE static/vendor/axe-core/LICENSE 2>/dev/null || true
