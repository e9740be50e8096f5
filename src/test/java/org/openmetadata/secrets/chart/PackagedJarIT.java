package org.openmetadata.secrets.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar, as shipped in the image: it must carry the licence and notice its bundles
 * require, and no demo; the demo jar beside it runs the demo.
 */
class PackagedJarIT {

  private static final Path JAR = Path.of("target", "om-secrets-operator.jar");
  private static final Path DEMO_JAR = Path.of("target", "om-secrets-operator-demo.jar");

  /**
   * The demo, its in-memory API server and that server's engine (Vert.x on Netty) and TLS
   * certificates (Bouncy Castle's bcpkix; the operator uses only bcprov's X25519 arithmetic).
   */
  private static final List<String> DEMO_ONLY =
      List.of(
          "org/openmetadata/secrets/demo/",
          "io/fabric8/mockwebserver/",
          "io/fabric8/kubernetes/client/server/mock/",
          "io/vertx/",
          "io/netty/",
          "org/bouncycastle/cert/",
          "org/bouncycastle/openssl/",
          "org/bouncycastle/pkix/");

  @Test
  void theJarCarriesTheProjectLicenceAndOneMergedNotice() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      String license =
          new String(
              jar.getInputStream(jar.getEntry("META-INF/LICENSE")).readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(license).isEqualTo(Files.readString(Path.of("LICENSE")));
      String notice =
          new String(
              jar.getInputStream(jar.getEntry("META-INF/NOTICE")).readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(notice)
          .as("ours, merged with the bundled NOTICE files")
          .contains("om-secrets-operator", "Bouncy Castle", "Logback")
          .contains("Jackson");
    }
  }

  @Test
  void theOperatorsJarCarriesNoDemoAndNoMockApiServer() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.stream().map(JarEntry::getName))
          .noneMatch(name -> DEMO_ONLY.stream().anyMatch(name::startsWith));
    }
  }

  @Test
  void theDemoJarRunsTheOperatorOnAnInMemoryApiServerAndPrintsNoValue() throws Exception {
    Process demo =
        new ProcessBuilder("java", "-jar", DEMO_JAR.toString()).redirectErrorStream(true).start();
    String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(demo.waitFor()).as(output).isZero();
    assertThat(output)
        .containsPattern(
            "mysql-prod-password\\s+openmetadata-database-mysql-prod-password\\s+True\\s+Synced")
        .doesNotContain("demo-password-not-a-real-secret");
    try (JarFile jar = new JarFile(DEMO_JAR.toFile());
        JarFile operator = new JarFile(JAR.toFile())) {
      assertThat(jar.getInputStream(jar.getEntry("META-INF/NOTICE")).readAllBytes())
          .as("the same merged NOTICE")
          .isEqualTo(operator.getInputStream(operator.getEntry("META-INF/NOTICE")).readAllBytes());
    }
  }

  /**
   * The kubectl plugin's launcher: the first run records a class-data archive, later runs use it,
   * same output.
   */
  @Test
  void thePluginLauncherRecordsAClassDataArchiveOnceAndPrintsTheSameWithIt(@TempDir Path cache)
      throws Exception {
    for (int run = 0; run < 2; run++) {
      ProcessBuilder launcher =
          new ProcessBuilder("hack/kubectl-om_secrets", "name", "database/my_service/password")
              .redirectErrorStream(true);
      launcher.environment().put("XDG_CACHE_HOME", cache.toString());
      Process process = launcher.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor()).as(output).isZero();
      assertThat(output)
          .as("nothing but the name, also while the archive is written")
          .isEqualTo("openmetadata-database-my-service-password\n");
      try (var archives = Files.list(cache.resolve("om-secrets-operator/cds"))) {
        assertThat(archives.map(p -> p.getFileName().toString()).toList())
            .singleElement()
            .satisfies(name -> assertThat(name).endsWith(".jsa"));
      }
    }
  }

  @Test
  void theLicenceTheChartAndImageDeclareIsTheOneInLicense() throws IOException {
    assertThat(Files.readString(Path.of("LICENSE")))
        .contains("Apache License", "Version 2.0, January 2004");
    assertThat(Files.readString(Path.of("Dockerfile")))
        .contains("org.opencontainers.image.licenses=\"Apache-2.0\"")
        .doesNotContain("github.com/open-metadata/om-secrets-operator");
    assertThat(Files.readString(Helm.CHART.resolve("Chart.yaml")))
        .contains("licenses: Apache-2.0")
        .doesNotContain("github.com/open-metadata/om-secrets-operator");
  }
}
