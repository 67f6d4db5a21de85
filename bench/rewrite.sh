#!/usr/bin/env bash
# Interleaved benchmark of the restore db rewrite against the physical floor, `cp` + `sync` of the same file.
#
#   bench/rewrite.sh SNAPSHOT [ROUNDS] [TARGET_DIR]     (default 3 rounds, target dir /tmp)
#
# "ours" = StatusProbe rewrite (BboltRewriter with restore-style edits: copy + SHA-256 + new pages + metas + fsync);
# "ours-nohash" = the same without hashing the source (what a raw-db restore does).
set -euo pipefail

SNAPSHOT="${1:?usage: rewrite.sh SNAPSHOT [ROUNDS] [TARGET_DIR]}"
ROUNDS="${2:-3}"
DIR="${3:-/tmp}"
HERE="$(cd "$(dirname "$0")" && pwd)"
if [[ -z "${OURS:-}" ]]; then
  dotnet publish "$HERE/StatusProbe/StatusProbe.csproj" -c Release -p:PublishAot=true -p:IlcInstructionSet=x86-64-v2 \
    -o /tmp/etcdsnap-statusprobe >/dev/null
  OURS=/tmp/etcdsnap-statusprobe/StatusProbe
fi

TMP="$(mktemp -d /tmp/etcdsnap-rewritebench.XXXXXX)"
TARGET="$DIR/etcdsnap-rewrite-bench.db"
trap 'rm -rf "$TMP" "$TARGET"' EXIT

measure() {
  local name="$1"; shift
  rm -f "$TARGET"; sync; sleep 3
  /usr/bin/time -f '%e %M' -o "$TMP/time.txt" "$@" >/dev/null 2>"$TMP/$name.err"
  read -r wall rss <"$TMP/time.txt"
  echo "$wall $rss" >>"$TMP/$name.times"
  printf '%-8s round %d: %6.2f s %8.1f MiB\n' "$name" "$round" "$wall" "$(echo "$rss / 1024" | bc -l)"
}

cat "$SNAPSHOT" >/dev/null
for ((round = 1; round <= ROUNDS; round++)); do
  measure cp-sync sh -c "cp '$SNAPSHOT' '$TARGET' && sync '$TARGET'"
  measure ours "$OURS" rewrite "$SNAPSHOT" "$TARGET"
  etcdctl snapshot status "$TARGET" >/dev/null   # the rewritten db passes bbolt's check
  measure ours-nohash "$OURS" rewrite --no-hash "$SNAPSHOT" "$TARGET"
done

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
c=$(cut -d' ' -f1 "$TMP/cp-sync.times" | median); o=$(cut -d' ' -f1 "$TMP/ours.times" | median)
r=$(cut -d' ' -f2 "$TMP/ours.times" | median); n=$(cut -d' ' -f1 "$TMP/ours-nohash.times" | median)
printf 'median wall: cp+sync %.2f s, ours %.2f s, ratio %.2f; ours peak RSS %.1f MiB\n' "$c" "$o" "$(echo "$o / $c" | bc -l)" \
  "$(echo "$r / 1024" | bc -l)"
printf 'without the SHA-256 of the source: ours %.2f s, ratio %.2f\n' "$n" "$(echo "$n / $c" | bc -l)"
