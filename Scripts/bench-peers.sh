#!/usr/bin/env bash
# Installs the open peers the benchmark compares with, from PyPI, into a virtual environment
# (default /tmp/claimlint-peers; CLAIMLINT_PEERS_VENV overrides):
#   pyx12     full 837P implementation-guide validation (x12valid)
#   x12-tidy  envelope checks (x12-tidy check)
# A peer that cannot be installed is skipped with a message; claimlint-bench then skips it too.
set -uo pipefail
VENV=${CLAIMLINT_PEERS_VENV:-/tmp/claimlint-peers}
if ! command -v python3 >/dev/null; then
    echo "bench-peers: python3 not found; the peers are skipped"
    exit 0
fi
if [ ! -x "$VENV/bin/pip" ]; then
    python3 -m venv "$VENV" || { echo "bench-peers: cannot make a virtual environment in $VENV; the peers are skipped"; exit 0; }
fi
version() { "$VENV/bin/pip" show "$1" 2>/dev/null | sed -n 's/^Version: //p'; }
for package in pyx12 x12-tidy; do
    if [ -n "$(version "$package")" ]; then
        echo "bench-peers: $package $(version "$package") already in $VENV"
    elif "$VENV/bin/pip" install -q "$package"; then
        echo "bench-peers: installed $package $(version "$package") into $VENV"
    else
        echo "bench-peers: $package is not available from PyPI here; it is skipped"
    fi
done
