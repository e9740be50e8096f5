package org.openmetadata.secrets.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Made the frozen fixtures under {@code src/test/resources/fixtures/sealed} once; kept to show how,
 * never run by the build, and never to be run over them (it refuses to overwrite a file): their
 * README says why. A program: {@code java -cp target/test-classes:target/classes
 * org.openmetadata.secrets.crypto.FrozenFixtureWriter DIR}.
 */
public final class FrozenFixtureWriter {

  static final Scope SCOPE =
      new Scope("openmetadata", "frozen-fixture", "database/frozen_fixture/password");

  private FrozenFixtureWriter() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Instant now = Instant.now();
    Files.createDirectories(dir);
    write(dir.resolve("scope.properties"), scopeProperties());

    KeyRing.SealingKey rsa = LegacyRsaKeys.generate(now);
    fixture(dir, "v1", "frozen v1 value: pässwörd", List.of(rsa));
    fixture(dir, "v2", "frozen v2 value: pässwörd", List.of(KeyRing.newKey(now)));
    fixture(
        dir, "v3", "frozen v3 value: pässwörd", List.of(KeyRing.newKey(now), KeyRing.newKey(now)));
  }

  private static void fixture(Path dir, String format, String value, List<KeyRing.SealingKey> keys)
      throws IOException {
    String sealed =
        Sealer.seal(
            keys.stream().map(k -> k.pair().getPublic()).toList(),
            SCOPE,
            value.getBytes(StandardCharsets.UTF_8));
    if (!sealed.startsWith("oms:" + format + ":")) {
      throw new IllegalStateException("sealed as " + Sealer.headerOf(sealed) + ", not " + format);
    }
    write(dir.resolve(format + ".sealed"), sealed + "\n");
    write(dir.resolve(format + ".value"), value);
    for (int i = 0; i < keys.size(); i++) {
      write(dir.resolve(format + ".key" + (i + 1) + ".pem"), privateKeyPem(keys.get(i)));
    }
  }

  private static String scopeProperties() {
    return "namespace="
        + SCOPE.namespace()
        + "\nname="
        + SCOPE.name()
        + "\npath="
        + SCOPE.path()
        + "\n";
  }

  private static String privateKeyPem(KeyRing.SealingKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.pair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** Creates the file; one that exists already is a fixture, and stays as it is. */
  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
  }
}
