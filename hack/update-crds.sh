#!/usr/bin/env bash
# Regenerates crds/ (and the chart's copy) from the Java types in src/main/java/.../api.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile
cp=$(mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
java -cp "target/test-classes:target/classes:${cp}" org.openmetadata.secrets.crd.CrdGenerator
# deploy/ holds a rendered copy of the chart, CRD included.
bash hack/render-deploy.sh
