#!/usr/bin/env bash
# Regenerates the test fixtures with the real etcd binaries. Everything runs on 127.0.0.1 with free ports.
#
#   tools/generate-fixtures.sh [bbolt]        (default: all parts; only "bbolt" exists so far)
#
# bbolt part -> tests/EtcdSnap.Formats.Tests/testdata/bbolt/:
#   varied.snapshot.db          etcdctl snapshot save of a member with overwrites, deletes, leases, a compaction,
#                               values larger than a page and a few thousand keys
#   varied.raw.db               member/snap/db copied from the same member after it stopped (no trailer)
#   small.snapshot.db           a fresh member with a handful of keys
#   *.status.json               etcdctl snapshot status -w json of each file (the compatibility canary)
#   varied.live-keys.json       etcdctl get "" --prefix --keys-only -w json: the live key count just before the save
#   versions.txt                etcd/etcdctl versions that produced them
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/tests/EtcdSnap.Formats.Tests/testdata/bbolt"
PART="${1:-all}"
export ETCDCTL_API=3

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

WORK="$(mktemp -d /tmp/etcdsnap-fixtures.XXXXXX)"
ETCD_PID=""
cleanup() {
  if [[ -n "$ETCD_PID" ]] && kill -0 "$ETCD_PID" 2>/dev/null; then kill "$ETCD_PID"; wait "$ETCD_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_etcd NAME -> sets ETCD_PID, EP, DATA
start_etcd() {
  local name="$1" cport pport
  cport="$(free_port)"; pport="$(free_port)"
  DATA="$WORK/$name.etcd"
  EP="http://127.0.0.1:$cport"
  etcd --name "$name" --data-dir "$DATA" \
    --listen-client-urls "$EP" --advertise-client-urls "$EP" \
    --listen-peer-urls "http://127.0.0.1:$pport" --initial-advertise-peer-urls "http://127.0.0.1:$pport" \
    --initial-cluster "$name=http://127.0.0.1:$pport" --initial-cluster-token "fixtures-$name" \
    --heartbeat-interval 50 --election-timeout 500 >"$WORK/$name.log" 2>&1 &
  ETCD_PID=$!
  for _ in $(seq 1 100); do
    if etcdctl --endpoints "$EP" endpoint health --command-timeout=1s >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "etcd did not start; log:" >&2; cat "$WORK/$name.log" >&2; exit 1
}

stop_etcd() {
  kill "$ETCD_PID"; wait "$ETCD_PID" 2>/dev/null || true; ETCD_PID=""
}

ctl() { etcdctl --endpoints "$EP" "$@"; }

# txn_puts PREFIX FROM TO VALUE-PREFIX: one transaction per 100 keys (etcd allows 128 ops per txn).
txn_puts() {
  local prefix="$1" from="$2" to="$3" vp="$4" i
  for ((start = from; start <= to; start += 100)); do
    {
      echo
      for ((i = start; i < start + 100 && i <= to; i++)); do printf 'put %s%05d %s-%05d-%s\n' "$prefix" "$i" "$vp" "$i" "padding-padding-padding"; done
      echo; echo
    } | ctl txn >/dev/null
  done
}

txn_dels() {
  local prefix="$1" from="$2" to="$3" step="$4" i
  { echo; for ((i = from; i <= to; i += step)); do printf 'del %s%05d\n' "$prefix" "$i"; done; echo; echo; } | ctl txn >/dev/null
}

status_json() { etcdctl snapshot status -w json "$1" >"$2"; }

bbolt_fixtures() {
  mkdir -p "$OUT"
  rm -f "$OUT"/*.db "$OUT"/*.json "$OUT"/versions.txt

  # --- varied: overwrites, deletes, leases, compaction, overflow values, thousands of keys
  start_etcd varied
  txn_puts /registry/configmaps/default/cm- 1 3000 v1
  txn_puts /registry/configmaps/default/cm- 1 500 v2          # overwrites
  txn_dels /registry/configmaps/default/cm- 2 400 4           # 100 deletes (tombstones)
  local lease
  lease="$(ctl lease grant 600 | awk '{print $2}')"
  for i in 1 2 3 4 5; do ctl put --lease="$lease" "/registry/leases/kube-node-lease/node-$i" "lease-held-$i" >/dev/null; done
  ctl lease grant 3600 >/dev/null                              # a lease without keys
  head -c 10000 /dev/zero | tr '\0' 'a' | ctl put /big/ten-thousand >/dev/null          # overflow (3 pages)
  head -c 100000 /dev/urandom | base64 -w0 | ctl put /big/hundred-thousand >/dev/null   # overflow (33 pages)
  local rev
  rev="$(ctl get /big/ten-thousand -w json | python3 -c 'import json,sys; print(json.load(sys.stdin)["header"]["revision"])')"
  ctl compact "$rev" >/dev/null                                # drops history of the overwritten keys
  txn_puts /registry/secrets/kube-system/s- 1 200 after-compaction
  ctl put compact_rev_key "$rev" >/dev/null
  ctl del /big/ten-thousand >/dev/null
  ctl get "" --prefix --keys-only -w json | python3 -c 'import json,sys; print(json.dumps({"count": json.load(sys.stdin).get("count", 0)}))' >"$OUT/varied.live-keys.json"  # what etcd 3.6 status counts
  ctl snapshot save "$OUT/varied.snapshot.db" >/dev/null 2>&1
  stop_etcd
  cp "$DATA/member/snap/db" "$OUT/varied.raw.db"
  status_json "$OUT/varied.snapshot.db" "$OUT/varied.snapshot.status.json"
  status_json "$OUT/varied.raw.db" "$OUT/varied.raw.status.json"

  # --- small: a handful of keys in a fresh member
  start_etcd small
  for i in 1 2 3; do ctl put "key-$i" "value-$i" >/dev/null; done
  ctl put key-2 "value-2b" >/dev/null
  ctl del key-3 >/dev/null
  ctl snapshot save "$OUT/small.snapshot.db" >/dev/null 2>&1
  stop_etcd
  status_json "$OUT/small.snapshot.db" "$OUT/small.snapshot.status.json"

  {
    etcd --version | sed -n 1p
    etcdctl version | sed -n 1p
  } >"$OUT/versions.txt"
  ls -l "$OUT"
}

case "$PART" in
  all | bbolt) bbolt_fixtures ;;
  *) echo "unknown part: $PART" >&2; exit 2 ;;
esac
