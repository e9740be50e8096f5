package org.openmetadata.secrets.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hack/release.sh on the packaged jar: what a maintainer publishes is all there and SHA256SUMS
 * checks it. The image is built on a small root filesystem holding only a dpkg status file
 * (OMS_IMAGE_BASE) rather than the ~330 MB Debian base, which the node tier builds its release on.
 */
class ReleaseIT {

  @TempDir static Path work;
  static Path out;
  static String version;

  @BeforeAll
  static void release() throws IOException {
    Path rootfs = work.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("var/lib/dpkg"));
    Files.copy(DpkgSbomTest.STATUS, rootfs.resolve("var/lib/dpkg/status"));
    Path base = work.resolve("base.tar");
    Helm.Result tar =
        Helm.exec(List.of("tar", "-cf", base.toString(), "-C", rootfs.toString(), "."), 60);
    assertThat(tar.exitCode()).as(tar.stderr()).isZero();

    out = work.resolve("release");
    Helm.Result release =
        Helm.exec(
            List.of("bash", "hack/release.sh", out.toString()),
            Map.of("OMS_IMAGE_BASE", base.toString(), "HELM", Helm.binary().toString()),
            300);
    assertThat(release.exitCode()).as(release.stderr()).isZero();
    version =
        Helm.helm("show", "chart", Helm.CHART.toString())
            .stdout()
            .lines()
            .filter(l -> l.startsWith("appVersion:"))
            .map(l -> l.split(":", 2)[1].strip().replace("\"", ""))
            .findFirst()
            .orElseThrow();
  }

  private static Path artifact(String suffix) {
    return out.resolve("om-secrets-operator-" + version + suffix);
  }

  @Test
  void everyArtifactIsThereAndSha256sumsVerifiesEachOne() throws IOException {
    List<String> artifacts =
        List.of(".oci.tar", ".tgz", ".jar", ".jar.cdx.json", ".image.cdx.json").stream()
            .map(s -> "om-secrets-operator-" + version + s)
            .toList();
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(artifacts.stream(), Stream.of("SHA256SUMS")).toList());
    }
    Helm.Result check =
        Helm.exec(
            List.of("bash", "-c", "cd \"$0\" && sha256sum -c SHA256SUMS", out.toString()), 120);
    assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
    assertThat(check.stdout().lines().toList())
        .containsExactlyInAnyOrderElementsOf(artifacts.stream().map(a -> a + ": OK").toList());
  }

  @Test
  void theImageArchiveIsNamedForTheChartsAppVersionAndItsSbomListsItsPackages() throws IOException {
    Helm.Result index =
        Helm.exec(List.of("tar", "-xOf", artifact(".oci.tar").toString(), "index.json"), 60);
    assertThat(index.exitCode()).as(index.stderr()).isZero();
    assertThat(
            new ObjectMapper()
                .readTree(index.stdout())
                .get("manifests")
                .get(0)
                .get("annotations")
                .get("io.containerd.image.name")
                .asText())
        .isEqualTo(Helm.ARCHIVE_REPOSITORY + ":" + version);

    JsonNode sbom = new ObjectMapper().readTree(artifact(".image.cdx.json").toFile());
    assertThat(DpkgSbomTest.purls(sbom))
        .as("read from the archive's layers")
        .contains("pkg:deb/debian/openjdk-17-jre-headless@17.0.13%2B11-2~deb12u1?arch=amd64")
        .hasSize(3);
  }

  @Test
  void theJarSbomDescribesTheJarsBundledDependencies() throws IOException {
    JsonNode sbom = new ObjectMapper().readTree(artifact(".jar.cdx.json").toFile());
    assertThat(sbom.get("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(sbom.get("metadata").get("component").get("name").asText())
        .isEqualTo("om-secrets-operator");
    assertThat(sbom.get("components").findValuesAsText("name"))
        .contains("operator-framework-core", "kubernetes-client", "picocli", "bcprov-jdk18on")
        .as(
            "test-scope dependencies, and the demo jar's mock server and its certificates, are not in the jar")
        .doesNotContain(
            "junit-jupiter-api", "assertj-core", "kubernetes-server-mock", "bcpkix-jdk18on");
    assertThat(Files.mismatch(artifact(".jar"), Path.of("target/om-secrets-operator.jar")))
        .isEqualTo(-1L);
  }

  @Test
  void thePackagedChartIsTheChartAndRefusesToRenderWithoutARepository() {
    Helm.Result refused = Helm.helm("template", "om-secrets-operator", artifact(".tgz").toString());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("image.repository is not set");
    Helm.Result rendered =
        Helm.helm(
            "template",
            "om-secrets-operator",
            artifact(".tgz").toString(),
            "--set",
            "image.repository=registry.example.com/om-secrets-operator");
    assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
    assertThat(rendered.stdout())
        .contains("image: \"registry.example.com/om-secrets-operator:" + version + "\"");
  }
}
