package org.openmetadata.secrets.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openmetadata.secrets.chart.Helm;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.it.BridgeChart;
import org.openmetadata.secrets.it.ControlPlane;
import org.openmetadata.secrets.it.OpenMetadataServerCalls;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/**
 * The bridge's figures (issue 11): the bridge as its own process ({@code java -jar ... bridge},
 * with the chart's JVM options) as the OpenMetadata server's ServiceAccount under the chart's RBAC,
 * the operator in this JVM, on a real API server. Prints start-to-serving, write → Secret readable
 * latency at a fixed write rate (creates of new credentials and read-then-replaces, each as
 * OpenMetadata's client makes them; a write returns only when a read gives the value back), and the
 * bridge's RSS, heap and CPU idle and under that load. Run it with {@code hack/bench-bridge.sh}.
 */
public final class BridgeBenchmark {

  private static final String SERVER_SA = "openmetadata";

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    Path kubeconfig = Path.of(required(o, "kubeconfig"));
    double rate = Double.parseDouble(o.getOrDefault("rate", "10"));
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup-seconds", "20"));
    Path jar = Path.of(o.getOrDefault("jar", "target/om-secrets-operator.jar"));
    Path work = Path.of("target", "bench-bridge");
    Files.createDirectories(work);

    KubernetesClient admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(kubeconfig.toFile()))
            .build();
    String suffix = Long.toHexString(System.nanoTime()).substring(8);
    String ns = namespace(admin, "openmetadata-" + suffix);
    String operatorNs = namespace(admin, "om-system-" + suffix);
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort(); // free now; the bridge binds it within a few seconds
    }
    List<HasMetadata> objects = BridgeChart.render(operatorNs, ns, SERVER_SA, port);
    objects.stream()
        .filter(x -> List.of("ServiceAccount", "Role", "RoleBinding").contains(x.getKind()))
        .forEach(x -> admin.resource(x).forceConflicts().serverSideApply());

    Map<String, String> operatorEnv = BridgeChart.operatorEnv(objects);
    try (KubernetesClient operatorClient =
            ControlPlane.clientAs(admin, operatorNs, "om-secrets-operator");
        OperatorRuntime operator =
            OperatorRuntime.start(OperatorConfig.from(operatorEnv), operatorClient)) {
      while (admin.configMaps().inNamespace(operatorNs).withName(KeyRingStore.CONFIG_MAP_NAME).get()
          == null) {
        Thread.sleep(100);
      }
      Map<String, String> bridgeEnv =
          new HashMap<>(BridgeChart.configMap(objects, Helm.RELEASE + "-bridge").getData());
      String shippedJvmOptions = bridgeEnv.remove("JAVA_TOOL_OPTIONS");
      List<String> jvmOptions =
          Arrays.asList(o.getOrDefault("jvm-options", shippedJvmOptions).trim().split("\\s+"));
      bridgeEnv.put("OM_SM_IN_CLUSTER", "false");
      bridgeEnv.put("OM_SM_KUBECONFIG_PATH", serverKubeconfig(admin, ns, work).toString());
      bridgeEnv.put("OM_SM_LOG_LEVEL", "WARN");

      Path omKubeconfig = work.resolve("openmetadata-kubeconfig");
      Files.writeString(
          omKubeconfig,
          BridgeChart.configMap(objects, Helm.RELEASE + "-bridge-kubeconfig")
              .getData()
              .get("kubeconfig"));
      // The official client's Config, as OpenMetadata's server uses it; the imported Config is
      // fabric8's.
      OpenMetadataServerCalls om =
          new OpenMetadataServerCalls(
              new CoreV1Api(io.kubernetes.client.util.Config.fromConfig(omKubeconfig.toString())),
              ns,
              Map.of());

      Map<String, String> rows = new LinkedHashMap<>();
      rows.put("bridge JVM options", String.join(" ", jvmOptions));
      try (ForkedOperator bridge =
          new ForkedOperator(
              jar,
              jvmOptions,
              List.of("bridge", "--listen", "127.0.0.1:" + port, "--metrics-port", "0"),
              bridgeEnv,
              work.resolve("bridge.log"))) {
        long serving = bridge.awaitServing(port);
        rows.put(
            "start to serving (process start → first HTTP answer)",
            Percentiles.duration(serving - bridge.startedNanos)
                + String.format(" (%.2f s of CPU)", bridge.cpuNanos() / 1e9));
        long t0 = System.nanoTime();
        om.upsert("openmetadata-database-first-password", "first");
        rows.put("first write (cold: identity, JIT)", Percentiles.duration(System.nanoTime() - t0));
        Thread.sleep(5000);
        rows.put(
            "idle: RSS / heap after GC",
            mib(bridge.procStatus("VmRSS")) + " / " + mib(bridge.heapAfterGc()));

        // Warm-up at the same rate, not measured: the sidecar's steady state, after the JIT.
        Load warm = new Load(om, rate, warmup, "warm");
        warm.run();
        rows.put("warm-up (not measured)", warm.outcome());
        Load load = new Load(om, rate, seconds, "bench");
        CpuAccount machine =
            new CpuAccount(kubeconfig.toAbsolutePath().getParent().resolve("pids"));
        rows.put(
            "waited for the machine to quiet down",
            Percentiles.duration(machine.awaitIdle(0.5, Duration.ofMinutes(3)).toNanos()));
        CpuAccount.Sample m0 = machine.sample();
        long cpu0 = bridge.cpuNanos();
        AtomicLong peakRss = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
            () -> {
              try {
                peakRss.accumulateAndGet(bridge.procStatus("VmRSS"), Math::max);
              } catch (Exception e) {
                // the process ended; the load reports the failures
              }
            },
            0,
            500,
            TimeUnit.MILLISECONDS);
        load.run();
        sampler.shutdownNow();
        long cpu1 = bridge.cpuNanos();
        CpuAccount.Sample m1 = machine.sample();
        String heapUnderLoad = mib(bridge.heapUsed());
        rows.put(
            String.format(
                "load: %.0f writes/s for %d s, half creates, half read-then-replaces",
                rate, seconds),
            load.outcome());
        rows.put("create → Secret readable", new Percentiles(load.creates).summary(50, 95, 99));
        rows.put(
            "read-then-replace → Secret readable",
            new Percentiles(load.replaces).summary(50, 95, 99));
        List<Long> all = new ArrayList<>(load.creates);
        all.addAll(load.replaces);
        rows.put("any write → Secret readable", new Percentiles(all).summary(50, 95, 99));
        rows.put(
            "under load: peak RSS / heap in use at the end / heap after GC",
            mib(peakRss.get()) + " / " + heapUnderLoad + " / " + mib(bridge.heapAfterGc()));
        rows.put(
            "bridge CPU per write",
            String.format("%.1f ms", (cpu1 - cpu0) / 1e6 / Math.max(1, load.done.get())));
        rows.put("VmHWM (peak RSS of the process)", mib(bridge.procStatus("VmHWM")));
        rows.put(
            "CPU during the load (bench JVM = operator + client + bridge)",
            CpuAccount.describe(m0, m1));
      }
      rows.forEach((k, v) -> System.out.printf("%-70s %s%n", k, v));
    } finally {
      admin.namespaces().withName(ns).delete();
      admin.namespaces().withName(operatorNs).delete();
      admin.close();
    }
    System.exit(0);
  }

  /** An open-loop load: a write every 1/rate s whatever the previous ones are doing. */
  private static final class Load {
    private static final int REPLACE_LAG = 21;
    final List<Long> creates = Collections.synchronizedList(new ArrayList<>());
    final List<Long> replaces = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    /**
     * Failures by HTTP code (or exception class when no response came), to tell timeouts from
     * refusals.
     */
    final Map<String, AtomicInteger> failures = new ConcurrentSkipListMap<>();

    private final OpenMetadataServerCalls om;
    private final double rate;
    private final int seconds;
    private final String tag;

    Load(OpenMetadataServerCalls om, double rate, int seconds, String tag) {
      this.om = om;
      this.rate = rate;
      this.seconds = seconds;
      this.tag = tag;
    }

    void run() throws InterruptedException {
      ExecutorService workers = Executors.newCachedThreadPool();
      long period = (long) (1e9 / rate);
      int total = (int) (rate * seconds);
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long due = start + i * period;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        int n = i;
        workers.submit(() -> write(n));
      }
      workers.shutdown();
      workers.awaitTermination(120, TimeUnit.SECONDS);
    }

    /**
     * Even: a new credential (create); odd: one created ~2 s earlier, again (read-then-replace), as
     * a user editing a connection; the first odd ones, with nothing that old yet, create too.
     */
    private void write(int i) {
      boolean create = i % 2 == 0 || i < REPLACE_LAG;
      String name =
          "openmetadata-database-" + tag + "-" + (create ? i : i - REPLACE_LAG) + "-password";
      try {
        long t0 = System.nanoTime();
        if (create) {
          om.store(name, "value-" + i);
        } else {
          om.update(name, "value-" + i);
        }
        (create ? creates : replaces).add(System.nanoTime() - t0);
        done.incrementAndGet();
      } catch (Exception e) {
        failed.incrementAndGet();
        String why =
            e instanceof ApiException api && api.getCode() > 0
                ? "HTTP " + api.getCode()
                : e.getClass().getSimpleName();
        failures.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
      }
    }

    String outcome() {
      return done.get()
          + " writes, "
          + failed.get()
          + " failed"
          + (failures.isEmpty() ? "" : " " + failures);
    }
  }

  /** A kubeconfig for the server's ServiceAccount, as the pod's token would authenticate it. */
  private static Path serverKubeconfig(KubernetesClient admin, String ns, Path work)
      throws Exception {
    Config config;
    try (KubernetesClient server = ControlPlane.clientAs(admin, ns, SERVER_SA)) {
      config = server.getConfiguration();
    }
    String ca =
        config.getCaCertData() != null
            ? config.getCaCertData()
            : Base64.getEncoder()
                .encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
    Path file = work.resolve("bridge-kubeconfig");
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{name: c, cluster: {server: '"
                + config.getMasterUrl()
                + "', certificate-authority-data: "
                + ca
                + "}}]",
            "users: [{name: u, user: {token: " + config.getOauthToken() + "}}]",
            "contexts: [{name: x, context: {cluster: c, user: u, namespace: " + ns + "}}]",
            "current-context: x",
            ""),
        StandardCharsets.UTF_8);
    return file;
  }

  private static String namespace(KubernetesClient admin, String name) {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / 1048576.0);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "usage: --kubeconfig FILE [--rate 10] [--seconds 60] [--jar FILE]"
                + " [--warmup-seconds 20] [--jvm-options '...']");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
