package org.openmetadata.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values sealed by an earlier release (src/test/resources/fixtures/sealed, written once and never
 * regenerated: see the README there) still open with today's code, for their scope only.
 */
class FrozenFixturesTest {

  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private static Path dir;
  private static Scope scope;

  @BeforeAll
  static void load() throws IOException, URISyntaxException {
    dir =
        Path.of(
            Objects.requireNonNull(FrozenFixturesTest.class.getResource("/fixtures/sealed/"))
                .toURI());
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(dir.resolve("scope.properties"))) {
      properties.load(reader);
    }
    scope =
        new Scope(
            properties.getProperty("namespace"),
            properties.getProperty("name"),
            properties.getProperty("path"));
  }

  private static String sealed(String format) throws IOException {
    return Files.readString(dir.resolve(format + ".sealed"), StandardCharsets.US_ASCII);
  }

  private static byte[] value(String format) throws IOException {
    return Files.readAllBytes(dir.resolve(format + ".value"));
  }

  /** The fixture's keys, each as the ring of a cluster that holds it alone. */
  private static List<KeyRing> rings(String format) throws IOException {
    List<KeyRing> rings = new ArrayList<>();
    for (int i = 1; Files.exists(dir.resolve(format + ".key" + i + ".pem")); i++) {
      String pem = Files.readString(dir.resolve(format + ".key" + i + ".pem"));
      byte[] pkcs8 =
          Base64.getMimeDecoder()
              .decode(
                  pem.replace("-----BEGIN PRIVATE KEY-----", "")
                      .replace("-----END PRIVATE KEY-----", ""));
      rings.add(new KeyRing(List.of(KeyRing.fromPkcs8(pkcs8, CREATED)), new byte[32]));
    }
    return rings;
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2", "v3"})
  void eachFrozenValueOpensWithEachOfItsKeysAloneToItsPlaintext(String format) throws Exception {
    String sealed = sealed(format);
    List<KeyRing> rings = rings(format);
    assertThat(rings).hasSize(format.equals("v3") ? 2 : 1);
    assertThat(sealed).startsWith("oms:" + format + ":");
    assertThat(Sealer.keyIdsOf(sealed))
        .containsExactlyElementsOf(rings.stream().map(r -> r.active().id()).toList());
    for (KeyRing ring : rings) {
      assertThat(Sealer.open(ring, scope, sealed)).isEqualTo(value(format));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2", "v3"})
  void eachFrozenValueRefusesAnotherNamespaceNameOrPath(String format) throws Exception {
    String sealed = sealed(format);
    for (Scope other :
        List.of(
            new Scope("other-ns", scope.name(), scope.path()),
            new Scope(scope.namespace(), "other-name", scope.path()),
            new Scope(scope.namespace(), scope.name(), "database/other/password"))) {
      for (KeyRing ring : rings(format)) {
        assertThatThrownBy(() -> Sealer.open(ring, other, sealed))
            .isInstanceOf(SealingException.class)
            .hasMessage(
                "encryptedValue does not open for "
                    + other
                    + ": tampered, truncated, or sealed for another resource");
      }
    }
  }

  @Test
  void theV3ValueDoesNotOpenInARingHoldingNeitherKey() throws Exception {
    String sealed = sealed("v3");
    assertThatThrownBy(() -> Sealer.open(KeyRing.generate(CREATED), scope, sealed))
        .hasMessage(
            "sealed with unknown keys "
                + String.join(",", Sealer.keyIdsOf(sealed))
                + " (not in the operator's key ring)");
  }
}
