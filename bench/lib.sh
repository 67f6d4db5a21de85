# Shared helpers for the benchmark scripts: interleaved runs, /usr/bin/time, medians, ratios.
# Source it; do not run it. Every measurement appends "label wall_s maxrss_kib user_s sys_s" to $BENCH_TSV.

BENCH_TSV=${BENCH_TSV:-$(mktemp /tmp/etcdsnap-bench.XXXXXX.tsv)}

# measure LABEL CMD... : runs CMD once under /usr/bin/time; fails loudly when CMD fails.
measure() {
  local label=$1; shift
  local t; t=$(mktemp)
  if ! /usr/bin/time -f '%e %M %U %S' -o "$t" "$@" >/dev/null 2>"$t.err"; then
    echo "benchmark command failed: $*" >&2; cat "$t.err" >&2; rm -f "$t" "$t.err"; return 1
  fi
  printf '%s %s\n' "$label" "$(tail -n 1 "$t")" >>"$BENCH_TSV"
  rm -f "$t" "$t.err"
}

# settle: flush dirty pages and pause so one run's writeback does not land on the next.
settle() { sync; sleep "${BENCH_SETTLE:-2}"; }

# report BASELINE LABEL...: markdown table of medians (wall, CPU, RSS) and ratios against BASELINE.
report() {
  local base=$1; shift
  python3 - "$BENCH_TSV" "$base" "$@" <<'PY'
import statistics, sys
path, base, labels = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = {}
for line in open(path):
    p = line.split()
    if len(p) == 5:
        rows.setdefault(p[0], []).append((float(p[1]), int(p[2]) / 1024, float(p[3]) + float(p[4])))
def med(label, i): return statistics.median(r[i] for r in rows[label])
print("| run | n | wall s (all) | median wall s | median CPU s | median peak RSS MiB | wall ratio | CPU ratio |")
print("|---|---|---|---|---|---|---|---|")
for label in [base] + [l for l in labels if l != base]:
    if label not in rows: continue
    walls = " / ".join(f"{r[0]:.2f}" for r in rows[label])
    print(f"| {label} | {len(rows[label])} | {walls} | {med(label,0):.2f} | {med(label,2):.2f} | {med(label,1):.1f} | "
          f"{med(label,0)/med(base,0):.2f} | {med(label,2)/max(med(base,2),1e-9):.2f} |")
PY
}
