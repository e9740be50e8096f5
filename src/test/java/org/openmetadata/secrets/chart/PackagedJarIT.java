package org.openmetadata.secrets.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, as shipped in the image: it must carry the licence and notice its bundles require. */
class PackagedJarIT {

  private static final Path JAR = Path.of("target", "om-secrets-operator.jar");

  @Test
  void theJarCarriesTheProjectLicenceAndOneMergedNotice() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      String license = new String(jar.getInputStream(jar.getEntry("META-INF/LICENSE")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(license).isEqualTo(Files.readString(Path.of("LICENSE")));
      String notice = new String(jar.getInputStream(jar.getEntry("META-INF/NOTICE")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(notice).as("ours, merged with the bundled NOTICE files")
          .contains("om-secrets-operator", "Bouncy Castle", "Logback").contains("Jackson");
    }
  }

  /** The kubectl plugin's launcher: the first run records a class-data archive, later runs use it, same output. */
  @Test
  void thePluginLauncherRecordsAClassDataArchiveOnceAndPrintsTheSameWithIt(@TempDir Path cache) throws Exception {
    for (int run = 0; run < 2; run++) {
      ProcessBuilder launcher = new ProcessBuilder("hack/kubectl-om_secrets", "name", "database/my_service/password")
          .redirectErrorStream(true);
      launcher.environment().put("XDG_CACHE_HOME", cache.toString());
      Process process = launcher.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor()).as(output).isZero();
      assertThat(output).as("nothing but the name, also while the archive is written")
          .isEqualTo("openmetadata-database-my-service-password\n");
      try (var archives = Files.list(cache.resolve("om-secrets-operator/cds"))) {
        assertThat(archives.map(p -> p.getFileName().toString()).toList()).singleElement()
            .satisfies(name -> assertThat(name).endsWith(".jsa"));
      }
    }
  }

  @Test
  void theLicenceTheChartAndImageDeclareIsTheOneInLicense() throws IOException {
    assertThat(Files.readString(Path.of("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
    assertThat(Files.readString(Path.of("Dockerfile"))).contains("org.opencontainers.image.licenses=\"Apache-2.0\"")
        .doesNotContain("github.com/open-metadata/om-secrets-operator");
    assertThat(Files.readString(Helm.CHART.resolve("Chart.yaml"))).contains("licenses: Apache-2.0")
        .doesNotContain("github.com/open-metadata/om-secrets-operator");
  }
}
