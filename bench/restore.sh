#!/usr/bin/env bash
# Interleaved benchmark of `etcdsnap restore` against `etcdctl snapshot restore` and the physical floor, a plain
# `cp` + `sync` of the same file.
#
#   bench/restore.sh SNAPSHOT [ROUNDS] [TARGET_DIR]      (default 5 rounds, target dir /tmp)
#
# Runs, each round in this order, with a sync and a pause between runs (the snapshot stays in the page cache):
#   cp-sync          cp SNAPSHOT TARGET && sync TARGET
#   etcdctl          etcdctl snapshot restore SNAPSHOT --data-dir TARGET            (3.4: copy, sha256, bbolt edits)
#   ours             etcdsnap restore SNAPSHOT --data-dir TARGET                    (structure check, copy + sha256, WAL)
#   ours-nohash      etcdsnap restore SNAPSHOT --data-dir TARGET --skip-hash-check  (what the SHA-256 costs)
# and prints a table of medians (wall, CPU, peak RSS) with ratios against cp-sync, then ours/etcdctl.
# OURS=<path to etcdsnap> (default: ./out/etcdsnap, the Native AOT binary from ./build.sh publish).
# NICE=-10 runs every measured command at that priority (all alike), to cut noise on a shared machine (needs root).
set -euo pipefail

SNAPSHOT="${1:?usage: restore.sh SNAPSHOT [ROUNDS] [TARGET_DIR]}"
ROUNDS="${2:-5}"
DIR="${3:-/tmp}"
HERE="$(cd "$(dirname "$0")" && pwd)"
export ETCDCTL_API=3
# shellcheck source=lib.sh
source "$HERE/lib.sh"

OURS="${OURS:-$HERE/../out/etcdsnap}"
[[ -x "$OURS" ]] || { echo "build the AOT binary first: ./build.sh publish" >&2; exit 1; }

TARGET="$DIR/etcdsnap-restore-bench.target"
trap 'rm -rf "$TARGET"' EXIT

run() { # LABEL CMD...: a fresh target for every run, nothing of the previous run's writeback left
  local label=$1; shift
  rm -rf "$TARGET"; settle
  measure "$label" nice -n "${NICE:-0}" "$@"
}

cat "$SNAPSHOT" >/dev/null
echo "snapshot: $SNAPSHOT ($(stat -c %s "$SNAPSHOT") bytes), $ROUNDS rounds, target $TARGET" >&2
echo "results: $BENCH_TSV" >&2
for ((round = 1; round <= ROUNDS; round++)); do
  run cp-sync sh -c "cp '$SNAPSHOT' '$TARGET' && sync '$TARGET'"
  run etcdctl etcdctl snapshot restore "$SNAPSHOT" --data-dir "$TARGET"
  run ours "$OURS" restore "$SNAPSHOT" --data-dir "$TARGET"
  etcdctl snapshot status "$TARGET/member/snap/db" >/dev/null   # our db passes bbolt's check
  run ours-nohash "$OURS" restore "$SNAPSHOT" --data-dir "$TARGET" --skip-hash-check
  echo "round $round done" >&2
done

report cp-sync etcdctl ours ours-nohash
python3 - "$BENCH_TSV" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 5:
        rows.setdefault(p[0], []).append(float(p[1]))
ours, etcdctl = statistics.median(rows["ours"]), statistics.median(rows["etcdctl"])
print(f"\nours / etcdctl (median wall): {ours / etcdctl:.2f}")
PY
