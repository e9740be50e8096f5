package org.openmetadata.secrets.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.demo.MockApiServer;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.openmetadata.secrets.runtime.KubernetesClients;
import org.openmetadata.secrets.runtime.OperatorRuntime;
import org.openmetadata.secrets.runtime.WriteBudget;

/**
 * The scale benchmark of issue 6: raw Secret create rate (the ceiling), OpenMetadataSecret
 * convergence and create→Ready latency, latency at a fixed 100 CR/s, drift repair, an idle
 * restart's time and writes, and the operator's heap and RSS with and without unrelated Secrets. A
 * program, not a test: run it with {@code hack/bench.sh}. Talks only to the API server of the given
 * kubeconfig (loopback) or to an in-memory mock server.
 */
public final class Benchmark {

  private final Options options;
  private final List<String> tables = new ArrayList<>();

  private Benchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    new Benchmark(options).run();
    // Informers and HTTP clients leave non-daemon threads behind.
    System.exit(0);
  }

  private void run() throws Exception {
    Instant began = Instant.now();
    for (int i = 0; i < options.sizes().size(); i++) {
      int n = options.sizes().get(i);
      boolean last = i == options.sizes().size() - 1;
      long t0 = System.nanoTime();
      Map<String, String[]> rows;
      String header;
      try (Target target =
          options.target().equals("mock")
              ? Target.mock(options.workDir())
              : Target.real(options.kubeconfig())) {
        header = header(n, target);
        rows =
            options.fairness()
                ? new FairnessScenario(options, target, n).run()
                : new Scenario(options, target, n, !last).run();
      }
      String table =
          header
              + format(rows)
              + String.format("(N=%d took %s)%n", n, seconds(System.nanoTime() - t0));
      tables.add(table);
      System.out.println();
      System.out.print(table);
      System.out.flush();
    }
    System.out.println();
    System.out.println(
        "== all results ("
            + options.target()
            + ", started "
            + began
            + ", "
            + Duration.between(began, Instant.now()).toSeconds()
            + " s in all) ==");
    tables.forEach(t -> System.out.println(t));
  }

  private String header(int n, Target target) {
    OperatorConfig c = OperatorConfig.from(Scenario.operatorEnv(options, "bench", "bench"));
    return String.format(
        "== %s = %,d | target %s (Kubernetes %s) | %d CPUs, %s RAM, Java %s | bench: %d threads, offered rate %s"
            + " | operator: %d reconcile threads, write budget %s%s%s ==%n",
        options.fairness() ? "fairness, flood N" : "N",
        n,
        target.name(),
        target.version(),
        Runtime.getRuntime().availableProcessors(),
        memTotal(),
        System.getProperty("java.version"),
        options.concurrency(),
        options.rate() > 0 ? fmt(options.rate()) + "/s" : "unlimited",
        c.reconcileThreads(),
        c.writeRate() > 0 ? c.writeRate() + "/s burst " + c.writeBurst() : "none",
        options.operatorEnv().isEmpty() ? "" : " (" + options.operatorEnv() + ")",
        options.sealed() ? " | sealed values" : "");
  }

  private static String format(Map<String, String[]> rows) {
    int w0 = "measure".length();
    int w1 = "value".length();
    for (var e : rows.entrySet()) {
      w0 = Math.max(w0, e.getKey().length());
      w1 = Math.max(w1, e.getValue()[0].length());
    }
    int w2 = "target".length();
    for (var e : rows.entrySet()) {
      w2 = Math.max(w2, e.getValue()[1].length());
    }
    // Targets before values: the values are long, and the verdicts then line up.
    String f = "%-" + w0 + "s | %-" + w2 + "s | %s%n";
    StringBuilder b = new StringBuilder(String.format(f, "measure", "target", "value"));
    b.append("-".repeat(w0))
        .append("-+-")
        .append("-".repeat(w2))
        .append("-+-")
        .append("-".repeat(Math.min(w1, 60)))
        .append('\n');
    rows.forEach((k, v) -> b.append(String.format(f, k, v[1], v[0])));
    return b.toString();
  }

  static String memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return String.format(
              "%.1f GiB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return "?";
  }

  static String seconds(long nanos) {
    return String.format("%.2f s", nanos / 1e9);
  }

  static String fmt(double d) {
    return d >= 100 ? String.format("%,.0f", d) : String.format("%.2f", d);
  }

  static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / 1024.0 / 1024.0);
  }

  static void log(String format, Object... args) {
    System.err.printf("[bench %s] %s%n", LocalTime.now().withNano(0), String.format(format, args));
  }

  /** A plain fabric8 client on the target, for the load and the watches. */
  static KubernetesClient client(Config config, RequestCounter counter) {
    KubernetesClientBuilder b = new KubernetesClientBuilder().withConfig(config);
    if (counter != null) {
      b.withHttpClientBuilderConsumer(
          h -> h.addOrReplaceInterceptor("bench-request-counter", counter));
    }
    return b.build();
  }

  /**
   * The operator's client as {@code KubernetesClients.forOperator} builds it for {@code run} (its
   * write budget when one is configured, its serialization: no managedFields, values as digests),
   * plus the request counter.
   */
  static KubernetesClient operatorClient(
      Config config, OperatorConfig operator, RequestCounter counter) {
    WriteBudget budget =
        operator.writeRate() > 0
            ? new WriteBudget(operator.writeRate(), operator.writeBurst())
            : null;
    KubernetesClientBuilder builder =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withKubernetesSerialization(KubernetesClients.operatorSerialization());
    return builder
        .withHttpClientBuilderConsumer(
            h -> {
              if (budget != null) {
                h.addOrReplaceInterceptor("write-budget", budget);
              }
              h.addOrReplaceInterceptor("bench-request-counter", counter);
            })
        .build();
  }

  /** The API server under test: a kubeconfig's, or a fresh in-memory mock per N. */
  interface Target extends AutoCloseable {
    Config config();

    /** A kubeconfig a child process can use. */
    Path kubeconfig();

    String name();

    String version();

    boolean real();

    /** The control plane's {@code pids} file, for CPU accounting; null when there is none. */
    Path pidsFile();

    @Override
    void close();

    static Target real(Path kubeconfig) {
      Config config = Config.fromKubeconfig(kubeconfig.toFile());
      String version;
      try (KubernetesClient c = client(config, null)) {
        version = c.getKubernetesVersion().getGitVersion();
      }
      return new Target() {
        public Config config() {
          return config;
        }

        public Path kubeconfig() {
          return kubeconfig.toAbsolutePath();
        }

        public String name() {
          return "real API server " + config.getMasterUrl();
        }

        public String version() {
          return version;
        }

        public boolean real() {
          return true;
        }

        public Path pidsFile() {
          return kubeconfig.toAbsolutePath().getParent().resolve("pids");
        }

        public void close() {}
      };
    }

    static Target mock(Path workDir) throws Exception {
      MockApiServer server = new MockApiServer();
      Config config;
      try (KubernetesClient c = server.createClient()) {
        config = c.getConfiguration();
      }
      Files.createDirectories(workDir);
      Path kubeconfig = workDir.resolve("mock-kubeconfig").toAbsolutePath();
      Files.writeString(
          kubeconfig,
          """
          apiVersion: v1
          kind: Config
          clusters: [{name: mock, cluster: {server: "%s"}}]
          users: [{name: mock, user: {token: mock}}]
          contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: default}}]
          current-context: mock
          """
              .formatted(config.getMasterUrl().replaceAll("/$", "")));
      return new Target() {
        public Config config() {
          return config;
        }

        public Path kubeconfig() {
          return kubeconfig;
        }

        public String name() {
          return "fabric8 mock server " + config.getMasterUrl();
        }

        public String version() {
          return "mock";
        }

        public boolean real() {
          return false;
        }

        public Path pidsFile() {
          return null;
        }

        public void close() {
          server.close();
        }
      };
    }
  }

  /**
   * Runs {@code op(0..count-1)} on {@code threads} threads, at {@code rate} per second when
   * positive.
   */
  static Load parallel(int count, int threads, double rate, IntConsumer op)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      pool.execute(
          () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
              if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                for (long wait = due - System.nanoTime();
                    wait > 0;
                    wait = due - System.nanoTime()) {
                  LockSupport.parkNanos(wait);
                }
              }
              try {
                op.accept(i);
              } catch (RuntimeException e) {
                failed.incrementAndGet();
                firstError.compareAndSet(null, e.toString());
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.DAYS);
    long nanos = System.nanoTime() - start;
    if (firstError.get() != null) {
      log("%d of %d calls failed; first: %s", failed.get(), count, firstError.get());
    }
    return new Load(count - failed.get(), failed.get(), nanos);
  }

  record Load(int done, int failed, long nanos) {
    double rate() {
      return done / (nanos / 1e9);
    }
  }

  /** Create with a retry for a failed call; a 409 on a retry means the first try got through. */
  static void createWithRetry(Runnable create) {
    for (int attempt = 0; ; attempt++) {
      try {
        create.run();
        return;
      } catch (KubernetesClientException e) {
        if (attempt > 0 && e.getCode() == 409) {
          return;
        }
        if (attempt >= 4) {
          throw e;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100L << attempt));
      }
    }
  }

  /**
   * Polls {@code counter} until it has not changed for {@code quiet}; returns when it last changed.
   */
  static long awaitQuiet(LongSupplier counter, Duration quiet, Duration cap) {
    long deadline = System.nanoTime() + cap.toNanos();
    long last = counter.getAsLong();
    long changed = System.nanoTime();
    while (System.nanoTime() < deadline && System.nanoTime() - changed < quiet.toNanos()) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      long now = counter.getAsLong();
      if (now != last) {
        last = now;
        changed = System.nanoTime();
      }
    }
    return changed;
  }

  static long reconciles(OperatorRuntime runtime) {
    return (long)
        runtime.metrics().registry().find("oms_reconcile_outcomes").counters().stream()
            .mapToDouble(Counter::count)
            .sum();
  }

  /** RSA opens of sealed values so far; -1 for an operator that does not count them. */
  static long opened(OperatorRuntime runtime) {
    Counter c = runtime.metrics().registry().find("oms_sealed_values_opened").counter();
    return c == null ? -1 : (long) c.count();
  }

  static String openedText(long before, long after) {
    return after < 0 ? "not counted by this operator" : Long.toString(after - before);
  }

  /** One N: every phase on fresh namespaces. */
  static final class Scenario {

    private final Options o;
    private final Target target;
    private final int n;
    private final boolean cleanUp;
    private final Map<String, String[]> rows = new LinkedHashMap<>();
    private final CpuAccount cpu;
    private final String id = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final String nsWarm;
    private final String nsRaw;
    private final String nsRawCr;
    private final String nsMain;
    private final String nsPaced;

    /** The operator's published sealing key, with --sealed, once it has started. */
    private volatile PublicKey sealKey;

    Scenario(Options o, Target target, int n, boolean cleanUp) {
      this.o = o;
      this.target = target;
      this.n = n;
      this.cleanUp = cleanUp;
      nsWarm = "bench-warm-" + n + "-" + id;
      nsRaw = "bench-raw-" + n + "-" + id;
      nsRawCr = "bench-rawcr-" + n + "-" + id;
      cpu = new CpuAccount(target.pidsFile());
      nsMain = "bench-" + n + "-" + id;
      nsPaced = "bench-paced-" + n + "-" + id;
    }

    private void row(String measure, String value, String targetText) {
      rows.put(measure, new String[] {value, targetText});
      log("%-45s %s", measure, value);
    }

    private void row(String measure, String value) {
      row(measure, value, "");
    }

    /**
     * A resource with the i-th benchmark value: plain, or sealed to the operator's key with
     * --sealed.
     */
    private OpenMetadataSecret resource(String ns, String name, String path, int i) {
      if (!o.sealed()) {
        return TestResources.withValue(ns, name, path, value(i));
      }
      return TestResources.withEncryptedValue(
          ns,
          name,
          path,
          Sealer.seal(
              sealKey, new Scope(ns, name, path), value(i).getBytes(StandardCharsets.UTF_8)));
    }

    private static String verdict(String target, boolean met) {
      return target + (met ? "  met" : "  MISSED");
    }

    static String value(int i) {
      // 40 bytes, like a database password or a short token.
      String v = String.format("bench-value-%08d-", i);
      return v + "x".repeat(40 - v.length());
    }

    Map<String, String[]> run() throws Exception {
      Config config = target.config();
      try (KubernetesClient load = client(config, null);
          KubernetesClient observer = client(config, null)) {
        for (String ns : List.of(nsWarm, nsRaw, nsRawCr, nsMain, nsPaced)) {
          load.namespaces()
              .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
              .create();
        }
        warmUpClients(load);
        double rawRate = baseline(load);
        operatorPhases(load, observer, rawRate);
        if (o.memory()) {
          memory(load, observer);
        }
        if (cleanUp && target.real()) {
          for (String ns : List.of(nsMain, nsPaced)) {
            load.namespaces().withName(ns).delete();
          }
          awaitNamespacesGone(load, List.of(nsMain, nsPaced), Duration.ofMinutes(10));
        }
      }
      return rows;
    }

    private static Secret plainSecret(String namespace, int i) {
      return new SecretBuilder()
          .withNewMetadata()
          .withName("openmetadata-bench-s" + i)
          .withNamespace(namespace)
          .addToLabels(Labels.APP, Labels.APP_VALUE)
          .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
          .endMetadata()
          .withType("Opaque")
          .addToData(
              "value",
              Base64.getEncoder().encodeToString(value(i).getBytes(StandardCharsets.UTF_8)))
          .build();
    }

    /** Unmeasured Secrets and CRs first, so the baselines do not pay for a cold JVM. */
    private void warmUpClients(KubernetesClient load) throws Exception {
      if (o.warmup() <= 0) {
        return;
      }
      log(
          "n=%d: warm-up, %d Secrets and %d OpenMetadataSecrets (not measured)",
          n, o.warmup(), o.warmup());
      parallel(
          o.warmup(),
          o.concurrency(),
          0,
          i ->
              createWithRetry(
                  () ->
                      load.secrets()
                          .inNamespace(nsWarm)
                          .resource(plainSecret(nsWarm, i))
                          .create()));
      parallel(
          o.warmup(),
          o.concurrency(),
          0,
          i ->
              createWithRetry(
                  () ->
                      load.resources(OpenMetadataSecret.class)
                          .inNamespace(nsWarm)
                          .resource(
                              TestResources.withValue(nsWarm, "w-" + i, "bench/w" + i, value(i)))
                          .create()));
      if (target.real()) {
        load.namespaces().withName(nsWarm).delete();
        awaitNamespacesGone(load, List.of(nsWarm), Duration.ofMinutes(5));
      }
    }

    /**
     * N plain Secrets of the same size, same client, same concurrency: the ceiling. Then N
     * OpenMetadataSecrets with no operator running, to show what creating the resource alone costs.
     */
    private double baseline(KubernetesClient load) throws Exception {
      idle("baseline");
      log("n=%d: baseline, %d plain Secrets with %d threads", n, n, o.concurrency());
      CpuAccount.Sample c0 = cpu.sample();
      Load base =
          parallel(
              n,
              o.concurrency(),
              0,
              i ->
                  createWithRetry(
                      () ->
                          load.secrets()
                              .inNamespace(nsRaw)
                              .resource(plainSecret(nsRaw, i))
                              .create()));
      CpuAccount.Sample c1 = cpu.sample();
      row(
          "raw Secret create rate (baseline, ceiling)",
          fmt(base.rate()) + " Secrets/s  (" + seconds(base.nanos()) + ")");
      cpuRow("baseline", c0, c1);
      if (o.crBaseline()) {
        idle("CR baseline");
        log("n=%d: %d OpenMetadataSecrets with no operator running", n, n);
        CpuAccount.Sample c1b = cpu.sample();
        Load crs =
            parallel(
                n,
                o.concurrency(),
                0,
                i -> {
                  OpenMetadataSecret cr =
                      TestResources.withValue(nsRawCr, "s-" + i, "bench/s" + i, value(i));
                  createWithRetry(
                      () ->
                          load.resources(OpenMetadataSecret.class)
                              .inNamespace(nsRawCr)
                              .resource(cr)
                              .create());
                });
        CpuAccount.Sample c2 = cpu.sample();
        row(
            "raw OpenMetadataSecret create rate (no operator)",
            fmt(crs.rate()) + " CR/s  (" + seconds(crs.nanos()) + ")");
        cpuRow("CR baseline", c1b, c2);
      }
      if (target.real()) {
        // Out of the way before the operator runs: the namespace controller deletes them.
        load.namespaces().withName(nsRaw).delete();
        load.namespaces().withName(nsRawCr).delete();
        awaitNamespacesGone(load, List.of(nsRaw, nsRawCr), Duration.ofMinutes(10));
      }
      return base.rate();
    }

    /** Before a phase: wait (up to --wait-idle) for the box to be free of other work. */
    private void idle(String phase) {
      if (o.waitIdle().isZero()) {
        return;
      }
      Duration waited = cpu.awaitIdle(0.1, o.waitIdle());
      log(
          "n=%d: waited %s for other processes to go quiet before the %s",
          n, seconds(waited.toNanos()), phase);
    }

    /** Where the CPU went in a phase; other processes' share flags a figure taken on a busy box. */
    private void cpuRow(String phase, CpuAccount.Sample a, CpuAccount.Sample b) {
      String d = CpuAccount.describe(a, b);
      boolean busy = CpuAccount.otherCores(a, b) > 0.15;
      row("  CPU in " + phase, d + (busy ? "  <- OTHER WORK ON THE BOX" : ""));
    }

    private Map<String, String> env(String namespaces) {
      return operatorEnv(o, namespaces, nsMain);
    }

    /** The operator's settings: the benchmark's four, then any --operator-env. */
    static Map<String, String> operatorEnv(Options o, String namespaces, String operatorNamespace) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("OM_SM_NAMESPACE", namespaces);
      env.put("OM_SM_HTTP_PORT", "0");
      env.put("OM_SM_HEALTH_PORT", "0");
      env.put("OM_SM_ALLOW_PLAINTEXT", "true");
      env.put("OM_SM_OPERATOR_NAMESPACE", operatorNamespace);
      env.putAll(o.operatorEnv());
      return env;
    }

    private void operatorPhases(KubernetesClient load, KubernetesClient observer, double rawRate)
        throws Exception {
      RequestCounter counter = new RequestCounter();
      OperatorConfig config = OperatorConfig.from(env(nsMain + "," + nsPaced));
      KubernetesClient opClient = operatorClient(target.config(), config, counter);
      long t = System.nanoTime();
      OperatorRuntime runtime = OperatorRuntime.start(config, opClient);
      log("n=%d: operator started in %s", n, seconds(System.nanoTime() - t));
      if (o.sealed()) {
        sealKey =
            Pem.parsePublicKey(
                load.configMaps()
                    .inNamespace(nsMain)
                    .withName(KeyRingStore.CONFIG_MAP_NAME)
                    .get()
                    .getData()
                    .get(KeyRingStore.CERT_KEY));
      }
      try (ReadyWatch main = new ReadyWatch(observer, nsMain);
          ReadyWatch paced = new ReadyWatch(observer, nsPaced)) {
        if (o.warmup() > 0) {
          // The operator's hot paths compiled before measuring; these stay in the latency pass's
          // namespace.
          log("n=%d: operator warm-up, %d OpenMetadataSecrets (not measured)", n, o.warmup());
          parallel(
              o.warmup(),
              o.concurrency(),
              0,
              i ->
                  createWithRetry(
                      () ->
                          load.resources(OpenMetadataSecret.class)
                              .inNamespace(nsPaced)
                              .resource(resource(nsPaced, "w-" + i, "bench/w" + i, i))
                              .create()));
          paced.awaitReady("w-", o.warmup(), o.timeout());
          awaitQuiet(() -> reconciles(runtime), Duration.ofSeconds(2), Duration.ofSeconds(60));
        }
        // Throughput pass: N CRs at the offered rate.
        Map<String, Long> before = counter.snapshot();
        idle("throughput pass");
        log("n=%d: throughput pass, %d OpenMetadataSecrets", n, n);
        CpuAccount.Sample c0 = cpu.sample();
        Map<String, Long> threads0 = CpuAccount.threadCpuNanos();
        long reconciled0 = reconciles(runtime);
        long opened0 = opened(runtime);
        long t0 = System.nanoTime();
        Load crs =
            parallel(
                n,
                o.concurrency(),
                o.rate(),
                i -> {
                  OpenMetadataSecret cr = resource(nsMain, "s-" + i, "bench/s" + i, i);
                  createWithRetry(
                      () ->
                          load.resources(OpenMetadataSecret.class)
                              .inNamespace(nsMain)
                              .resource(cr)
                              .create());
                  main.created("s-" + i, System.nanoTime());
                });
        boolean all = main.awaitReady("s-", crs.done(), o.timeout());
        CpuAccount.Sample c1 = cpu.sample();
        Map<String, Long> threads1 = CpuAccount.threadCpuNanos();
        long converge = main.lastReady("s-") - t0;
        double throughput = main.readyCount("s-") / (converge / 1e9);
        row(
            "CR create calls (offered load)",
            fmt(crs.rate()) + " CR/s  (" + seconds(crs.nanos()) + ")");
        row(
            "time to all Ready",
            seconds(converge) + (all ? "" : "  (TIMED OUT: " + main.readyCount("s-") + " Ready)"));
        row("convergence throughput", fmt(throughput) + " CR/s");
        double ratio = throughput / rawRate;
        row(
            "throughput / raw rate",
            String.format("%.2f", ratio),
            verdict(">= 0.80 at 10,000", ratio >= 0.8));
        row(
            "create->Ready latency (throughput pass)",
            new Percentiles(main.latencies("s-").values()).summary(50, 95, 99));
        Map<String, Long> passRequests = RequestCounter.diff(counter.snapshot(), before);
        row(
            "operator writes in throughput pass",
            String.format(
                "%.2f per CR (%s)",
                RequestCounter.writes(passRequests) / (double) n,
                RequestCounter.describeWrites(passRequests)));
        row(
            "operator reads (GET/LIST) in throughput pass",
            String.format(
                "%d (%s)",
                RequestCounter.reads(passRequests), RequestCounter.describeReads(passRequests)));
        cpuRow("throughput pass", c0, c1);
        row("  bench JVM threads by CPU", CpuAccount.topThreads(threads0, threads1, 6));
        awaitQuiet(() -> reconciles(runtime), Duration.ofSeconds(2), Duration.ofSeconds(60));
        row(
            "reconciliations per new CR (until quiet)",
            String.format("%.2f", (reconciles(runtime) - reconciled0) / (double) n),
            verdict("<= 1.1", reconciles(runtime) - reconciled0 <= 1.1 * n));
        row("  sealed values opened in throughput pass", openedText(opened0, opened(runtime)));

        // Latency pass: a fixed offered rate on top of the N that exist.
        int m =
            (int)
                Math.max(1, Math.min(Math.min(n, o.pacedMax()), o.pacedRate() * o.pacedSeconds()));
        idle("latency pass");
        log("n=%d: latency pass, %d OpenMetadataSecrets at %s/s", n, m, fmt(o.pacedRate()));
        CpuAccount.Sample c2 = cpu.sample();
        Load p =
            parallel(
                m,
                o.concurrency(),
                o.pacedRate(),
                i -> {
                  OpenMetadataSecret cr = resource(nsPaced, "p-" + i, "bench/p" + i, i);
                  createWithRetry(
                      () ->
                          load.resources(OpenMetadataSecret.class)
                              .inNamespace(nsPaced)
                              .resource(cr)
                              .create());
                  paced.created("p-" + i, System.nanoTime());
                });
        boolean pacedAll = paced.awaitReady("p-", p.done(), o.timeout());
        Percentiles pl = new Percentiles(paced.latencies("p-").values());
        row(
            String.format("create->Ready at %s CR/s offered (%d CRs)", fmt(o.pacedRate()), m),
            pl.summary(50, 95, 99) + (pacedAll ? "" : " (TIMED OUT)"),
            verdict("p99 <= 1 s", pacedAll && pl.nanos(99) <= 1_000_000_000L));
        row("  achieved create rate of that pass", fmt(p.rate()) + " CR/s");
        cpuRow("paced pass", c2, cpu.sample());
        awaitQuiet(() -> reconciles(runtime), Duration.ofSeconds(2), Duration.ofSeconds(60));
      }

      // Drift: managed Secrets deleted behind the operator's back.
      int k = Math.min(o.drift(), n);
      if (k > 0) {
        try (RepairWatch repairs = new RepairWatch(observer, nsMain)) {
          idle("drift phase");
          log("n=%d: drift, deleting %d managed Secrets (watch holds %d)", n, k, repairs.cached());
          String[] names = new String[k];
          for (int j = 0; j < k; j++) {
            names[j] = config.naming().secretName("bench/s" + (int) ((long) j * n / k));
          }
          Map<String, Long> before = counter.snapshot();
          CpuAccount.Sample c3 = cpu.sample();
          Load d =
              parallel(
                  k,
                  o.concurrency(),
                  o.driftRate(),
                  j -> {
                    String name = names[j];
                    repairs.deleting(name, System.nanoTime());
                    load.secrets().inNamespace(nsMain).withName(name).delete();
                  });
          boolean all = repairs.awaitRepaired(d.done(), o.timeout());
          CpuAccount.Sample c4 = cpu.sample();
          Percentiles rl = new Percentiles(repairs.latencies().values());
          row(
              String.format(
                  "drift repair, %d deleted %s",
                  k, o.driftRate() > 0 ? "at " + fmt(o.driftRate()) + "/s" : "at once"),
              rl.summary(50, 99) + (all ? "" : " (TIMED OUT)"),
              verdict("p99 <= 2 s", all && rl.nanos(99) <= 2_000_000_000L));
          awaitQuiet(() -> reconciles(runtime), Duration.ofSeconds(2), Duration.ofSeconds(60));
          Map<String, Long> driftRequests = RequestCounter.diff(counter.snapshot(), before);
          row(
              "  operator writes for the repairs",
              String.format(
                  "%.2f per repair (%s)",
                  RequestCounter.writes(driftRequests) / (double) k,
                  RequestCounter.describeWrites(driftRequests)));
          cpuRow("drift", c3, c4);
        }
      }
      runtime.close();
      opClient.close();
      restart();
    }

    /**
     * A new operator over N unchanged CRs: how long until all are processed, and what it writes.
     */
    private void restart() throws Exception {
      RequestCounter counter = new RequestCounter();
      OperatorConfig config = OperatorConfig.from(env(nsMain));
      KubernetesClient opClient = operatorClient(target.config(), config, counter);
      idle("restart");
      log("n=%d: restart over %d unchanged CRs", n, n);
      CpuAccount.Sample c0 = cpu.sample();
      long t0 = System.nanoTime();
      OperatorRuntime runtime = OperatorRuntime.start(config, opClient);
      long started = System.nanoTime() - t0;
      long deadline = t0 + o.timeout().toNanos();
      while (reconciles(runtime) < n && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
      long processed = System.nanoTime() - t0;
      CpuAccount.Sample c1 = cpu.sample();
      long reconciledAtN = reconciles(runtime);
      Map<String, Long> atN = counter.snapshot();
      long quietSince =
          awaitQuiet(() -> reconciles(runtime), Duration.ofSeconds(3), Duration.ofSeconds(120));
      CpuAccount.Sample c2 = cpu.sample();
      Map<String, Long> total = counter.snapshot();
      long reconciled = reconciles(runtime);
      long opened = opened(runtime);
      runtime.close();
      opClient.close();
      row("restart: start() returned (caches synced)", seconds(started));
      row(
          "restart: all N reconciled",
          seconds(processed) + (reconciledAtN >= n ? "" : " (TIMED OUT at " + reconciledAtN + ")"),
          verdict("<= 15 s at 10,000", reconciledAtN >= n && processed <= 15_000_000_000L));
      row(
          "restart: reconciliations until quiet",
          reconciled + " (last at " + seconds(quietSince - t0) + ")");
      long writes = RequestCounter.writes(total);
      row(
          "restart: write requests",
          writes
              + (writes == 0 ? "" : " (" + RequestCounter.describeWrites(total) + ")")
              + (RequestCounter.writes(atN) != writes
                  ? " (" + RequestCounter.writes(atN) + " by all-reconciled)"
                  : ""),
          verdict("0", writes == 0));
      row("restart: read requests", RequestCounter.describeReads(total));
      row("restart: sealed values opened", openedText(0, opened));
      cpuRow("restart", c0, c1);
      cpuRow("restart, until quiet + 3 s", c0, c2);
    }

    /** Heap and RSS of the operator as its own process, with and without N unrelated Secrets. */
    private void memory(KubernetesClient load, KubernetesClient observer) throws Exception {
      if (!Files.isRegularFile(o.jar())) {
        row("memory", "skipped: no " + o.jar() + " (mvn -q -B package -DskipTests)");
        return;
      }
      Map<String, String> env = env(nsMain);
      env.put("OM_SM_KUBECONFIG_PATH", target.kubeconfig().toString());
      env.put("OM_SM_LOG_LEVEL", "INFO");
      Path logFile = o.workDir().resolve("operator-" + n + ".log").toAbsolutePath();
      log("n=%d: forked operator (%s), log %s", n, String.join(" ", o.forkJvmOptions()), logFile);
      idle("forked operator");
      CpuAccount.Sample c0 = cpu.sample();
      try (ForkedOperator fork = new ForkedOperator(o.jar(), o.forkJvmOptions(), env, logFile)) {
        long deadline = System.nanoTime() + o.timeout().toNanos();
        fork.port(Duration.ofSeconds(120));
        while (fork.metric("oms_reconcile_outcomes_total") < n
            && System.nanoTime() < deadline
            && fork.alive()) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        long ready = System.nanoTime() - fork.startedNanos;
        awaitQuiet(
            () -> {
              try {
                return (long) fork.metric("oms_reconcile_outcomes_total");
              } catch (Exception e) {
                return -1;
              }
            },
            Duration.ofSeconds(3),
            Duration.ofSeconds(60));
        row(
            "forked operator: process start -> all N reconciled",
            seconds(ready) + String.format(" (%.1f s CPU)", fork.cpuNanos() / 1e9));
        cpuRow("forked start", c0, cpu.sample());
        long heap = fork.heapAfterGc();
        long rss = fork.procStatus("VmRSS");
        row(
            "forked operator: heap after full GC",
            mib(heap),
            verdict("<= 128 MiB at 10,000", heap <= 128L << 20));
        row("forked operator: RSS", mib(rss));

        log("n=%d: %d unrelated %d KB Secrets in %s", n, n, o.unrelatedKb(), nsMain);
        byte[] blob = new byte[o.unrelatedKb() * 1024];
        new Random(6).nextBytes(blob);
        String data = Base64.getEncoder().encodeToString(blob);
        Load u =
            parallel(
                n,
                o.concurrency(),
                0,
                i -> {
                  Secret s =
                      new SecretBuilder()
                          .withNewMetadata()
                          .withName("unrelated-" + i)
                          .withNamespace(nsMain)
                          .endMetadata()
                          .withType("Opaque")
                          .addToData("blob", data)
                          .build();
                  createWithRetry(() -> load.secrets().inNamespace(nsMain).resource(s).create());
                });
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
        long heap2 = fork.heapAfterGc();
        long rss2 = fork.procStatus("VmRSS");
        row(
            String.format(
                "  + %,d unrelated %d KB Secrets (%s)", n, o.unrelatedKb(), seconds(u.nanos())),
            "");
        row(
            "forked operator: heap after full GC, with them",
            mib(heap2) + String.format(" (%+.1f MiB)", (heap2 - heap) / 1048576.0),
            verdict(
                "no growth",
                heap2 - heap <= Math.max(2L << 20, heap / 20))); // a shrink is the GC, not a leak
        row(
            "forked operator: RSS, with them",
            mib(rss2) + String.format(" (%+.1f MiB)", (rss2 - rss) / 1048576.0));
        row("forked operator: peak RSS (VmHWM)", mib(fork.procStatus("VmHWM")));
        Path histogram = o.workDir().resolve("histogram-" + n + ".txt").toAbsolutePath();
        Files.writeString(histogram, fork.classHistogram(40));
        log("n=%d: the forked operator's live objects by class: %s", n, histogram);
        newResources(fork, observer, load);
      }
    }

    /**
     * The forked operator (its production client: write budget included) serving new resources:
     * convergence and its own CPU per resource, for sizing its CPU request. Two rounds: the first
     * compiles the write paths (an idle restart never ran them), the second is the figure.
     */
    private void newResources(ForkedOperator fork, KubernetesClient observer, KubernetesClient load)
        throws Exception {
      int m = Math.min(n, 1000);
      try (ReadyWatch watch = new ReadyWatch(observer, nsMain)) {
        for (String round : List.of("f-", "g-")) {
          boolean measured = round.equals("g-");
          idle("forked operator's new resources");
          long cpu0 = fork.cpuNanos();
          double gc0 = fork.metric("jvm_gc_pause_seconds_sum");
          long jit0 = fork.jitNanos();
          long t0 = System.nanoTime();
          parallel(
              m,
              o.concurrency(),
              o.rate(),
              i -> {
                OpenMetadataSecret cr = resource(nsMain, round + i, "bench/" + round + i, i);
                createWithRetry(
                    () ->
                        load.resources(OpenMetadataSecret.class)
                            .inNamespace(nsMain)
                            .resource(cr)
                            .create());
                watch.created(round + i, System.nanoTime());
              });
          boolean all = watch.awaitReady(round, m, o.timeout());
          long took = watch.lastReady(round) - t0;
          long cpu = fork.cpuNanos() - cpu0;
          double gc = fork.metric("jvm_gc_pause_seconds_sum") - gc0;
          long jit = fork.jitNanos() - jit0;
          String label = measured ? "" : " (first round: compiles the write paths)";
          row(
              String.format("forked operator: %d more CRs, all Ready%s", m, label),
              seconds(took)
                  + String.format(" (%s CR/s)", fmt(watch.readyCount(round) / (took / 1e9)))
                  + (all ? "" : " (TIMED OUT)"));
          // JIT time is the compilers' elapsed time (hotspot's java.ci.totalTime), not CPU: context
          // only.
          row(
              "forked operator: CPU per new CR" + label,
              String.format(
                  "%.2f ms (%.1f s CPU for %d; meanwhile JIT compiling %.1f s, GC pauses %.1f s)",
                  cpu / 1e6 / m, cpu / 1e9, m, jit / 1e9, gc));
          if (measured) {
            row(
                "  their create->Ready latency",
                new Percentiles(watch.latencies(round).values()).summary(50, 95, 99));
          }
        }
      }
    }

    private static void awaitNamespacesGone(
        KubernetesClient client, List<String> names, Duration timeout) {
      long t0 = System.nanoTime();
      long deadline = t0 + timeout.toNanos();
      while (System.nanoTime() < deadline
          && names.stream().anyMatch(ns -> client.namespaces().withName(ns).get() != null)) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
      }
      log("namespaces %s deleted in %s", names, seconds(System.nanoTime() - t0));
    }
  }
}
