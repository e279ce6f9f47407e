#!/usr/bin/env bash
# Installs what FirstGoal needs on Debian/Ubuntu, skipping whatever is already there.
#   scripts/install-deps.sh          build and run the app
#   scripts/install-deps.sh --test   also the test tools (WebKitWebDriver, Xvfb, tauri-driver, cargo-deny,
#                                    xmllint and pdftotext, PostgreSQL for the team server's tests, and tests/
#                                    npm packages: Mermaid reads exports back; a colour emoji font, as most
#                                    desktops have, which pictures must not trip on)
# Needs the Rust toolchain (with rustfmt and clippy), Node.js/npm and git; run as root or with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

with_test=false
[ "${1:-}" = "--test" ] && with_test=true

packages=(
  build-essential pkg-config file
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev libxdo-dev
  libdbus-1-dev
  fonts-noto-cjk fonts-noto-core fonts-symbola
)
if $with_test; then
  packages+=(webkit2gtk-driver xvfb xauth sqlite3 graphviz xdotool imagemagick libxml2-utils poppler-utils dbus-daemon
    fonts-noto-color-emoji e2fsprogs postgresql)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for tool in cargo npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is required (install Rust and Node.js first)" >&2; exit 1; }
done

if $with_test && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "==> Installing tauri-driver"
  cargo install tauri-driver --locked
fi
if $with_test && ! command -v cargo-deny >/dev/null 2>&1; then
  echo "==> Installing cargo-deny"
  cargo install cargo-deny --locked
fi

# npm ci only when the lock file is newer than the last install.
install_npm() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "==> npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}
install_npm ui
if $with_test; then
  install_npm tests
fi
