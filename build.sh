#!/usr/bin/env bash
# One entry point for people and CI.
#   ./build.sh demo      install etcd if missing, then play the seed's backup/restore story end to end
#   ./build.sh test      install what the tests need, check formatting, build, run every test (none may skip)
#   ./build.sh publish   self-contained single-file linux-x64 binary (Native AOT) in ./out/etcdsnap
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

ensure_etcd() {
  if command -v etcd >/dev/null && command -v etcdctl >/dev/null; then return; fi
  log "installing etcd-server and etcd-client (Debian packages, etcd 3.4)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server etcd-client >/dev/null
  # The package may start a system etcd on 2379; our tests and demo use their own ports, but do not leave it running.
  as_root sh -c 'command -v systemctl >/dev/null && systemctl stop etcd 2>/dev/null; pkill -x etcd 2>/dev/null; true'
}

ensure_emulators() {
  tools/object-store-emulators.sh check || { log "installing s3rver and azurite (npm) for the object-store tests"; tools/object-store-emulators.sh install; }
}

cmd_test() {
  ensure_etcd
  ensure_emulators
  log "checking formatting (dotnet format --verify-no-changes)"
  dotnet format EtcdSnap.slnx --verify-no-changes
  log "building (Release, warnings are errors)"
  dotnet build EtcdSnap.slnx -c Release -nologo -tl:off -v minimal
  log "running every test"
  local out; out="$(mktemp)"
  set +e
  dotnet test EtcdSnap.slnx -c Release --no-build -nologo -tl:off 2>&1 | tee "$out"
  local rc=${PIPESTATUS[0]}
  set -e
  if grep -Eq 'Skipped: +[1-9]|Skipped:[[:space:]]+[1-9]' "$out"; then
    echo "some tests were skipped: every test must run" >&2; rc=1
  fi
  if ! grep -Eq 'Passed!|Passed: +[1-9]' "$out"; then
    echo "no test results found" >&2; rc=1
  fi
  rm -f "$out"
  return "$rc"
}

cmd_demo() {
  ensure_etcd
  exec "$root/etcdsnap" demo "$@"
}

cmd_publish() {
  log "publishing a self-contained Native AOT binary to ./out"
  dotnet publish src/EtcdSnap.Cli/EtcdSnap.Cli.csproj -c Release -r linux-x64 -o out -nologo -tl:off
  ls -l out/etcdsnap
}

case "${1:-}" in
  test) shift; cmd_test "$@" ;;
  demo) shift; cmd_demo "$@" ;;
  publish) shift; cmd_publish "$@" ;;
  *) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
