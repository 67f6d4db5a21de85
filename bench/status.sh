#!/usr/bin/env bash
# Interleaved benchmark of `snapshot status`: etcdctl 3.4 vs `etcdsnap status -o json` (the Native AOT binary).
#
#   bench/status.sh SNAPSHOT [ROUNDS]            (default 3 rounds; medians are printed)
#
# Each round runs etcdctl once and ours once, each under /usr/bin/time -v (wall clock and max RSS), with a sync and a
# short pause between runs; both outputs must agree. OURS=<command> overrides ours (default: ./out/etcdsnap, built by ./build.sh publish).
set -euo pipefail

SNAPSHOT="${1:?usage: status.sh SNAPSHOT [ROUNDS]}"
ROUNDS="${2:-3}"
HERE="$(cd "$(dirname "$0")" && pwd)"
export ETCDCTL_API=3

if [[ -z "${OURS:-}" ]]; then
  BIN="$HERE/../out/etcdsnap"
  [[ -x "$BIN" ]] || { echo "build the AOT binary first: ./build.sh publish" >&2; exit 1; }
  OURS="$(mktemp /tmp/etcdsnap-status.XXXXXX.sh)"
  printf '#!/bin/sh\nexec %q status "$1" -o json\n' "$BIN" >"$OURS"
  chmod +x "$OURS"
fi

TMP="$(mktemp -d /tmp/etcdsnap-statusbench.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT

# measure NAME CMD... -> appends "wall_s rss_kib" to $TMP/NAME.times, output to $TMP/NAME.out
measure() {
  local name="$1"; shift
  sync; sleep 2
  /usr/bin/time -v -o "$TMP/time.txt" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); s = 0; for (i = 1; i <= length(t); i++) s = s * 60 + t[i]; print s}' "$TMP/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time.txt")
  echo "$wall $rss" >>"$TMP/$name.times"
  printf '%-8s round %d: %6.2f s %8.1f MiB\n' "$name" "$round" "$wall" "$(echo "$rss / 1024" | bc -l)"
}

# Warm the page cache once so every measured run reads from memory.
cat "$SNAPSHOT" >/dev/null
for ((round = 1; round <= ROUNDS; round++)); do
  measure etcdctl etcdctl snapshot status -w json "$SNAPSHOT"
  measure ours "$OURS" "$SNAPSHOT"
  if ! diff <(tr -d ' \n' <"$TMP/etcdctl.out") <(tr -d ' \n' <"$TMP/ours.out") >/dev/null; then
    echo "MISMATCH: etcdctl $(cat "$TMP/etcdctl.out") vs ours $(cat "$TMP/ours.out")" >&2
    exit 1
  fi
done

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
e_wall=$(cut -d' ' -f1 "$TMP/etcdctl.times" | median); o_wall=$(cut -d' ' -f1 "$TMP/ours.times" | median)
e_rss=$(cut -d' ' -f2 "$TMP/etcdctl.times" | median); o_rss=$(cut -d' ' -f2 "$TMP/ours.times" | median)
echo "status output: $(cat "$TMP/ours.out")"
printf 'median wall: etcdctl %.2f s, ours %.2f s, ratio %.2f\n' "$e_wall" "$o_wall" "$(echo "$o_wall / $e_wall" | bc -l)"
printf 'median RSS:  etcdctl %.1f MiB, ours %.1f MiB\n' "$(echo "$e_rss / 1024" | bc -l)" "$(echo "$o_rss / 1024" | bc -l)"
