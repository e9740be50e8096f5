#!/usr/bin/env bash
# The bridge's figures: start to serving, write -> Secret readable latency at a fixed
# write rate, and the bridge's RSS, heap and CPU idle and under load, as its own process with the
# chart's JVM options. Results: docs/benchmarks.md.
#
#   hack/bench-bridge.sh [--rate 10] [--seconds 60] [--warmup-seconds 20] [--jvm-options '-Xmx64m ...'] [--kubeconfig FILE]
#
# Without --kubeconfig it starts a local control plane (hack/controlplane.sh, CRDs from crds/) in
# target/bench-bridge-controlplane and stops it on exit. Everything talks to 127.0.0.1 only.
# BENCH_SKIP_BUILD=1 reuses target/ as it is; BENCH_NICE=-10 runs everything (control plane, JVMs)
# at that niceness, for a box that other work shares (negative values need root).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${BENCH_NICE:-}" ]]; then
  renice -n "$BENCH_NICE" -p $$ >/dev/null
fi

args=("$@")
have_kubeconfig=false
for a in "${args[@]}"; do
  [[ $a == --kubeconfig ]] && have_kubeconfig=true
done

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  mvn -q -B package -DskipTests
fi
# The forked operator maps a class-data archive next to its jar, as the image's entrypoint maps its own.
source hack/lib/cds.sh
cds_for_bench target/om-secrets-operator.jar
cp=$(mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)

if [[ $have_kubeconfig == false ]]; then
  dir="${OMS_BENCH_CP_DIR:-$PWD/target/bench-bridge-controlplane}"
  trap 'hack/controlplane.sh down "$dir" >&2 || true' EXIT
  OMS_CP_CRDS="$PWD/crds" hack/controlplane.sh up "$dir" >/dev/null
  args+=(--kubeconfig "$dir/kubeconfig")
fi

mkdir -p target/bench
out="target/bench/bridge-$(date -u +%Y%m%dT%H%M%SZ).txt"
OM_SM_LOG_LEVEL="${OM_SM_LOG_LEVEL:-WARN}" \
  java -Xmx1g -cp "target/test-classes:target/classes:${cp}" org.openmetadata.secrets.bench.BridgeBenchmark "${args[@]}" \
  | tee "$out"
echo "results also in $out" >&2
