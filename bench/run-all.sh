#!/usr/bin/env bash
# Every benchmark of docs/benchmarks.md, in one run: the Native AOT binary against etcdctl 3.4 (and cp+sync) on the
# same ~1.3 GB dataset. Run by hand on a quiet machine (not by CI):
#
#   bench/run-all.sh [DATASET]        (default /tmp/etcdsnap-bench-1g3.db, made by make-dataset.sh when missing)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DATASET="${1:-/tmp/etcdsnap-bench-1g3.db}"
"$HERE/../build.sh" publish >/dev/null
[[ -f "$DATASET" ]] || "$HERE/make-dataset.sh" "$DATASET"
echo "## save";    "$HERE/save.sh" "$DATASET" 3
echo "## status";  "$HERE/status.sh" "$DATASET" 5
echo "## restore"; "$HERE/restore.sh" "$DATASET" 5
echo "## backup";  "$HERE/backup.sh" "$DATASET" 3
