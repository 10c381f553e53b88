#!/usr/bin/env bash
# Installs what Reverie needs outside npm: ffmpeg with libass/xfade, a CJK font, and Redis.
# On Debian/Ubuntu (as root, or with sudo) it installs them; elsewhere it says what to install.
set -euo pipefail

missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
command -v redis-server >/dev/null 2>&1 || command -v redis-cli >/dev/null 2>&1 || missing+=(redis-server)

if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Please install: ffmpeg (with libass), the Noto Sans CJK font, and Redis 7 — then run this again." >&2
    echo "  macOS: brew install ffmpeg redis && brew install --cask font-noto-sans-cjk" >&2
    exit 1
  fi
fi

# Redis must answer on REDIS_URL (default 127.0.0.1:6379); start a local one if it is installed but down.
if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -u "${REDIS_URL:-redis://127.0.0.1:6379}" ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    for _ in $(seq 1 50); do redis-cli ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
fi
redis-cli -u "${REDIS_URL:-redis://127.0.0.1:6379}" ping >/dev/null 2>&1 || { echo "Redis does not answer on ${REDIS_URL:-redis://127.0.0.1:6379}" >&2; exit 1; }

# Node >= 22 comes from the project itself (the `node` package), so npm ci is all that is left.
[ -d node_modules ] || npm ci --no-audit --no-fund
echo "Ready: npm start (chat in this terminal) · npm test"
