package org.openmetadata.secrets.bench;

import static org.openmetadata.secrets.bench.Benchmark.createWithRetry;
import static org.openmetadata.secrets.bench.Benchmark.log;
import static org.openmetadata.secrets.bench.Benchmark.mib;
import static org.openmetadata.secrets.bench.Benchmark.seconds;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.keys.KeyRingStore;

/**
 * The operator's memory with the largest resources the CRD and the policy allow (issue 15 item 4):
 * N resources whose {@code encryptedValue} seals a value of the policy's maximum size (or, with
 * {@code --garbage}, is CRD-maximum-length text that is no sealed value: what an attacker with only
 * create rights can store). The operator runs as its own process with the chart's memory settings;
 * printed: heap after a full GC, RSS and peak RSS once all N are reconciled, and again after a
 * restart over them (the initial LIST), or that the process died. A program, not a test: {@code
 * hack/bench.sh large-values ...}.
 */
public final class LargeValues {

  static final String USAGE =
      """
      usage: hack/bench.sh large-values [options]
        --n LIST                 resource counts, comma-separated, one fresh namespace and operator each (default 100)
        --policy-max-bytes P     the operator's OM_SM_MAX_VALUE_BYTES (default 262144)
        --value-bytes B          size of each sealed value (default: P, the largest the policy accepts)
        --garbage                encryptedValue = %,d characters that are no sealed value (the CRD's maximum)
        --concurrency C          client threads creating resources (default 4)
        --probe K                K short resources created one at a time in a second watched namespace, before the
                                 N exist, once all N are reconciled, and after the restart: their create-to-Ready
                                 latencies (default 20; 0: none)
        --fork-jvm-options S     the operator JVM's options (default "%s")
        --jar PATH               the operator jar (default target/om-secrets-operator.jar)
        --target real|mock       real: the API server of --kubeconfig; mock: fabric8's in-memory server (default real)
        --kubeconfig PATH        the real API server (hack/bench.sh starts a control plane and passes it)
        --work-dir PATH          the operator's logs (default target/bench)
      """
          .formatted(
              OpenMetadataSecretSpec.MAX_ENCRYPTED_VALUE_LENGTH, Options.DEFAULT_FORK_JVM_OPTIONS);

  private record Settings(
      List<Integer> sizes,
      int policyMax,
      int valueBytes,
      boolean garbage,
      int concurrency,
      int probe,
      List<String> forkJvmOptions,
      Path jar,
      boolean mock,
      Path kubeconfig,
      Path workDir) {}

  private final Settings s;

  private LargeValues(Settings s) {
    this.s = s;
  }

