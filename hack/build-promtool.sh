#!/usr/bin/env bash
# Builds Prometheus's promtool from the Go module proxy into a per-version cache dir and prints that dir as the last
# line of stdout; the chart's alert rules are unit-tested with it (`promtool test rules`, PrometheusRuleTest):
#
#   dir=$(hack/build-promtool.sh | tail -1)
#
# The version is the Go module version of github.com/prometheus/prometheus (v0.316.0 is Prometheus 3.16.0). When
# the binary is already in the cache it returns at once; a cold build's time is in hack/README.md. Progress on stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=${OMS_PROMTOOL_VERSION:-v0.316.0}
cache_root=${OMS_PROMTOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/om-secrets-operator/promtool}
out="$cache_root/$version"

log() { echo "build-promtool: $*" >&2; }
# shellcheck source=lib/cache.sh
source "$here/lib/cache.sh"

complete=false
[[ -x "$out/promtool" ]] && complete=true
reuse "$out" "$complete" "${OMS_PROMTOOL_REBUILD:-}"

command -v go >/dev/null || { log "go is not installed (needs Go >= the go line of prometheus $version's go.mod)"; exit 1; }

# Build into a scratch dir and rename at the end: an interrupted build never leaves a binary taken as complete.
scratch "$cache_root" "$version"

# The module's v0.MMm.p is Prometheus M.mm.p (v0.316.0 is 3.16.0); promtool --version says the latter.
[[ $version =~ ^v0\.([0-9])([0-9]+)\.([0-9]+)$ ]] || { log "not a Prometheus 3 module version: $version"; exit 1; }
release="${BASH_REMATCH[1]}.$((10#${BASH_REMATCH[2]})).${BASH_REMATCH[3]}"

log "building promtool $version (Prometheus $release) into $out"
start=$SECONDS
# `go install module@version` builds with the module's own go.mod and go.sum (checked against the checksum
# database), so nothing here pins a dependency. The tags are upstream's release build's.
GOBIN="$tmp" CGO_ENABLED=0 go install -trimpath -tags netgo,builtinassets \
  -ldflags "-s -w -X github.com/prometheus/common/version.Version=$release" \
  "github.com/prometheus/prometheus/cmd/promtool@$version" >&2

publish "$tmp" "$out" promtool
