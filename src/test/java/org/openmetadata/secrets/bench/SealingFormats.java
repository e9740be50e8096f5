package org.openmetadata.secrets.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.LegacyRsaKeys;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.crypto.SealingException;

/**
 * CPU per seal and per open of one sealed value, in format v1 (RSA-4096) and v2 (HPKE, X25519):
 * what each new sealed resource costs the operator (one open) and {@code seal} or the bridge (one
 * seal). Single-threaded; CPU is this thread's CPU time, so other load on the box inflates the wall
 * time but hardly the CPU figures. A program, not a test: {@code java -cp
 * target/test-classes:target/classes org.openmetadata.secrets.bench.SealingFormats [iterations]
 * [warm-up] [value bytes]}.
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
    for (var format :
        List.of(new Object[] {"v1 (RSA-4096)", v1}, new Object[] {"v2 (X25519)", v2})) {
      measure((String) format[0], (KeyRing) format[1], value, iterations, warmup);
    }
    System.out.println("load average after: " + loadAverage());
  }

  private static void measure(String name, KeyRing keys, byte[] value, int iterations, int warmup)
      throws SealingException {
    PublicKey key = keys.active().pair().getPublic();
    String sealed = Sealer.seal(key, SCOPE, value);
    for (int i = 0; i < warmup; i++) {
      Sealer.open(keys, SCOPE, Sealer.seal(key, SCOPE, value));
    }
    long cpu = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < iterations; i++) {
      sealed = Sealer.seal(key, SCOPE, value);
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
