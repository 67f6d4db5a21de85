#!/usr/bin/env bash
# Loads a ~1.3 GB etcd 3.4 db on 127.0.0.1 (free ports, temp data dir) and leaves a snapshot at OUT.
#
#   bench/make-dataset.sh OUT [TARGET_MB]       (default TARGET_MB=1300)
#
# Content: ~200k small keys (txns of 125 puts, 4 etcdctl processes at a time), large values of ~1 MB (overflow
# pages) until the db reaches TARGET_MB, a few overwrites and deletes. The etcd member is stopped and its data dir
# removed at the end; only OUT remains.
set -euo pipefail

OUT="${1:?usage: make-dataset.sh OUT [TARGET_MB]}"
TARGET_MB="${2:-1300}"
SMALL_KEYS="${SMALL_KEYS:-200000}"
export ETCDCTL_API=3

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

WORK="$(mktemp -d /tmp/etcdsnap-bench.XXXXXX)"
ETCD_PID=""
cleanup() {
  if [[ -n "$ETCD_PID" ]] && kill -0 "$ETCD_PID" 2>/dev/null; then kill "$ETCD_PID"; wait "$ETCD_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

CPORT="$(free_port)"; PPORT="$(free_port)"
EP="http://127.0.0.1:$CPORT"
etcd --name bench --data-dir "$WORK/bench.etcd" \
  --listen-client-urls "$EP" --advertise-client-urls "$EP" \
  --listen-peer-urls "http://127.0.0.1:$PPORT" --initial-advertise-peer-urls "http://127.0.0.1:$PPORT" \
  --initial-cluster "bench=http://127.0.0.1:$PPORT" --quota-backend-bytes $((8 * 1024 * 1024 * 1024)) \
  --snapshot-count 1000000 >"$WORK/etcd.log" 2>&1 &
ETCD_PID=$!
for _ in $(seq 1 100); do
  etcdctl --endpoints "$EP" endpoint health --command-timeout=1s >/dev/null 2>&1 && break
  sleep 0.1
done
ctl() { etcdctl --endpoints "$EP" "$@"; }

echo "small keys: $SMALL_KEYS" >&2
txn_batch() { # FROM COUNT VALUE
  local from="$1" n="$2" v="$3" i
  { echo; for ((i = from; i < from + n; i++)); do printf 'put /registry/pods/ns-%03d/pod-%07d %s-%07d-abcdefghijklmnopqrstuvwxyz0123456789\n' $((i % 500)) "$i" "$v" "$i"; done; echo; echo; } \
    | ctl txn >/dev/null
}
export -f txn_batch ctl
export EP
seq 0 125 $((SMALL_KEYS - 1)) | xargs -P 4 -I{} bash -c 'txn_batch {} 125 v1'
seq 0 125 9999 | xargs -P 4 -I{} bash -c 'txn_batch {} 125 v2'   # overwrites

echo "large values until ${TARGET_MB} MB" >&2
head -c 786432 /dev/urandom | base64 -w0 >"$WORK/value"     # 1 MiB of text
i=0
while true; do
  size=$(ctl endpoint status -w json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Status"]["dbSize"])')
  ((size >= TARGET_MB * 1000 * 1000)) && break
  for _ in $(seq 1 20); do ctl put "/registry/configmaps/big/cm-$i" <"$WORK/value" >/dev/null; i=$((i + 1)); done
done
{ echo; for ((j = 0; j < 100; j++)); do echo "del /registry/pods/ns-$(printf %03d $((j % 500)))/pod-$(printf %07d "$j")"; done; echo; echo; } | ctl txn >/dev/null
ctl snapshot save "$OUT" >/dev/null 2>&1
ls -l "$OUT" >&2
