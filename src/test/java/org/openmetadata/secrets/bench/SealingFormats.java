package org.openmetadata.secrets.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.LegacyRsaKeys;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.crypto.SealingException;

/**
 * CPU per seal and per open of one sealed value, in format v1 (RSA-4096), v2 (HPKE, X25519) and v3
 * (several X25519 keys; the ring opening it holds the last recipient): what each new sealed
 * resource costs the operator (one open) and {@code seal} or the bridge (one seal). Then the sealed
 * length for 1 to 16 recipients at a few value sizes. Single-threaded; CPU is this thread's CPU
 * time, so other load on the box inflates the wall time but hardly the CPU figures. A program, not
 * a test: {@code java -cp target/test-classes:target/classes
 * org.openmetadata.secrets.bench.SealingFormats [iterations] [warm-up] [value bytes]}.
 */
public final class SealingFormats {

  private static final Scope SCOPE =
      new Scope("openmetadata", "mysql-prod-password", "database/mysql_prod/password");
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private SealingFormats() {}

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int valueBytes = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    byte[] value = "x".repeat(valueBytes).getBytes(StandardCharsets.UTF_8);
    Instant now = Instant.now();
    KeyRing v1 = new KeyRing(List.of(LegacyRsaKeys.generate(now)), new byte[32]);
    KeyRing v2 = KeyRing.generate(now);
    System.out.printf(
        Locale.ROOT,
        "%d iterations after %d warm-up, %d-byte value, %s, load average before: %s%n",
        iterations,
        warmup,
        valueBytes,
        Runtime.version(),
        loadAverage());
    System.out.printf(
        Locale.ROOT,
        "%-16s %8s %14s %14s %14s%n",
        "format",
        "length",
        "seal CPU ms",
        "open CPU ms",
        "open wall ms");
    measure("v1 (RSA-4096)", List.of(key(v1)), v1, value, iterations, warmup);
    measure("v2 (X25519)", List.of(key(v2)), v2, value, iterations, warmup);
    for (int recipients : new int[] {2, 8, 16}) {
      List<PublicKey> keys = otherClusters(recipients - 1);
      keys.add(key(v2));
      measure("v3, " + recipients + " keys", keys, v2, value, iterations, warmup);
    }
    System.out.println("load average after: " + loadAverage());
    sizes();
  }

  /** Sealed length by number of recipients (v2 for one, v3 for more) and value size. */
  private static void sizes() {
    int[] valueSizes = {40, 1_024, 65_536, 262_144};
    System.out.printf(Locale.ROOT, "%nsealed length, characters%n%-12s", "recipients");
    for (int bytes : valueSizes) {
      System.out.printf(Locale.ROOT, " %12s", bytes + " B");
    }
    System.out.println();
    List<PublicKey> keys = otherClusters(16);
    for (int recipients : new int[] {1, 2, 4, 8, 16}) {
      System.out.printf(Locale.ROOT, "%-12d", recipients);
      for (int bytes : valueSizes) {
        System.out.printf(
            Locale.ROOT,
            " %12d",
            Sealer.seal(keys.subList(0, recipients), SCOPE, new byte[bytes]).length());
      }
      System.out.println();
    }
  }

  private static PublicKey key(KeyRing ring) {
    return ring.active().pair().getPublic();
  }

  private static List<PublicKey> otherClusters(int count) {
    List<PublicKey> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(key(KeyRing.generate(Instant.now())));
    }
    return keys;
  }

  private static void measure(
      String name,
      List<PublicKey> recipients,
      KeyRing keys,
      byte[] value,
      int iterations,
      int warmup)
      throws SealingException {
    String sealed = Sealer.seal(recipients, SCOPE, value);
    for (int i = 0; i < warmup; i++) {
      Sealer.open(keys, SCOPE, Sealer.seal(recipients, SCOPE, value));
    }
    long cpu = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < iterations; i++) {
      sealed = Sealer.seal(recipients, SCOPE, value);
    }
    double sealCpu = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6 / iterations;
    cpu = THREADS.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    int opened = 0;
    for (int i = 0; i < iterations; i++) {
      opened += Sealer.open(keys, SCOPE, sealed).length;
    }
    double openCpu = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6 / iterations;
    double openWall = (System.nanoTime() - wall) / 1e6 / iterations;
    if (opened != iterations * value.length) {
      throw new IllegalStateException("an open returned the wrong length");
    }
    System.out.printf(
        Locale.ROOT,
        "%-16s %8d %14.3f %14.3f %14.3f%n",
        name,
        sealed.length(),
        sealCpu,
        openCpu,
        openWall);
  }

  private static String loadAverage() {
    try {
      return String.join(
          " ", List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")).subList(0, 3));
    } catch (Exception e) {
      return "unknown";
    }
  }
}
