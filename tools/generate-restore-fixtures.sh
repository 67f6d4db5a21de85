#!/usr/bin/env bash
# Regenerates tests/EtcdSnap.Formats.Tests/testdata/restore/ (and testdata/wal/live-member/) with the REAL etcd and
# etcdctl found on PATH (written for the Debian etcd-server/etcd-client 3.4.23 packages).
#
# What it does:
#   1. starts a throwaway etcd on 127.0.0.1 (random free ports, temp data dir), writes a few keys,
#      takes a snapshot with `etcdctl snapshot save`, then stops it and keeps its WAL as testdata/wal/live-member;
#   2. for every case below runs `etcdctl snapshot restore` with that case's flags into a temp dir and stores in
#      testdata/restore/<case>/:
#        flags.txt          the flags after `snapshot restore <file> --data-dir <dir>`, one per line
#        wal-data.bin       member/wal/0000000000000000-0000000000000000.wal up to the end of its records
#        wal-size.txt       the real size of that file (the rest is zero fill)
#        <term>-<index>.snap  the raft snapshot file, byte for byte
#        etcdctl-ids.txt    "cluster <hex>" and "member <hex> <urls>" from etcdctl's "added member" log lines
#        files.txt          mode, size and path of every file etcdctl created
#      error cases (flags etcdctl rejects) store flags.txt and error.txt (etcdctl's message, without "Error: ").
#
# Needs: bash, etcd, etcdctl, python3. Touches nothing outside the repo's testdata and a temp dir.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TESTDATA=$ROOT/tests/EtcdSnap.Formats.Tests/testdata
OUT=$TESTDATA/restore
WORK=$(mktemp -d /tmp/etcdsnap-restore-fixtures.XXXXXX)
ETCD_PID=""
export ETCDCTL_API=3

