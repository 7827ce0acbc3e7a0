#!/usr/bin/env bash
# The test command (the README's): installs the real clients that the tests prove the outputs
# with, when they are missing, then runs `cargo test`. A test that needs one of these clients
# fails when it is missing; it never skips. Clients live under $POSTMORTEM_TOOLS (npm packages
# in node_modules/.bin, PyPI packages in venv/bin); Debian packages go on the system.
# Usage: scripts/test.sh [cargo test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

export POSTMORTEM_TOOLS="${POSTMORTEM_TOOLS:-$HOME/.cache/postmortem-tools}"
export PUPPETEER_SKIP_DOWNLOAD=1
export PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium
export DEBIAN_FRONTEND=noninteractive

# Debian packages (command to look for:package), one block per need; keep the blank lines.
apt_needs=(chromium:chromium)  # the browser tests

# issue 14: print to PDF and read it back
apt_needs+=(pdftotext:poppler-utils)

# issue 15: the status-history site
apt_needs+=()

# issue 17: man pages
apt_needs+=()

# issues 12 and 13: hardening and speed
apt_needs+=()

# npm packages (name@version), one block per need; keep the blank lines.
npm_needs=()

# issue 14: the real Mermaid
npm_needs+=(@mermaid-js/mermaid-cli@12.2.0)

# issue 15: Atlassian's status widget
npm_needs+=(@statuspage/status-widget@1.0.5)

# issue 17: SARIF Multitool
npm_needs+=()

# PyPI packages (name==version), one block per need; keep the blank lines.
pip_needs=()

# issue 15: feed parser
pip_needs+=(feedparser==6.0.14)

# issue 17: sarif-tools, pre-commit
pip_needs+=()

# issue 16
pip_needs+=()

missing_apt=()
for need in "${apt_needs[@]}"; do
    command -v "${need%%:*}" >/dev/null 2>&1 || missing_apt+=("${need#*:}")
done
if [ ${#missing_apt[@]} -gt 0 ]; then
    echo "test.sh: installing Debian packages: ${missing_apt[*]}"
    sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq "${missing_apt[@]}" >/dev/null
fi

mkdir -p "$POSTMORTEM_TOOLS"
missing_npm=()
for need in "${npm_needs[@]}"; do
    name="${need%@*}"
    [ -d "$POSTMORTEM_TOOLS/node_modules/$name" ] || missing_npm+=("$need")
done
if [ ${#missing_npm[@]} -gt 0 ]; then
    echo "test.sh: installing npm packages: ${missing_npm[*]}"
    npm install --silent --no-audit --no-fund --prefix "$POSTMORTEM_TOOLS" "${missing_npm[@]}"
fi

if [ ${#pip_needs[@]} -gt 0 ]; then
    [ -x "$POSTMORTEM_TOOLS/venv/bin/pip" ] || python3 -m venv "$POSTMORTEM_TOOLS/venv"
    stamp="$POSTMORTEM_TOOLS/venv/.installed-$(printf '%s\n' "${pip_needs[@]}" | sha256sum | cut -c1-16)"
    if [ ! -e "$stamp" ]; then
        echo "test.sh: installing PyPI packages: ${pip_needs[*]}"
        "$POSTMORTEM_TOOLS/venv/bin/pip" install --quiet "${pip_needs[@]}"
        touch "$stamp"
    fi
fi

exec cargo test --locked "$@"
