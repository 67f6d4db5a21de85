#!/usr/bin/env bash
# Interleaved benchmark of `save`: etcdctl 3.4 `snapshot save` vs the Native AOT etcdsnap, on the same etcd, same data.
#
#   bench/save.sh DATASET_SNAPSHOT [ROUNDS]     (default 3 rounds)
#
# DATASET_SNAPSHOT comes from bench/make-dataset.sh. It is restored once (with etcdctl) into a temp data dir, an etcd
# serves it on 127.0.0.1, and each round runs etcdctl and etcdsnap once, interleaved, with a sync and a pause between
# runs. Prints a markdown table of medians: wall, CPU (user+sys) and peak RSS, with ratios against etcdctl.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
DATASET="${1:?usage: save.sh DATASET_SNAPSHOT [ROUNDS]}"
ROUNDS="${2:-3}"
export ETCDCTL_API=3
OURS="${OURS:-$HERE/../out/etcdsnap}"
[[ -x "$OURS" ]] || { echo "build the AOT binary first: ./build.sh publish" >&2; exit 1; }

WORK="$(mktemp -d /tmp/etcdsnap-savebench.XXXXXX)"
ETCD_PID=""
cleanup() { [[ -n "$ETCD_PID" ]] && kill "$ETCD_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
CPORT=$(free_port); PPORT=$(free_port)
etcdctl snapshot restore "$DATASET" --data-dir "$WORK/data" --name bench \
  --initial-cluster "bench=http://127.0.0.1:$PPORT" --initial-advertise-peer-urls "http://127.0.0.1:$PPORT" >/dev/null 2>&1
etcd --name bench --data-dir "$WORK/data" --listen-client-urls "http://127.0.0.1:$CPORT" \
  --advertise-client-urls "http://127.0.0.1:$CPORT" --listen-peer-urls "http://127.0.0.1:$PPORT" \
  --quota-backend-bytes $((8 * 1024 * 1024 * 1024)) >"$WORK/etcd.log" 2>&1 &
ETCD_PID=$!
EP="127.0.0.1:$CPORT"
for _ in $(seq 1 300); do etcdctl --endpoints "$EP" endpoint health >/dev/null 2>&1 && break; sleep 0.2; done
echo "etcd on $EP: $(etcdctl --endpoints "$EP" endpoint status -w table | sed -n 4p)" >&2

for ((round = 1; round <= ROUNDS; round++)); do
  settle; measure etcdctl etcdctl --endpoints "$EP" snapshot save "$WORK/etcdctl.db"
  settle; measure etcdsnap "$OURS" save "$WORK/etcdsnap.db" --endpoints "$EP" --no-sidecar
  a=$(stat -c %s "$WORK/etcdctl.db"); b=$(stat -c %s "$WORK/etcdsnap.db")
  [[ "$a" == "$b" ]] || { echo "size mismatch: etcdctl $a, etcdsnap $b" >&2; exit 1; }
  echo "round $round: both files $a bytes" >&2
  rm -f "$WORK/etcdctl.db" "$WORK/etcdsnap.db"
done
report etcdctl etcdsnap
