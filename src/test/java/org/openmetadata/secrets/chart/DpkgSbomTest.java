package org.openmetadata.secrets.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** hack/dpkg-sbom.py: the image's Debian packages, from dpkg's status file, as a CycloneDX SBOM. */
class DpkgSbomTest {

  /**
   * A dpkg status file: an epoch and a '+' in versions, an arch-all package, one removed (only its
   * conffiles left).
   */
  static final Path STATUS = Helm.ROOT.resolve("src/test/resources/dpkg/status");

  static JsonNode sbom(Path source) throws IOException {
    Helm.Result result =
        Helm.exec(
            List.of(
                "python3",
                Helm.ROOT.resolve("hack/dpkg-sbom.py").toString(),
                "--name",
                "om-secrets-operator",
                "--version",
                "0.1.0",
                source.toString()),
            60);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return new ObjectMapper().readTree(result.stdout());
  }

  static List<String> purls(JsonNode sbom) {
    List<String> purls = new ArrayList<>();
    sbom.get("components").forEach(c -> purls.add(c.get("purl").asText()));
    return purls;
  }

  @Test
  void everyInstalledPackageIsAComponentWithItsDebianPurl() throws IOException {
    JsonNode sbom = sbom(STATUS);
    assertThat(purls(sbom))
        .as("installed packages only, by name; the purl encodes '+' but keeps the epoch's ':'")
        .containsExactly(
            "pkg:deb/debian/bsdutils@1:2.38.1-5%2Bdeb12u3?arch=amd64",
            "pkg:deb/debian/ca-certificates@20230311?arch=all",
            "pkg:deb/debian/openjdk-17-jre-headless@17.0.13%2B11-2~deb12u1?arch=amd64");
    JsonNode bsdutils = sbom.get("components").get(0);
    assertThat(bsdutils.get("type").asText()).isEqualTo("library");
    assertThat(bsdutils.get("name").asText()).isEqualTo("bsdutils");
    assertThat(bsdutils.get("version").asText())
        .as("dpkg's version, unencoded")
        .isEqualTo("1:2.38.1-5+deb12u3");
    assertThat(bsdutils.get("bom-ref").asText()).isEqualTo(bsdutils.get("purl").asText());
  }

  @Test
  void theDocumentIsCycloneDxAboutTheImageAndTheSameForTheSameInput() throws IOException {
    JsonNode sbom = sbom(STATUS);
    assertThat(sbom.get("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(sbom.get("specVersion").asText()).isEqualTo("1.6");
    assertThat(sbom.get("serialNumber").asText())
        .matches("urn:uuid:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    JsonNode image = sbom.get("metadata").get("component");
    assertThat(image.get("type").asText()).isEqualTo("container");
    assertThat(image.get("name").asText() + ":" + image.get("version").asText())
        .isEqualTo("om-secrets-operator:0.1.0");
    assertThat(sbom(STATUS))
        .as("no timestamp, no random serial: a rebuild gives the same file")
        .isEqualTo(sbom);
  }
}
