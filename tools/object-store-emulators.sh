#!/usr/bin/env bash
# Object-store emulators for the storage contract tests, installed with npm into a local folder.
#
#   tools/object-store-emulators.sh install   # s3rver (S3 API) and azurite (Azure Blob API) into .tools/
#   tools/object-store-emulators.sh check     # exit 0 when both are installed, 1 otherwise
#   tools/object-store-emulators.sh path      # print the folder that holds node_modules/.bin
#
# The tests (tests/EtcdSnap.Storage.Tests/Emulators) start and stop the emulators themselves on free
# ports of 127.0.0.1; they read ETCDSNAP_EMULATORS_DIR when set, else .tools/ at the repository root.
# Versions are pinned so that a CI run tests against what a developer tested against.
set -euo pipefail

S3RVER_VERSION=3.7.1
AZURITE_VERSION=3.37.0

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${ETCDSNAP_EMULATORS_DIR:-$root/.tools}"

installed() {
  [[ -x "$dir/node_modules/.bin/s3rver" && -x "$dir/node_modules/.bin/azurite-blob" ]]
}

case "${1:-}" in
  install)
    if ! command -v npm >/dev/null 2>&1; then
      echo "error: npm not found; install Node.js 18 or newer first (apt-get install -y nodejs npm)" >&2
      exit 1
    fi
    mkdir -p "$dir"
    # A package.json of our own keeps npm from walking up into the repository.
    [[ -f "$dir/package.json" ]] || echo '{ "name": "etcdsnap-emulators", "private": true }' >"$dir/package.json"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
      "s3rver@$S3RVER_VERSION" "azurite@$AZURITE_VERSION"
    installed || { echo "error: npm finished but the emulator binaries are missing under $dir" >&2; exit 1; }
    echo "installed s3rver $S3RVER_VERSION and azurite $AZURITE_VERSION into $dir"
    ;;
  check)
    installed
    ;;
  path)
    echo "$dir"
    ;;
  *)
    echo "usage: $0 install|check|path" >&2
    exit 2
    ;;
esac
