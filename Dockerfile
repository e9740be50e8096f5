# syntax=docker/dockerfile:1
# om-secrets-operator image. None is published: build it, push it to your registry, and install the chart
# with --set image.repository=REGISTRY/om-secrets-operator (README.md, "Install").
#   docker build -t REGISTRY/om-secrets-operator:0.1.0 . && docker push REGISTRY/om-secrets-operator:0.1.0
# Without a Docker engine, hack/build-image.sh builds the runtime stage below as an OCI archive.
# The Helm chart (helm/om-secrets-operator) runs it as UID/GID 65532 with a read-only root filesystem
# and an emptyDir at /tmp.

# ---- build: the shaded jar ---------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first, in their own layer: it is rebuilt only when pom.xml changes.
COPY pom.xml ./
RUN mvn -B -ntp dependency:go-offline
# The CRD sits outside src/; it is copied with the sources so a build step that reads crds/ finds it.
COPY src ./src
COPY crds ./crds
COPY LICENSE NOTICE ./
# maven.test.skip: the image needs neither the compiled tests nor the demo jar built from them.
RUN mvn -B -ntp package -Dmaven.test.skip=true

# ---- class-data archive, dumped by the runtime image's own Java ----------------------------------------
# Every start maps the classes a start loads (src/main/cds/operator.classlist, hack/update-classlist.sh) already
# parsed and verified instead of loading them from the jar: a restart over 5,500 resources took 0.6 s less CPU and was
# ready 0.5 s sooner (docs/benchmarks.md, "Class-data archive"). An archive is valid only for the JVM build that
# dumped it and for the jar's path, size and mtime, hence this stage on the runtime base with the runtime's jar; a JVM
# silently ignores one that does not match.
FROM gcr.io/distroless/java17-debian12:nonroot AS cds
USER 0:0
WORKDIR /build
COPY --from=build /build/target/om-secrets-operator.jar /app/om-secrets-operator.jar
COPY --from=build /build/src/main/cds/operator.classlist /build/target/image/operator.classlist
RUN ["/usr/bin/java", "-Xshare:dump", "-XX:SharedClassListFile=/build/target/image/operator.classlist", "-XX:SharedArchiveFile=/build/target/image/om-secrets-operator.jsa", "-cp", "/app/om-secrets-operator.jar"]

# ---- runtime -----------------------------------------------------------------------------------
# Distroless Java 17 rather than eclipse-temurin:17-jre: the operator holds write access to Secrets,
# so the image carries no shell and no package manager, only the JRE and its libraries; its
# "nonroot" user is UID/GID 65532, the one the chart runs as. `kubectl exec ... java -jar
# /app/om-secrets-operator.jar name PATH` still works without a shell.
FROM gcr.io/distroless/java17-debian12:nonroot
ARG VERSION=0.1.0
# Where the published sources live; set by whoever publishes the image, so the label never names a
# repository that does not hold these sources.
ARG SOURCE_URL=""
LABEL org.opencontainers.image.title="om-secrets-operator" \
      org.opencontainers.image.description="Kubernetes operator that writes the Secrets OpenMetadata's Kubernetes secrets manager reads, from OpenMetadataSecret resources" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=build /build/target/om-secrets-operator.jar /app/om-secrets-operator.jar
COPY --from=cds /build/target/image/om-secrets-operator.jsa /app/om-secrets-operator.jsa
USER 65532:65532
# Heap from the container's memory limit; exit (and be restarted) rather than limp on after an OOM.
# SerialGC pinned: on a 2-CPU node a JVM may pick G1, whose peak RSS (515-522 MiB measured) passed the
# chart's 512Mi limit where SerialGC stayed at ~380 MiB. C1 only (TieredStopAtLevel=1): a restart over 10,000
# resources takes 15.8 s of CPU instead of C2's 27.8 (most of it compiling), peak RSS 208 instead of 249.5 MiB;
# sustained churn costs 6.9 instead of C2's 4.0 ms per resource once C2 has compiled, and RSA-4096 (v1) opens
# cost 10x more (docs/benchmarks.md, "The JIT tier"; the chart's javaOptions say when to drop it).
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"
# /metrics, /v1/cert.pem (OM_SM_HTTP_PORT); /healthz, /readyz (OM_SM_HEALTH_PORT)
EXPOSE 8080 8081
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/om-secrets-operator.jsa", "-jar", "/app/om-secrets-operator.jar"]
CMD ["run"]
