#!/usr/bin/env bash
# Brings this checkout to a runnable state: ffmpeg, a CJK font, a Redis that answers, for `npm test`
# Debian's chromium, and the npm dependencies (which include the project's pinned Node 22).
# `npm start` and `npm test` run it first (prestart / pretest) and `npm run setup` runs it on its
# own, so a fresh clone needs nothing else. Plain bash on purpose: it runs before the pinned Node
# exists, under whatever Node the machine has (Node 20 cannot even load a .ts file). It runs before every start and test run, so
# when nothing is missing it must stay silent and quick (no apt, no npm), and it must never read
# stdin: the terminal chat that starts after it does. What it cannot fix ends in one sentence that
# names the fix, with a non-zero exit and no stack trace.
# No `set -u`: macOS still ships bash 3.2, where an empty array trips it.
set -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." && [ -f package.json ] || exit 1

announce=false
[ "${1:-}" = "--announce" ] && announce=true
log="${TMPDIR:-/tmp}/reverie-bootstrap.log"

# The command the user typed, so the closing hint says what to run again.
case "${npm_lifecycle_event:-}" in
  prestart) rerun="npm start" ;;
  pretest) rerun="npm test" ;;
  *) rerun="npm run setup" ;;
esac

say() { printf '%s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# --- Redis: REDIS_URL from the environment, else from .env (as the app reads it), else the default.
redis_url="${REDIS_URL:-}"
if [ -z "$redis_url" ] && [ -f .env ]; then
  redis_url=$(sed -n 's/^[[:space:]]*REDIS_URL[[:space:]]*=[[:space:]]*//p' .env | tail -1 | tr -d "\"'\r")
fi
redis_url="${redis_url:-redis://127.0.0.1:6379}"
redis_hostport=${redis_url#*://}
redis_hostport=${redis_hostport##*@}
redis_hostport=${redis_hostport%%/*}
redis_host=${redis_hostport%:*}
redis_port=${redis_hostport##*:}
[ "$redis_host" = "$redis_hostport" ] && redis_port=6379
case "$redis_host" in 127.0.0.1 | localhost | "[::1]") redis_local=true ;; *) redis_local=false ;; esac

redis_answers() {
  if have redis-cli; then
    redis-cli -u "$redis_url" ping </dev/null 2>/dev/null | grep -q PONG
    return
  fi
  # No redis-cli (Redis in a container, say): a raw PING over bash's /dev/tcp; any reply is a Redis.
  (exec 3<>"/dev/tcp/$redis_host/$redis_port" && printf 'PING\r\n' >&3 && IFS= read -r -t 2 reply <&3 && [[ "$reply" == [+-]* ]]) 2>/dev/null
}

has_font() {
  # The usual places first (a glob costs nothing), then fontconfig, which can take a quarter second.
  local file
  for file in /usr/share/fonts/*/noto*/NotoSansCJK* /usr/share/fonts/*/NotoSansCJK* /usr/local/share/fonts/NotoSansCJK* \
    "$HOME/.local/share/fonts/NotoSansCJK"* "$HOME/Library/Fonts/NotoSansCJK"* /Library/Fonts/NotoSansCJK*; do
    [ -e "$file" ] && return 0
  done
  have fc-list && [ -n "$(fc-list ':family=Noto Sans CJK SC' family </dev/null 2>/dev/null)" ]
}

# apt package names of what is missing; redis-server only when it could serve REDIS_URL.
missing_packages() {
  local packages=""
  { have ffmpeg && have ffprobe; } || packages="$packages ffmpeg"
  has_font || packages="$packages fonts-noto-cjk"
  if $redis_local && ! have redis-server && ! redis_answers; then packages="$packages redis-server"; fi
  # Only the tests need a browser (the owner's page runs in headless Chromium): `npm start` never pulls one.
  if [ "${npm_lifecycle_event:-}" = pretest ] && ! have chromium; then packages="$packages chromium"; fi
  echo "${packages# }"
}

# Prints the command prefix that runs apt as root ("" or "sudo -n"), or fails when there is none.
root_prefix() {
  if [ "$(id -u)" -eq 0 ]; then echo ""; return 0; fi
  have sudo && sudo -n true </dev/null >/dev/null 2>&1 && echo "sudo -n"
}

missing=$(missing_packages)
if [ -n "$missing" ] && have apt-get && root=$(root_prefix); then
  say "Installing $missing with apt (first run only)…"
  # shellcheck disable=SC2086 # $root is "" or "sudo -n" and must split.
  { $root apt-get update -qq && $root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o DPkg::Lock::Timeout=300 $missing; } </dev/null >"$log" 2>&1
  # espeak-ng, the offline voice, is optional: it rides along with a first-run install (never worth
  # an apt run of its own, so later runs stay quick) and its failure is no error (subtitles only).
  if ! have espeak-ng; then
    # shellcheck disable=SC2086 # $root is "" or "sudo -n" and must split.
    $root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 espeak-ng </dev/null >>"$log" 2>&1 || true
  fi
  missing=$(missing_packages)
  [ -z "$missing" ] || fail "apt could not install $missing (its output is in $log): install them yourself, then run $rerun again."
fi
if [ -n "$missing" ]; then
  # The same packages by the names of what this machine installs with.
  if have apt-get; then
    fail "Reverie needs ${missing// /, } and can install that only as root or with passwordless sudo: run sudo apt-get install -y $missing, then run $rerun again."
  elif have brew; then
    formulas=""
    cask=""
    for package in $missing; do
      case $package in
        fonts-noto-cjk) cask=" && brew install --cask font-noto-sans-cjk" ;;
        redis-server) formulas="$formulas redis" ;;
        *) formulas="$formulas $package" ;;
      esac
    done
    how="brew install${formulas}${cask}"
    fail "Reverie needs ${missing// /, }: run ${how/#brew install && /}, then run $rerun again."
  fi
  fail "Reverie needs ${missing// /, }: install it with your package manager (ffmpeg with libass; fonts-noto-cjk is the Noto Sans CJK font), then run $rerun again."
fi

# Installed but down (after a reboot, or a container without init): start a throwaway local one.
if ! redis_answers; then
  if $redis_local && have redis-server; then
    redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no </dev/null >/dev/null 2>&1
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do redis_answers && break; sleep 0.25; done
  fi
  redis_answers || fail "Redis does not answer on $redis_url: start it (redis-server), or point REDIS_URL (environment or .env) at one that does, then run $rerun again."
fi

# --- npm dependencies. The stamp holds a checksum of package-lock.json and of npm's own record of
# what it installed (node_modules/.package-lock.json): a pull that changes the lock, a deleted
# node_modules or an npm command that changed node_modules all make it stale.
stamp=node_modules/.reverie-bootstrap
fingerprint() { cat package-lock.json node_modules/.package-lock.json 2>/dev/null | cksum; }

# "22.23.3" >= "22.18"? Missing parts count as 0.
version_at_least() {
  local IFS=.
  # shellcheck disable=SC2206 # splitting on dots is the point.
  local have_parts=($1) want_parts=($2) i
  for i in 0 1 2; do
    [ "${have_parts[$i]:-0}" -gt "${want_parts[$i]:-0}" ] && return 0
    [ "${have_parts[$i]:-0}" -lt "${want_parts[$i]:-0}" ] && return 1
  done
  return 0
}

# The Node that `npm start` will run: the pinned one npm scripts find first, else the machine's.
check_node() {
  local minimum version
  minimum=$(sed -n 's/.*"node": *">=\([0-9.]*\)".*/\1/p' package.json | head -1)
  if [ -x node_modules/.bin/node ]; then version=$(node_modules/.bin/node --version </dev/null 2>/dev/null); else version=$(node --version </dev/null 2>/dev/null); fi
  version=${version#v}
  version=${version%%[-+]*}
  version_at_least "${version:-0}" "${minimum:-0}" ||
    fail "Reverie needs Node ${minimum} or newer and found ${version:-none} (node_modules/.bin/node comes with the dev dependencies): delete node_modules and run $rerun again, or install Node ${minimum}+ from https://nodejs.org."
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(fingerprint)" ]; then
  : # installed and checked before
elif [ ! -f "$stamp" ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  # Installed by hand (npm ci) after the last lock change: adopt it rather than reinstall.
  check_node
  fingerprint >"$stamp"
else
  have npm || fail "Reverie needs npm (it comes with Node.js from https://nodejs.org), then run $rerun again."
  say "Installing npm dependencies and the project's own Node 22 (first run or changed lock file; about a minute)…"
  npm ci --no-audit --no-fund </dev/null >"$log" 2>&1 ||
    fail "npm ci failed (its output is in $log): check the network and disk space, then run $rerun again."
  check_node
  fingerprint >"$stamp"
fi

if $announce; then echo "Ready: npm start (chat in this terminal) · npm test"; fi
exit 0
