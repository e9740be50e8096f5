#!/usr/bin/env bash
# Scale benchmark: raw Secret create rate as the ceiling, OpenMetadataSecret convergence and
# create->Ready latency, latency at 100 CR/s, drift repair, idle restart (time and writes), and the
# operator's heap/RSS as its own process. Results: docs/benchmarks.md.
#
#   hack/bench.sh [--n 1000,10000] [--target real|mock] [--concurrency 16] [--rate R] [--drift 200] ...
#   hack/bench.sh large-values [--n 100] [--policy-max-bytes 262144] [--garbage] ...   (the
#       operator's memory with the largest values the CRD and the policy allow; real target only)
#
# --target real (default) starts a local control plane (hack/controlplane.sh, CRDs from crds/) in
# target/bench-controlplane and stops it on exit, unless --kubeconfig is given. --target mock uses
# fabric8's in-memory API server. `--help` lists every option. Everything talks to 127.0.0.1 only.
#
# Environment: BENCH_SKIP_BUILD=1 reuses target/ as it is; BENCH_JAVA_OPTS are the benchmark JVM's
# options (the in-process operator shares that JVM); OMS_BENCH_CP_DIR moves the control plane's dir;
# BENCH_NICE=-10 runs the whole benchmark (build, control plane, JVMs) at that niceness, for a box
# that other work shares (negative values need root). Each phase's table row "CPU in ..." shows how
# much CPU other processes took while it ran.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${BENCH_NICE:-}" ]]; then
  renice -n "$BENCH_NICE" -p $$ >/dev/null
fi

main=org.openmetadata.secrets.bench.Benchmark
if [[ "${1:-}" == large-values ]]; then
  main=org.openmetadata.secrets.bench.LargeValues
  shift
fi
target=real
have_kubeconfig=false
help=false
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --target) target="${args[i + 1]:-}" ;;
    --target=*) target="${args[i]#--target=}" ;;
    --kubeconfig | --kubeconfig=*) have_kubeconfig=true ;;
    -h | --help) help=true ;;
  esac
done

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  # Classes, test classes and the shaded jar that the memory phase runs as its own process.
  mvn -q -B package -DskipTests
fi
# The forked operator maps a class-data archive next to its jar, as the image's entrypoint maps its own.
source hack/lib/cds.sh
cds_for_bench target/om-secrets-operator.jar
cp=$(mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)

if [[ "$help" == true ]]; then
  exec java -cp "target/test-classes:target/classes:${cp}" "$main" --help
fi

if [[ "$target" == real && "$have_kubeconfig" == false ]]; then
  dir="${OMS_BENCH_CP_DIR:-$PWD/target/bench-controlplane}"
  trap 'hack/controlplane.sh down "$dir" >&2 || true' EXIT
  OMS_CP_CRDS="$PWD/crds" hack/controlplane.sh up "$dir" >/dev/null
  args+=(--kubeconfig "$dir/kubeconfig")
fi

mkdir -p target/bench
out="target/bench/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
# The in-process operator logs at WARN (logback reads OM_SM_LOG_LEVEL); the forked one gets its own env.
OM_SM_LOG_LEVEL="${OM_SM_LOG_LEVEL:-WARN}" \
  java ${BENCH_JAVA_OPTS:--Xms1g -Xmx4g} -cp "target/test-classes:target/classes:${cp}" \
  "$main" "${args[@]}" | tee "$out"
echo "results also in $out" >&2
