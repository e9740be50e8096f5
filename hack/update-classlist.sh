#!/usr/bin/env bash
# Records src/main/cds/operator.classlist: the classes the operator loads while it starts on a real local control
# plane and converges deploy/samples/ (hack/local-run.sh): what every start loads again. The image's class-data
# archive is dumped from it (the Dockerfile's `cds` stage; hack/build-image.sh; the benchmarks via hack/lib/cds.sh),
# so a start maps those classes parsed and verified instead of loading them from the jar.
#
#   hack/update-classlist.sh      needs target/om-secrets-operator.jar (mvn -q -B package -DskipTests)
#
# Rerun it after a dependency upgrade or a change that loads new classes at start; a class the list names but the jar
# lacks is only skipped, and ClassListTest fails when the list names a class of this project that no longer exists.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/main/cds/operator.classlist
list=$(mktemp)
trap 'rm -f "$list"' EXIT
# The chart's JIT setting: the classes a start loads depend on it.
JAVA_TOOL_OPTIONS="-XX:TieredStopAtLevel=1 -XX:DumpLoadedClassList=$list" bash hack/local-run.sh >/dev/null
{
  echo "# The classes the operator loads at start (hack/update-classlist.sh); the image's class-data archive is dumped from it."
  grep -v '^#' "$list"
} >"$out"
echo "update-classlist: $(grep -vc '^#' "$out") entries in $out" >&2
