#!/usr/bin/env bash
# The whole benchmark: installs the peers (Scripts/bench-peers.sh), builds in release and runs
# claimlint-bench with the CMS tables of ../shared/cms when present. Arguments go to
# claimlint-bench (--quick for a short run, --no-peers, --cms DIR, --work DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bench-peers.sh
swift build -c release --product claimlint-bench
exec .build/release/claimlint-bench "$@"