cleanup() {
    if [[ -n "$ETCD_PID" ]] && kill -0 "$ETCD_PID" 2>/dev/null; then
        kill "$ETCD_PID" 2>/dev/null || true
        wait "$ETCD_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

ETCD_VERSION=$(etcd --version | sed -n 's/^etcd Version: //p')
ETCDCTL_VERSION=$(etcdctl version | sed -n 's/^etcdctl version: //p')
if [[ "$ETCD_VERSION" != "3.4.23" || "$ETCDCTL_VERSION" != "3.4.23" ]]; then
    echo "warning: fixtures were made with etcd/etcdctl 3.4.23; found $ETCD_VERSION/$ETCDCTL_VERSION" >&2
fi

# --- 1. a snapshot from a throwaway etcd -----------------------------------------------------------------------------
CP=$(free_port)
PP=$(free_port)
etcd --name src --data-dir "$WORK/src.etcd" \
    --listen-client-urls "http://127.0.0.1:$CP" --advertise-client-urls "http://127.0.0.1:$CP" \
    --listen-peer-urls "http://127.0.0.1:$PP" --initial-advertise-peer-urls "http://127.0.0.1:$PP" \
    --initial-cluster "src=http://127.0.0.1:$PP" --initial-cluster-token srctok >"$WORK/etcd.log" 2>&1 &
ETCD_PID=$!
for _ in $(seq 100); do
    etcdctl --endpoints "http://127.0.0.1:$CP" endpoint health >/dev/null 2>&1 && break
    sleep 0.1
done
ctl() { etcdctl --endpoints "http://127.0.0.1:$CP" "$@" >/dev/null; }
for i in 1 2 3 4 5; do ctl put "/registry/fixture/key-$i" "value-$i"; done
ctl put /registry/fixture/key-2 value-2-updated
ctl del /registry/fixture/key-5
etcdctl --endpoints "http://127.0.0.1:$CP" snapshot save "$WORK/snapshot.db" >/dev/null 2>&1
kill "$ETCD_PID"
wait "$ETCD_PID" 2>/dev/null || true
ETCD_PID=""

# Prints the used prefix length of a WAL segment: frames until a zero length field (see docs/formats/wal.md).
wal_data_end() {
    python3 - "$1" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
off = 0
while off + 8 <= len(data):
    (field,) = struct.unpack_from("<Q", data, off)
    if field == 0:
        break
    n = field & ((1 << 56) - 1)
    pad = (field >> 56) & 7 if field >> 63 else 0
    off += 8 + n + pad
print(off)
PY
}

store_wal() { # <segment> <dest dir>
    local seg=$1 dest=$2 end
    end=$(wal_data_end "$seg")
    head -c "$end" "$seg" >"$dest/wal-data.bin"
    stat -c %s "$seg" >"$dest/wal-size.txt"
}

# --- the live member's WAL (normal entries, hard states, a real server's records) ------------------------------------
LIVE=$TESTDATA/wal/live-member
rm -rf "$LIVE"
mkdir -p "$LIVE"
store_wal "$(ls "$WORK"/src.etcd/member/wal/*.wal | head -n 1)" "$LIVE"
basename "$(ls "$WORK"/src.etcd/member/wal/*.wal | head -n 1)" >"$LIVE/segment-name.txt"

# --- 2. restores --------------------------------------------------------------------------------------------------
rm -rf "$OUT"
mkdir -p "$OUT"

restore_case() { # <case> [flags...]
    local name=$1
    shift
    local dest=$OUT/$name dir=$WORK/restore-$name
    mkdir -p "$dest"
    printf '%s\n' "$@" >"$dest/flags.txt"
    if ! etcdctl snapshot restore "$WORK/snapshot.db" --data-dir "$dir" "$@" >"$WORK/$name.out" 2>"$WORK/$name.log"; then
        echo "restore case $name failed unexpectedly:" >&2
        cat "$WORK/$name.log" >&2
        exit 1
    fi
    store_wal "$dir/member/wal/0000000000000000-0000000000000000.wal" "$dest"
    cp "$dir"/member/snap/*.snap "$dest/"
    python3 - "$WORK/$name.log" >"$dest/etcdctl-ids.txt" <<'PY'
import json, sys
cluster = None
members = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if not line.startswith("{"):
        continue
    entry = json.loads(line)
    if entry.get("msg") == "added member":
        cluster = entry["cluster-id"]
        members.append((entry["added-peer-id"], ",".join(entry["added-peer-peer-urls"])))
print("cluster", cluster)
for member_id, urls in members:
    print("member", member_id, urls)
PY
    (cd "$dir" && find . -mindepth 1 -printf '%M %s %P\n' | sort -k3 | sed 's/^\(d[^ ]*\) [0-9]* /\1 - /') >"$dest/files.txt"
}

error_case() { # <case> [flags...]
    local name=$1
    shift
    local dest=$OUT/errors/$name
    mkdir -p "$dest"
    printf '%s\n' "$@" >"$dest/flags.txt"
    if etcdctl snapshot restore "$WORK/snapshot.db" --data-dir "$WORK/error-$name" "$@" >"$WORK/$name.out" 2>"$WORK/$name.log"; then
        echo "error case $name was accepted by etcdctl" >&2
        exit 1
    fi
    sed -n 's/^Error: //p' "$WORK/$name.log" >"$dest/error.txt"
}

restore_case defaults
restore_case one-member-token --name m1 --initial-cluster m1=http://127.0.0.1:31380 \
    --initial-advertise-peer-urls http://127.0.0.1:31380 --initial-cluster-token srctok
TWO=m1=http://127.0.0.1:31480,m2=http://127.0.0.1:31482
restore_case two-members-m1 --name m1 --initial-cluster $TWO --initial-advertise-peer-urls http://127.0.0.1:31480 \
    --initial-cluster-token tok1
restore_case two-members-m2 --name m2 --initial-cluster $TWO --initial-advertise-peer-urls http://127.0.0.1:31482 \
    --initial-cluster-token tok1
THREE=etcd-a=http://127.0.0.1:12380,etcd-b=http://127.0.0.1:22380,etcd-c=http://127.0.0.1:32380
restore_case three-members-a --name etcd-a --initial-cluster $THREE --initial-cluster-token three \
    --initial-advertise-peer-urls http://127.0.0.1:12380
restore_case three-members-b --name etcd-b --initial-cluster $THREE --initial-cluster-token three \
    --initial-advertise-peer-urls http://127.0.0.1:22380
restore_case three-members-c --name etcd-c --initial-cluster $THREE --initial-cluster-token three \
    --initial-advertise-peer-urls http://127.0.0.1:32380
HTTPS=cp-1=https://10.0.0.11:2380,cp-2=https://10.0.0.12:2380,cp-3=https://10.0.0.13:2380
restore_case https-peers --name cp-2 --initial-cluster $HTTPS --initial-advertise-peer-urls https://10.0.0.12:2380 \
    --initial-cluster-token kubeadm-etcd
ODD_NAME=$'m<1>&"q\\\u00fc\u2028x'
restore_case json-escaping-name --name "$ODD_NAME" --initial-cluster "$ODD_NAME=http://127.0.0.1:2380,plain=http://127.0.0.1:2390" \
    --initial-advertise-peer-urls http://127.0.0.1:2380
restore_case unsorted-urls --name m1 \
    --initial-cluster 'm2=http://127.0.0.1:2392,m1=http://127.0.0.1:2391,m1=http://127.0.0.1:2390' \
    --initial-advertise-peer-urls 'http://127.0.0.1:2391,http://127.0.0.1:2390'
restore_case url-oddities --name m1 \
    --initial-cluster 'm1=HTTP://127.0.0.1:2380,m1=http://[::1]:2381,m2=http://u:p%40ss@127.0.0.1:2383?a=1&b=2#fr ag, m3= https://Host.Example:2384 ' \
    --initial-advertise-peer-urls 'http://[::1]:2381,HTTP://127.0.0.1:2380'
restore_case url-canonical-forms --name m1 \
    --initial-cluster 'm1=http://127.0.0.1:1,m2=HTTP://Host.Example:2,m2=http://u:p$s@h:3,m2=http://h:4?,m2=http://b%C3%BCcher:5,m2=http://bücher:6,m2=http://[::1]:7#a b' \
    --initial-advertise-peer-urls http://127.0.0.1:1

error_case name-not-in-cluster --name m9 --initial-cluster m1=http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380
error_case advertise-not-in-cluster --name m1 --initial-cluster m1=http://127.0.0.1:2380 \
    --initial-advertise-peer-urls http://127.0.0.1:2380,http://127.0.0.1:2381
error_case duplicate-url --name m1 --initial-cluster m1=http://127.0.0.1:2380,m2=http://127.0.0.1:2380 \
    --initial-advertise-peer-urls http://127.0.0.1:2380
error_case bad-scheme --name m1 --initial-cluster m1=ftp://127.0.0.1:2380 --initial-advertise-peer-urls ftp://127.0.0.1:2380
error_case url-with-path --name m1 --initial-cluster m1=http://127.0.0.1:2380/x --initial-advertise-peer-urls http://127.0.0.1:2380/x
error_case url-without-port --name m1 --initial-cluster m1=http://127.0.0.1 --initial-advertise-peer-urls http://127.0.0.1
error_case unix-url-without-port --name m1 --initial-cluster m1=unix:///tmp/etcd.sock --initial-advertise-peer-urls unix:///tmp/etcd.sock
error_case bad-port --name m1 --initial-cluster m1=http://127.0.0.1:23x0 --initial-advertise-peer-urls http://127.0.0.1:23x0
for spec in 'ascii-escape-in-host http://h%41:1' 'space-in-host http://h h:1' 'bad-userinfo http://a b@h:1' \
    'bad-path-escape http://h:1/%zz' 'missing-scheme :2380' 'missing-bracket http://[::1:1' \
    'junk-after-bracket http://[::1]x:1' 'two-ports-after-bracket http://[::1]:1:2' 'stray-bracket http://a]:1' \
    'unbracketed-ipv6 http://::1:2380' 'control-character http://h'$'\x01'':1'; do
    url=${spec#* }
    error_case "${spec%% *}" --name m1 --initial-cluster "m1=$url" --initial-advertise-peer-urls "$url"
done

cat >"$OUT/README.md" <<MD
# Restore fixtures (etcdctl $ETCDCTL_VERSION)

Made by \`tools/generate-restore-fixtures.sh\` with the real etcd/etcdctl $ETCD_VERSION/$ETCDCTL_VERSION: a throwaway
etcd on 127.0.0.1 got a few keys, \`etcdctl snapshot save\` took a snapshot, and \`etcdctl snapshot restore
<snapshot> --data-dir <tmp> <flags>\` ran once per folder with the flags in its \`flags.txt\` (one per line).

Per case folder:

| File | What |
|---|---|
| \`flags.txt\` | the restore flags, one per line |
| \`wal-data.bin\` | \`member/wal/0000000000000000-0000000000000000.wal\` up to the end of its records |
| \`wal-size.txt\` | the size of that file on disk (zero fill after the records) |
| \`*.snap\` | \`member/snap/<term>-<index>.snap\`, unchanged |
| \`etcdctl-ids.txt\` | cluster and member IDs (and canonical peer URLs) from etcdctl's "added member" log lines |
| \`files.txt\` | mode, size and relative path of everything etcdctl created |

\`errors/<case>/\` hold flag sets etcdctl refuses: \`flags.txt\` and \`error.txt\` (its message without "Error: ").

The db (\`member/snap/db\`) is not stored: it is the snapshot with \`consistent_index\` changed, covered by the bbolt
fixtures. Cases: all defaults; one member with a token; two and three members restored once per member name;
https peer URLs; a name that needs JSON escaping; unsorted/repeated URLs; URL spellings etcd canonicalizes.
MD

cat >"$LIVE/README.md" <<MD
# live-member WAL (etcd $ETCD_VERSION)

The first WAL segment of a throwaway single-member etcd ($ETCD_VERSION, \`--initial-cluster-token srctok\`) after
\`put /registry/fixture/key-{1..5} value-{1..5}\`, \`put /registry/fixture/key-2 value-2-updated\` and
\`del /registry/fixture/key-5\`, stopped with SIGTERM. \`wal-data.bin\` is the segment up to the end of its records,
\`wal-size.txt\` its size on disk, \`segment-name.txt\` its file name. Made by \`tools/generate-restore-fixtures.sh\`.
MD

echo "fixtures written to $OUT and $LIVE"
