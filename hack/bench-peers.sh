#!/usr/bin/env bash
# The peer benchmark: Bitnami sealed-secrets v0.40.0, External Secrets Operator v0.16.2 (fake
# provider) and this operator, one at a time on the same local control plane, each turning N new resources
# into Secrets under the same load, next to raw Secret creates. Results: docs/benchmarks.md ("Peers on one
# API server"). Not part of .ci/run.
#
#   hack/bench-peers.sh [--n 10000] [--n-defaults 300] [--runs raw,ss-tuned,...] [--warmup 500] ...
#
# The peers are built from the Go module proxy by hack/build-peers.sh (cached under
# ~/.cache/om-secrets-operator/peers). The control plane runs in target/bench-peers-controlplane with
# the CRDs of all three and is stopped on exit. `--help` lists every option. Everything talks to 127.0.0.1.
# The sealed-secrets controller reads only in-cluster config: it runs in a mount namespace of its own
# (unshare, so root) where a private dir is bound over /run to give it a ServiceAccount token and CA.
#
# Environment: BENCH_SKIP_BUILD=1 reuses target/ as it is; BENCH_NICE=-10 runs everything (builds, control
# plane, controllers, JVMs) at that niceness, for a box that other work shares; OMS_BENCH_CP_DIR moves the
# control plane's dir.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${BENCH_NICE:-}" ]]; then
  renice -n "$BENCH_NICE" -p $$ >/dev/null
fi

main=org.openmetadata.secrets.bench.PeerBenchmark
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  mvn -q -B package -DskipTests
fi
# The forked operator maps a class-data archive next to its jar, as the image's entrypoint maps its own.
source hack/lib/cds.sh
cds_for_bench target/om-secrets-operator.jar
cp=$(mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
for a in "$@"; do
  if [[ $a == --help || $a == -h ]]; then
    exec java -cp "target/test-classes:target/classes:${cp}" "$main" --help
  fi
done

peers=$(hack/build-peers.sh | tail -1)

dir="${OMS_BENCH_CP_DIR:-$PWD/target/bench-peers-controlplane}"
crds=$(mktemp -d)
trap 'hack/controlplane.sh down "$dir" >&2 || true; rm -rf "$crds"' EXIT
cp crds/*.yml "$peers"/crds/sealed-secrets/*.yaml "$peers"/crds/external-secrets/*.yaml "$crds/"
OMS_CP_CRDS="$crds" hack/controlplane.sh up "$dir" >/dev/null

mkdir -p target/bench
out="target/bench/peers-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src hack || echo ' (with uncommitted changes)')," \
    "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  java ${BENCH_JAVA_OPTS:--Xms1g -Xmx4g} -cp "target/test-classes:target/classes:${cp}" \
    "$main" --kubeconfig "$dir/kubeconfig" --peers "$peers" "$@"
} | tee "$out"
echo "results also in $out" >&2