  public static void main(String[] args) throws Exception {
    Settings settings;
    try {
      settings = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    new LargeValues(settings).run();
    System.exit(0);
  }

  private static Settings parse(String[] args) {
    List<Integer> sizes = List.of(100);
    int policyMax = 262_144;
    Integer valueBytes = null;
    boolean garbage = false;
    int concurrency = 4;
    int probe = 20;
    String fork = Options.DEFAULT_FORK_JVM_OPTIONS;
    Path jar = Path.of("target", "om-secrets-operator.jar");
    boolean mock = false;
    Path kubeconfig = null;
    Path workDir = Path.of("target", "bench");
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--help") || name.equals("-h")) {
        System.out.print(USAGE);
        System.exit(0);
      }
      if (name.equals("--garbage")) {
        garbage = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String v = args[++i];
      switch (name) {
        case "--n" ->
            sizes = Arrays.stream(v.split(",")).map(String::trim).map(Integer::parseInt).toList();
        case "--policy-max-bytes" -> policyMax = Integer.parseInt(v);
        case "--value-bytes" -> valueBytes = Integer.parseInt(v);
        case "--concurrency" -> concurrency = Integer.parseInt(v);
        case "--probe" -> probe = Integer.parseInt(v);
        case "--fork-jvm-options" -> fork = v;
        case "--jar" -> jar = Path.of(v);
        case "--target" -> mock = v.equals("mock");
        case "--kubeconfig" -> kubeconfig = Path.of(v);
        case "--work-dir" -> workDir = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    if (!mock && kubeconfig == null) {
      throw new IllegalArgumentException(
          "--target real needs --kubeconfig (hack/bench.sh passes one)");
    }
    return new Settings(
        sizes,
        policyMax,
        valueBytes == null ? policyMax : valueBytes,
        garbage,
        concurrency,
        probe,
        List.of(fork.trim().split("\\s+")),
        jar,
        mock,
        kubeconfig,
        workDir);
  }

  private void run() throws Exception {
    List<String> tables = new ArrayList<>();
    for (int n : s.sizes()) {
      try (Benchmark.Target target =
          s.mock() ? Benchmark.Target.mock(s.workDir()) : Benchmark.Target.real(s.kubeconfig())) {
        Map<String, String> rows = scenario(target, n);
        StringBuilder b =
            new StringBuilder(
                String.format(
                    "== N = %,d | %s | OM_SM_MAX_VALUE_BYTES=%d | Kubernetes %s | operator JVM: %s ==%n",
                    n,
                    s.garbage()
                        ? "garbage encryptedValue of "
                            + OpenMetadataSecretSpec.MAX_ENCRYPTED_VALUE_LENGTH
                            + " chars"
                        : "sealed values of " + s.valueBytes() + " bytes",
                    s.policyMax(),
                    target.version(),
                    String.join(" ", s.forkJvmOptions())));
        int w = rows.keySet().stream().mapToInt(String::length).max().orElse(10);
        rows.forEach((k, v) -> b.append(String.format("%-" + w + "s | %s%n", k, v)));
        tables.add(b.toString());
        System.out.println();
        System.out.print(b);
        System.out.flush();
      }
    }
    System.out.println("\n== all results ==");
    tables.forEach(System.out::println);
  }

  private Map<String, String> scenario(Benchmark.Target target, int n) throws Exception {
    Map<String, String> rows = new LinkedHashMap<>();
    String ns = "large-" + n + "-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    try (KubernetesClient load = Benchmark.client(target.config(), null)) {
      String other = ns + "-other";
      for (String name : List.of(ns, other)) {
        load.namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
            .create();
      }
      Map<String, String> env = new LinkedHashMap<>();
      env.put("OM_SM_NAMESPACE", ns + "," + other);
      env.put("OM_SM_ALLOW_PLAINTEXT", "true");
      env.put("OM_SM_OPERATOR_NAMESPACE", ns);
      env.put("OM_SM_HTTP_PORT", "0");
      env.put("OM_SM_HEALTH_PORT", "0");
      env.put("OM_SM_MAX_VALUE_BYTES", Integer.toString(s.policyMax()));
      env.put("OM_SM_KUBECONFIG_PATH", target.kubeconfig().toString());
      env.put("OM_SM_LOG_LEVEL", "INFO");

      Path log1 = s.workDir().resolve("large-" + n + "-first.log").toAbsolutePath();
      long idleHeap;
      boolean alive;
      try (ForkedOperator fork = new ForkedOperator(s.jar(), s.forkJvmOptions(), env, log1)) {
        fork.port(Duration.ofSeconds(120));
        idleHeap = fork.liveBytes();
        rows.put("operator live objects, no resources", mib(idleHeap));
        rows.put("operator max heap (-XX:MaxHeapSize)", mib(fork.maxHeap()));
        probe(rows, load, other, "before the N: ");
        PublicKey key =
            Pem.parsePublicKey(
                load.configMaps()
                    .inNamespace(ns)
                    .withName(KeyRingStore.CONFIG_MAP_NAME)
                    .get()
                    .getData()
                    .get(KeyRingStore.CERT_KEY));
        double probed = reconciled(fork);
        log("n=%d: creating %d resources in %s", n, n, ns);
        long t0 = System.nanoTime();
        long[] chars = new long[1];
        Benchmark.parallel(
            n,
            s.concurrency(),
            0,
            i -> {
              OpenMetadataSecret cr = resource(ns, i, key);
              synchronized (chars) {
                chars[0] += cr.getSpec().getEncryptedValue().length();
              }
              createWithRetry(
                  () ->
                      load.resources(OpenMetadataSecret.class)
                          .inNamespace(ns)
                          .resource(cr)
                          .create());
            });
        rows.put(
            "resources created",
            String.format(
                "%,d in %s; encryptedValue %,d characters each, %s in all",
                n, seconds(System.nanoTime() - t0), chars[0] / n, mib(chars[0])));
        alive = measure(rows, "", fork, n, n + probed, idleHeap, log1);
        if (alive) {
          probe(rows, load, other, "with the N: ");
        }
      }
      if (alive) {
        Path log2 = s.workDir().resolve("large-" + n + "-restart.log").toAbsolutePath();
        log("n=%d: restart over the %d resources", n, n);
        try (ForkedOperator fork = new ForkedOperator(s.jar(), s.forkJvmOptions(), env, log2)) {
          if (measure(rows, "after restart: ", fork, n, n, idleHeap, log2)) {
            probe(rows, load, other, "after restart: ");
          }
        }
      }
      rows.put("Ready reasons", readyReasons(load, ns));
      if (target.real()) {
        try {
          load.namespaces().withName(ns).delete();
          load.namespaces().withName(other).delete();
          awaitGone(load, ns);
          awaitGone(load, other);
        } catch (RuntimeException e) {
          log("n=%d: could not delete %s (%s); the figures stand", n, ns, e);
        }
      }
    }
    return rows;
  }

  private OpenMetadataSecret resource(String ns, int i, PublicKey key) {
    String name = "large-" + i;
    String path = "database/large" + i + "/password";
    OpenMetadataSecret cr = TestResources.withValue(ns, name, path, null);
    Random random = new Random(i);
    if (s.garbage()) {
      byte[] bytes = new byte[OpenMetadataSecretSpec.MAX_ENCRYPTED_VALUE_LENGTH / 4 * 3];
      random.nextBytes(bytes);
      cr.getSpec().setEncryptedValue(Base64.getEncoder().encodeToString(bytes));
    } else {
      byte[] value = new byte[s.valueBytes()];
      random.nextBytes(value);
      cr.getSpec().setEncryptedValue(Sealer.seal(key, new Scope(ns, name, path), value));
    }
    return cr;
  }

  /**
   * Another namespace's new resources while this one's N are held: K short ones created one at a
   * time, each awaited Ready before the next, so the latency is the operator's, not a queue the
   * probe made.
   */
  private void probe(Map<String, String> rows, KubernetesClient load, String namespace, String when)
      throws Exception {
    if (s.probe() <= 0) {
      return;
    }
    String prefix = "probe-" + Long.toString(System.nanoTime() % 1_000_000, 36) + "-";
    try (ReadyWatch watch = new ReadyWatch(load, namespace)) {
      for (int i = 0; i < s.probe(); i++) {
        OpenMetadataSecret cr =
            TestResources.withValue(
                namespace, prefix + i, "database/" + prefix + i + "/password", "v" + i);
        load.resources(OpenMetadataSecret.class).inNamespace(namespace).resource(cr).create();
        watch.created(cr.getMetadata().getName(), System.nanoTime());
        if (!watch.awaitReady(prefix, i + 1, Duration.ofMinutes(2))) {
          rows.put(
              when + "other namespace, create to Ready",
              "resource " + i + " not Ready within 2 min");
          return;
        }
      }
      rows.put(
          when + "other namespace, create to Ready",
          String.format(
              "%d resources: %s",
              s.probe(), new Percentiles(watch.latencies(prefix).values()).summary(50, 99)));
    }
  }

  /**
   * Waits until the operator has reconciled N resources and gone quiet, or died; then its memory.
   */
  /**
   * @param outcomes the reconcile outcomes that mark all N reconciled (other namespaces' resources
   *     count too)
   */
  private static boolean measure(
      Map<String, String> rows,
      String prefix,
      ForkedOperator fork,
      int n,
      double outcomes,
      long idleHeap,
      Path log)
      throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.MINUTES.toNanos(20);
    while (fork.alive() && reconciled(fork) < outcomes && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
    long reached = System.nanoTime() - t0;
    Benchmark.awaitQuiet(
        () -> fork.alive() ? (long) reconciled(fork) : -1,
        Duration.ofSeconds(5),
        Duration.ofMinutes(5));
    if (!fork.alive()) {
      String cause =
          Files.readAllLines(log).stream()
              .filter(l -> l.contains("OutOfMemoryError"))
              .findFirst()
              .orElse("see " + log);
      rows.put(prefix + "operator", "DIED after " + seconds(reached) + ": " + cause.trim());
      return false;
    }
    rows.put(
        prefix + "all N reconciled",
        seconds(reached) + String.format(" (%.1f s CPU)", fork.cpuNanos() / 1e9));
    // In-flight buffers (HTTP, JSON) can outlive the last reconcile by seconds: let them go first.
    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10));
    long heap = fork.heapAfterGc();
    long live = fork.liveBytes();
    rows.put(
        prefix + "heap after full GC / live objects",
        mib(heap)
            + " / "
            + mib(live)
            + String.format(
                " (%,.0f KiB per resource above the idle operator)",
                (live - idleHeap) / 1024.0 / n));
    rows.put(
        prefix + "RSS / peak RSS (VmHWM)",
        mib(fork.procStatus("VmRSS")) + " / " + mib(fork.procStatus("VmHWM")));
    Path histogram =
        log.resolveSibling(log.getFileName().toString().replace(".log", "-histogram.txt"));
    Files.writeString(histogram, fork.classHistogram(25));
    return true;
  }

  private static double reconciled(ForkedOperator fork) {
    try {
      return fork.metric("oms_reconcile_outcomes_total");
    } catch (Exception e) {
      return -1;
    }
  }

  private static String readyReasons(KubernetesClient client, String ns) {
    Map<String, Integer> reasons = new TreeMap<>();
    for (OpenMetadataSecret cr :
        client.resources(OpenMetadataSecret.class).inNamespace(ns).list().getItems()) {
      String reason =
          Conditions.readyCondition(cr.getStatus()).map(c -> c.getReason()).orElse("(none)");
      reasons.merge(reason, 1, Integer::sum);
    }
    return reasons.toString();
  }

  private static void awaitGone(KubernetesClient client, String ns) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (client.namespaces().withName(ns).get() != null && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
  }
}
