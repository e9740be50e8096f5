package org.openmetadata.secrets.bench;

import static org.openmetadata.secrets.bench.Benchmark.createWithRetry;
import static org.openmetadata.secrets.bench.Benchmark.fmt;
import static org.openmetadata.secrets.bench.Benchmark.log;
import static org.openmetadata.secrets.bench.Benchmark.mib;
import static org.openmetadata.secrets.bench.Benchmark.parallel;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.openmetadata.secrets.naming.InvalidSecretNameException;
import org.openmetadata.secrets.naming.SecretNaming;

/**
 * The peer benchmark of issue 13: Bitnami sealed-secrets, External Secrets Operator and this
 * operator, one at a time on the same API server, each turning N new resources into Secrets under
 * the same load (C concurrent creators), next to raw Secret creates (the ceiling). Per controller:
 * Secrets/s, the ratio to raw, its process's CPU per object and peak RSS (from /proc), the API
 * server's count of writes per object ({@code apiserver_request_total}), and a restart over the N
 * existing objects (time until its CPU is quiet, the CPU, the writes). A program, not a test: run
 * it with {@code hack/bench-peers.sh}, which builds the peers ({@code hack/build-peers.sh}) and
 * starts the control plane. Talks to 127.0.0.1 only.
 */
public final class PeerBenchmark {

  static final String USAGE =
      """
      usage: PeerBenchmark --kubeconfig PATH --peers DIR [options]
        --peers DIR            what hack/build-peers.sh built (the peers' binaries)
        --n N                  resources per tuned run (default 10000)
        --n-defaults N         resources per run of a peer at its shipped defaults, whose client limiter
                               makes N slow (default 300)
        --runs LIST            which rows, in order (default %s)
        --concurrency C        creating threads (default 16)
        --warmup W             unmeasured resources before each run, at most N/5 of it (default 500)
        --jar PATH             this operator's jar (default target/om-secrets-operator.jar)
        --fork-jvm-options S   its JVM options (default "%s": the chart's pod)
        --work-dir PATH        logs and the sealed-secrets controller's private token dir (default target/bench-peers)
        --timeout SECONDS      per wait (default 1800)
        --restarts K           restarts over the existing resources per run; the table gives their
                               medians, the notes every one (default 1)
        --restart-variant S    this operator only: after each restart, one more with these JVM options
                               added; the notes give both sides' medians (A/B on the same resources)
        --operator-env LIST    this operator only: extra settings, comma-separated K=V, e.g.
                               OM_SM_WRITE_RATE=600,OM_SM_WRITE_BURST=600 (default none: its defaults)
      """
          .formatted(String.join(",", Run.ALL), Options.DEFAULT_FORK_JVM_OPTIONS);

  record Opts(
      Path kubeconfig,
      Path peers,
      int n,
      int nDefaults,
      List<String> runs,
      int concurrency,
      int warmup,
      Path jar,
      List<String> forkJvm,
      Path workDir,
      Duration timeout,
      int restarts,
      List<String> restartVariant,
      Map<String, String> operatorEnv) {

    static Opts parse(String[] args) {
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--help") || args[i].equals("-h")) {
          System.out.print(USAGE);
          System.exit(0);
        }
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("bad argument " + args[i] + "\n" + USAGE);
        }
        m.put(args[i].substring(2), args[++i]);
      }
      Opts o =
          new Opts(
              Path.of(req(m, "kubeconfig")),
              Path.of(req(m, "peers")),
              Integer.parseInt(m.getOrDefault("n", "10000")),
              Integer.parseInt(m.getOrDefault("n-defaults", "300")),
              List.of(m.getOrDefault("runs", String.join(",", Run.ALL)).split(",")),
              Integer.parseInt(m.getOrDefault("concurrency", "16")),
              Integer.parseInt(m.getOrDefault("warmup", "500")),
              Path.of(m.getOrDefault("jar", "target/om-secrets-operator.jar")),
              List.of(
                  m.getOrDefault("fork-jvm-options", Options.DEFAULT_FORK_JVM_OPTIONS)
                      .trim()
                      .split("\\s+")),
              Path.of(m.getOrDefault("work-dir", "target/bench-peers")).toAbsolutePath(),
              Duration.ofSeconds(Long.parseLong(m.getOrDefault("timeout", "1800"))),
              Integer.parseInt(m.getOrDefault("restarts", "1")),
              m.getOrDefault("restart-variant", "").isBlank()
                  ? List.of()
                  : List.of(m.get("restart-variant").trim().split("\\s+")),
              settings(m.getOrDefault("operator-env", "")));
      m.keySet()
          .removeAll(
              Set.of(
                  "kubeconfig",
                  "peers",
                  "n",
                  "n-defaults",
                  "runs",
                  "concurrency",
                  "warmup",
                  "jar",
                  "fork-jvm-options",
                  "work-dir",
                  "timeout",
                  "restarts",
                  "restart-variant",
                  "operator-env"));
      if (!m.isEmpty()) {
        throw new IllegalArgumentException("unknown options " + m.keySet() + "\n" + USAGE);
      }
      o.runs.forEach(
          r -> {
            if (!Run.ALL.contains(r)) {
              throw new IllegalArgumentException("unknown run " + r + "; known: " + Run.ALL);
            }
          });
      return o;
    }

    /** {@code K=V,K2=V2} as a map; empty for none. */
    static Map<String, String> settings(String list) {
      Map<String, String> env = new LinkedHashMap<>();
      for (String kv : list.split(",")) {
        if (kv.isBlank()) {
          continue;
        }
        int eq = kv.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException("--operator-env needs K=V, not " + kv);
        }
        env.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
      }
      return Map.copyOf(env);
    }

    private static String req(Map<String, String> m, String k) {
      String v = m.get(k);
      if (v == null) {
        throw new IllegalArgumentException("--" + k + " is required\n" + USAGE);
      }
      return v;
    }
  }

  /** The rows: what runs, with which flags, over how many resources. */
  record Run(String key, String label, boolean defaults) {
    static final List<String> ALL =
        List.of(
            "raw",
            "ss-defaults",
            "ss-tuned",
            "eso-defaults",
            "eso-tuned",
            "eso-tuned-cached",
            "oms-sealed",
            "oms-plain");

    /**
     * @param settings this operator's --operator-env, named in its rows' labels
     */
    static Run of(String key, Map<String, String> settings) {
      String how =
          settings.isEmpty()
              ? "its defaults"
              : new TreeMap<>(settings)
                  .entrySet().stream()
                      .map(e -> e.getKey() + "=" + e.getValue())
                      .collect(Collectors.joining(", "));
      return switch (key) {
        case "raw" -> new Run(key, "raw Secret creates (ceiling)", false);
        case "ss-defaults" ->
            new Run(key, "sealed-secrets v0.40.0, its defaults (client QPS 5, burst 10)", true);
        case "ss-tuned" ->
            new Run(key, "sealed-secrets v0.40.0, client limiter off (--kubeclient-qps -1)", false);
        case "eso-defaults" ->
            new Run(key, "ESO v0.16.2 fake provider, its defaults (1 worker, QPS 50)", true);
        case "eso-tuned" -> new Run(key, "ESO, 16 workers, limiter off", false);
        case "eso-tuned-cached" ->
            new Run(key, "ESO, 16 workers, limiter off, --enable-secrets-caching", false);
        case "oms-sealed" ->
            new Run(key, "om-secrets-operator, sealed values (" + how + ")", false);
        case "oms-plain" -> new Run(key, "om-secrets-operator, plain values (" + how + ")", false);
        default -> throw new IllegalArgumentException(key);
      };
    }
  }

  private final Opts o;
  private final Config config;
  private final KubernetesClient client;
  private final CpuAccount machine;
  private final String id = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private final List<String> table = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private double rawRate = -1;

  private PeerBenchmark(Opts o) {
    this.o = o;
    this.config = Config.fromKubeconfig(o.kubeconfig().toFile());
    this.client = Benchmark.client(config, null);
    this.machine = new CpuAccount(o.kubeconfig().toAbsolutePath().getParent().resolve("pids"));
  }

  public static void main(String[] args) throws Exception {
    Opts o;
    try {
      o = Opts.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    new PeerBenchmark(o).run();
    System.exit(0);
  }

  private void run() throws Exception {
    Instant began = Instant.now();
    Files.createDirectories(o.workDir());
    String header =
        String.format(
            "== peers on one API server (%s, Kubernetes %s) | %d CPUs, %s RAM, Java %s"
                + " | %d creating threads, warm-up %d | this operator's JVM: %s%s ==",
            config.getMasterUrl(),
            client.getKubernetesVersion().getGitVersion(),
            Runtime.getRuntime().availableProcessors(),
            Benchmark.memTotal(),
            System.getProperty("java.version"),
            o.concurrency(),
            o.warmup(),
            String.join(" ", o.forkJvm()),
            o.operatorEnv().isEmpty() ? "" : ", settings " + o.operatorEnv());
    System.out.println(header);
    table.add(
        "| controller | N | Secrets/s | ÷ raw | CPU per object | peak RSS | writes per object"
            + " | restart: ready / quiet | restart CPU | restart writes | load avg (1 min) at start, end |");
    table.add("|---|---|---|---|---|---|---|---|---|---|---|");
    for (String key : o.runs()) {
      Run r = Run.of(key, o.operatorEnv());
      int n = r.defaults() ? o.nDefaults() : o.n();
      try {
        measure(r, n);
      } catch (Exception e) {
        log("%s failed: %s", key, e);
        table.add(
            "| "
                + r.label()
                + " | "
                + n
                + " | FAILED: "
                + e.getMessage().replace('|', '/')
                + " |||||||||");
      }
      System.out.println(table.get(table.size() - 1));
      System.out.flush();
    }
    System.out.println();
    System.out.println(header);
    System.out.println(
        "(started "
            + began
            + ", "
            + Duration.between(began, Instant.now()).toSeconds()
            + " s in all)");
    System.out.println();
    table.forEach(System.out::println);
    System.out.println();
    notes.forEach(System.out::println);
  }

  private void measure(Run r, int n) throws Exception {
    // The previous row's deleted objects keep kube-controller-manager's garbage collector busy
    // after its
    // namespace is gone (a GET per orphaned Secret); a row must not pay for that.
    log(
        "%s: control plane settled after %s",
        r.key(), Benchmark.seconds(machine.awaitSettled(0.15, Duration.ofMinutes(5)).toNanos()));
    String ns = "peers-" + r.key() + "-" + id;
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    String load0 = loadAverage();
    if (r.key().equals("raw")) {
      raw(r, ns, n, load0);
      return;
    }
    Peer peer =
        switch (r.key()) {
          case "ss-defaults" -> new SealedSecrets(List.of());
          case "ss-tuned" -> new SealedSecrets(List.of("--kubeclient-qps=-1"));
          case "eso-defaults" -> new Eso(List.of());
          case "eso-tuned" -> new Eso(List.of("--concurrent=16", "--client-qps=-1"));
          case "eso-tuned-cached" ->
              new Eso(List.of("--concurrent=16", "--client-qps=-1", "--enable-secrets-caching"));
          case "oms-sealed" -> new Oms(true);
          case "oms-plain" -> new Oms(false);
          default -> throw new IllegalArgumentException(r.key());
        };
    log("%s: starting in namespace %s", r.key(), ns);
    ProcessHandle process = peer.start(ns);
    try (SecretWatch secrets = new SecretWatch(client, ns)) {
      int w = Math.min(o.warmup(), n / 5);
      if (w > 0) {
        log("%s: warm-up, %d resources (not measured)", r.key(), w);
        createAll(peer, ns, "w-", w, secrets);
        awaitQuiet(process);
      }
      List<GenericKubernetesResource> inputs = peer.inputs(ns, "s-", n);
      Map<String, Long> req0 = ApiServerRequests.snapshot(client);
      CpuAccount.Sample m0 = machine.sample();
      long cpu0 = cpuNanos(process);
      log("%s: %d resources", r.key(), n);
      long t0 = System.nanoTime();
      Benchmark.Load created =
          parallel(
              n,
              o.concurrency(),
              0,
              i -> createWithRetry(() -> client.resource(inputs.get(i)).inNamespace(ns).create()));
      Set<String> names = names(peer, "s-", n);
      boolean all = secrets.await(names, o.timeout());
      long converged = secrets.last(names) - t0;
      long quiet = awaitQuiet(process);
      long cpu = cpuNanos(process) - cpu0;
      CpuAccount.Sample m1 = machine.sample();
      Map<String, Long> pass = RequestCounter.diff(ApiServerRequests.snapshot(client), req0);
      // The load generator's own creates are not the controller's writes.
      String created0 = "POST " + peer.resource();
      pass.computeIfPresent(created0, (k, v) -> v == created.done() ? null : v - created.done());
      long hwm = procStatus(process.pid(), "VmHWM");
      double rate = secrets.count(names) / (converged / 1e9);
      peer.stop();
      notes.add(
          String.format(
              "%s (N = %,d): creates took %s; until quiet %s; writes %s; reads %s; CPU in the pass: %s",
              r.label(),
              n,
              Benchmark.seconds(created.nanos()),
              Benchmark.seconds(quiet - t0),
              ApiServerRequests.describe(pass, true),
              ApiServerRequests.describe(pass, false),
              CpuAccount.describe(m0, m1)));

      List<Restart> restarts = new ArrayList<>();
      List<Restart> variant = new ArrayList<>();
      for (int k = 1; k <= o.restarts(); k++) {
        log("%s: restart %d of %d over %d existing resources", r.key(), k, o.restarts(), n + w);
        restarts.add(restart(peer, ns));
        if (!o.restartVariant().isEmpty() && peer instanceof Oms oms) {
          oms.extraJvm = o.restartVariant();
          variant.add(restart(peer, ns));
          oms.extraJvm = List.of();
        }
      }
      if (!variant.isEmpty()) {
        notes.add(
            String.format(
                "%s restarts over %,d with %s added, each after one without: median %s; each: %s",
                r.label(),
                n + w,
                String.join(" ", o.restartVariant()),
                Restart.median(variant),
                variant.stream().map(Restart::toString).collect(Collectors.joining("; "))));
      }
      notes.add(
          String.format(
              "%s restarts over %,d (ready / quiet, CPU, writes): %s; reads of the last: %s",
              r.label(),
              n + w,
              restarts.stream().map(Restart::toString).collect(Collectors.joining("; ")),
              ApiServerRequests.describe(restarts.get(restarts.size() - 1).requests(), false)));
      Restart median = Restart.median(restarts);

      table.add(
          String.format(
              "| %s | %,d | %s%s | %s | %.1f ms | %s | %.2f | %.1f s / %.1f s | %.1f s | %d | %s, %s |",
              r.label(),
              n,
              fmt(rate),
              all ? "" : " (TIMED OUT: " + secrets.count(names) + ")",
              rawRate > 0 ? String.format("%.3f", rate / rawRate) : "–",
              cpu / 1e6 / n,
              mib(hwm),
              ApiServerRequests.writes(pass) / (double) n,
              median.ready() / 1e9,
              median.quiet() / 1e9,
              median.cpu() / 1e9,
              ApiServerRequests.writes(median.requests()),
              load0,
              loadAverage()));
    } finally {
      peer.stop();
      clean(ns, peer.resource());
    }
  }

  /** One restart of a stopped controller over the resources it converged: times in nanoseconds. */
  record Restart(long ready, long quiet, long cpu, Map<String, Long> requests, String threads) {
    /** Each figure's own median (the upper one of an even count), so one slow start moves none. */
    static Restart median(List<Restart> all) {
      int m = all.size() / 2;
      return new Restart(
          all.stream().mapToLong(Restart::ready).sorted().skip(m).findFirst().orElseThrow(),
          all.stream().mapToLong(Restart::quiet).sorted().skip(m).findFirst().orElseThrow(),
          all.stream().mapToLong(Restart::cpu).sorted().skip(m).findFirst().orElseThrow(),
          all.stream()
              .max(Comparator.comparingLong(x -> ApiServerRequests.writes(x.requests())))
              .orElseThrow()
              .requests(),
          "");
    }

    @Override
    public String toString() {
      return String.format(
          "%.1f / %.1f s, %.2f s, %d%s",
          ready / 1e9,
          quiet / 1e9,
          cpu / 1e9,
          ApiServerRequests.writes(requests),
          threads.isEmpty() ? "" : " (" + threads + ")");
    }
  }

  private Restart restart(Peer peer, String ns) throws Exception {
    Map<String, Long> req1 = ApiServerRequests.snapshot(client);
    long s0 = System.nanoTime();
    ProcessHandle again = peer.start(ns);
    long ready = System.nanoTime() - s0;
    long quiet = awaitQuiet(again) - s0;
    long cpu = cpuNanos(again);
    Map<String, Long> requests = RequestCounter.diff(ApiServerRequests.snapshot(client), req1);
    String threads = CpuAccount.topThreads(Map.of(), CpuAccount.threadCpuNanos(again.pid()), 6);
    String work = peer.work();
    if (!work.isEmpty()) {
      threads = work + "; " + threads;
    }
    peer.stop();
    return new Restart(ready, quiet, cpu, requests, threads);
  }

  /**
   * N plain Secrets, same size and creators: the ceiling every controller's Secrets/s is divided
   * by.
   */
  private void raw(Run r, String ns, int n, String load0) throws Exception {
    log("raw: %d Secrets", n);
    int w = Math.min(o.warmup(), n / 5);
    parallel(
        w,
        o.concurrency(),
        0,
        i -> createWithRetry(() -> client.resource(secret(ns, "w-" + i, i)).create()));
    CpuAccount.Sample m0 = machine.sample();
    Benchmark.Load l =
        parallel(
            n,
            o.concurrency(),
            0,
            i -> createWithRetry(() -> client.resource(secret(ns, "s-" + i, i)).create()));
    rawRate = l.rate();
    notes.add(
        String.format(
            "%s (N = %,d): CPU in the pass: %s",
            r.label(), n, CpuAccount.describe(m0, machine.sample())));
    table.add(
        String.format(
            "| %s | %,d | %s | 1 | – | – | – | – | – | – | %s, %s |",
            r.label(), n, fmt(rawRate), load0, loadAverage()));
    clean(ns, "secrets");
  }

  private static Secret secret(String ns, String name, int i) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withType("Opaque")
        .addToData(
            "value", Base64.getEncoder().encodeToString(value(i).getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  static String value(int i) {
    return Benchmark.Scenario.value(i);
  }

  private void createAll(Peer peer, String ns, String prefix, int count, SecretWatch secrets)
      throws Exception {
    List<GenericKubernetesResource> inputs = peer.inputs(ns, prefix, count);
    parallel(
        count,
        o.concurrency(),
        0,
        i -> createWithRetry(() -> client.resource(inputs.get(i)).inNamespace(ns).create()));
    if (!secrets.await(names(peer, prefix, count), o.timeout())) {
      throw new IllegalStateException(
          "warm-up timed out: " + secrets.count(names(peer, prefix, count)) + " of " + count);
    }
  }

  private static Set<String> names(Peer peer, String prefix, int count) {
    Set<String> s = new HashSet<>();
    for (int i = 0; i < count; i++) {
      s.add(peer.secretName(prefix, i));
    }
    return s;
  }

  /**
   * Waits until the process has used under 50 ms of CPU in each of 3 consecutive seconds and the
   * API server has seen no write in them (capped by the timeout); returns when it was last busy.
   */
  private long awaitQuiet(ProcessHandle p) {
    long deadline = System.nanoTime() + o.timeout().toNanos();
    long lastBusy = System.nanoTime();
    long cpu = cpuNanos(p);
    long writes = ApiServerRequests.writes(ApiServerRequests.snapshot(client));
    int calm = 0;
    while (calm < 3 && System.nanoTime() < deadline && p.isAlive()) {
      LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      long c = cpuNanos(p);
      long w = ApiServerRequests.writes(ApiServerRequests.snapshot(client));
      if (c - cpu >= 50_000_000L || w != writes) {
        calm = 0;
        lastBusy = System.nanoTime();
      } else {
        calm++;
      }
      cpu = c;
      writes = w;
    }
    return lastBusy;
  }

  /**
   * The controller stopped: its resources, their Secrets, then the namespace, before the next row.
   */
  private void clean(String ns, String resource) {
    long t0 = System.nanoTime();
    if (!resource.equals("secrets")) {
      String[] gv = Peer.GROUP_VERSIONS.get(resource);
      client.genericKubernetesResources(gv[0], gv[1]).inNamespace(ns).delete();
    }
    client.secrets().inNamespace(ns).delete();
    client.namespaces().withName(ns).delete();
    client.namespaces().withName(ns + "-op").delete(); // this operator's own, when it ran
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while ((client.namespaces().withName(ns).get() != null
            || client.namespaces().withName(ns + "-op").get() != null)
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
    log("namespace %s deleted in %s", ns, Benchmark.seconds(System.nanoTime() - t0));
  }

  static long cpuNanos(ProcessHandle p) {
    return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  static long procStatus(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** One controller: its process, its input resources, the Secret each one yields. */
  abstract class Peer {
    static final Map<String, String[]> GROUP_VERSIONS =
        Map.of(
            "sealedsecrets", new String[] {"bitnami.com/v1alpha1", "SealedSecret"},
            "externalsecrets", new String[] {"external-secrets.io/v1", "ExternalSecret"},
            "openmetadatasecrets",
                new String[] {"secrets.open-metadata.org/v1alpha1", "OpenMetadataSecret"});

    private Process process;
    final HttpClient http = HttpClient.newHttpClient();

    /** Starts the controller for namespace {@code ns} and returns once it serves; its process. */
    abstract ProcessHandle start(String ns) throws Exception;

    /** The plural of its input resource, as the API server's metrics name it. */
    abstract String resource();

    /** What the running controller says it did besides its API requests, for a restart's notes. */
    String work() throws Exception {
      return "";
    }

    /**
     * Input resources {@code prefix0 .. prefix(count-1)}, sealed where the controller wants that.
     */
    abstract List<GenericKubernetesResource> inputs(String ns, String prefix, int count)
        throws Exception;

    String secretName(String prefix, int i) {
      return prefix + i;
    }

    ProcessHandle launch(List<String> command, Map<String, String> env, String logName)
        throws IOException {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(o.workDir().resolve(logName).toFile()));
      pb.environment().keySet().removeIf(k -> k.startsWith("KUBE"));
      pb.environment().putAll(env);
      process = pb.start();
      return process.toHandle();
    }

    void stop() throws InterruptedException {
      if (process != null && process.isAlive()) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }

    /** GETs {@code url} until it answers 200, for at most the timeout; the body. */
    String awaitHttp(String url) throws Exception {
      long deadline = System.nanoTime() + o.timeout().toNanos();
      while (true) {
        if (process != null && !process.isAlive()) {
          throw new IllegalStateException("controller exited; see " + o.workDir());
        }
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return r.body();
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no answer from " + url);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
    }

    List<GenericKubernetesResource> build(int count, IntFunction<GenericKubernetesResource> f) {
      List<GenericKubernetesResource> l = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        l.add(f.apply(i));
      }
      return l;
    }
  }

  /**
   * Bitnami sealed-secrets' controller. It reads only in-cluster config, so it gets what a pod
   * would see: a ServiceAccount token and the API server's CA at
   * /var/run/secrets/kubernetes.io/serviceaccount, from a private directory bound over /run in a
   * mount namespace of its own (nothing on the host changes), and KUBERNETES_SERVICE_HOST/PORT of
   * the loopback API server. Its inputs are sealed to the certificate it serves, by sealed-secrets'
   * own sealing code (seal-many).
   */
  final class SealedSecrets extends Peer {
    private final List<String> flags;
    private String cert;
    private boolean provisioned;

    SealedSecrets(List<String> flags) {
      this.flags = flags;
    }

    @Override
    String resource() {
      return "sealedsecrets";
    }

    @Override
    ProcessHandle start(String ns) throws Exception {
      Path run = o.workDir().resolve("sealed-secrets-run");
      if (!provisioned) {
        // Before the measured passes: these writes are the benchmark's, not the controller's.
        provision(run);
        provisioned = true;
      }
      URI api = URI.create(config.getMasterUrl());
      int port = freePort();
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  "unshare",
                  "--mount",
                  "--propagation",
                  "private",
                  "sh",
                  "-c",
                  "mount --bind \"$0\" /run && exec \"$@\"",
                  run.toString(),
                  o.peers().resolve("sealed-secrets-controller").toString(),
                  "--listen-addr=127.0.0.1:" + port,
                  "--listen-metrics-addr=127.0.0.1:" + freePort()));
      cmd.addAll(flags);
      ProcessHandle p =
          launch(
              cmd,
              Map.of(
                  "KUBERNETES_SERVICE_HOST",
                  api.getHost(),
                  "KUBERNETES_SERVICE_PORT",
                  Integer.toString(api.getPort()),
                  "POD_NAMESPACE",
                  "kube-system"),
              "sealed-secrets.log");
      cert = awaitHttp("http://127.0.0.1:" + port + "/v1/cert.pem");
      return p;
    }

    /**
     * A ServiceAccount (bound to cluster-admin), its token, the CA and the namespace, as a pod sees
     * them.
     */
    private void provision(Path run) throws IOException {
      Path sa = run.resolve("secrets/kubernetes.io/serviceaccount");
      Files.createDirectories(sa);
      Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
      client
          .serviceAccounts()
          .inNamespace("kube-system")
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("sealed-secrets-controller")
                  .withNamespace("kube-system")
                  .endMetadata()
                  .build())
          .serverSideApply();
      client
          .rbac()
          .clusterRoleBindings()
          .resource(
              new ClusterRoleBindingBuilder()
                  .withNewMetadata()
                  .withName("bench-sealed-secrets-controller")
                  .endMetadata()
                  .withNewRoleRef()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("ClusterRole")
                  .withName("cluster-admin")
                  .endRoleRef()
                  .addNewSubject()
                  .withKind("ServiceAccount")
                  .withName("sealed-secrets-controller")
                  .withNamespace("kube-system")
                  .endSubject()
                  .build())
          .serverSideApply();
      String token =
          client
              .serviceAccounts()
              .inNamespace("kube-system")
              .withName("sealed-secrets-controller")
              .tokenRequest(
                  new TokenRequestBuilder()
                      .withNewSpec()
                      .withExpirationSeconds(86400L)
                      .endSpec()
                      .build())
              .getStatus()
              .getToken();
      Files.writeString(sa.resolve("token"), token);
      Files.writeString(sa.resolve("namespace"), "kube-system");
      Files.write(sa.resolve("ca.crt"), caCert());
    }

    private byte[] caCert() throws IOException {
      if (config.getCaCertData() != null) {
        return Base64.getDecoder().decode(config.getCaCertData());
      }
      return Files.readAllBytes(Path.of(config.getCaCertFile()));
    }

    @Override
    List<GenericKubernetesResource> inputs(String ns, String prefix, int count) throws Exception {
      Path certFile = o.workDir().resolve("sealed-secrets-cert.pem");
      Files.writeString(certFile, cert);
      Process seal =
          new ProcessBuilder(
                  o.peers().resolve("seal-many").toString(),
                  "-cert",
                  certFile.toString(),
                  "-namespace",
                  ns,
                  "-prefix",
                  prefix,
                  "-count",
                  Integer.toString(count))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      List<GenericKubernetesResource> l = new ArrayList<>(count);
      try (var lines =
          new String(seal.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()) {
        lines.forEach(
            line ->
                l.add(
                    client
                        .getKubernetesSerialization()
                        .unmarshal(line, GenericKubernetesResource.class)));
      }
      if (seal.waitFor() != 0 || l.size() != count) {
        throw new IllegalStateException("seal-many failed");
      }
      return l;
    }
  }

  /**
   * External Secrets Operator with only its fake provider: one SecretStore holding one 40-byte
   * value.
   */
  final class Eso extends Peer {
    private final List<String> flags;
    private boolean storeReady;

    Eso(List<String> flags) {
      this.flags = flags;
    }

    @Override
    String resource() {
      return "externalsecrets";
    }

    @Override
    ProcessHandle start(String ns) throws Exception {
      int port = freePort();
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  o.peers().resolve("external-secrets").toString(),
                  "--metrics-addr=127.0.0.1:" + port));
      cmd.addAll(flags);
      ProcessHandle p =
          launch(
              cmd,
              Map.of("KUBECONFIG", o.kubeconfig().toAbsolutePath().toString()),
              "external-secrets.log");
      awaitHttp("http://127.0.0.1:" + port + "/metrics");
      if (storeReady) {
        return p; // a restart: the store is there, and its apply would count as the controller's
        // write
      }
      GenericKubernetesResource store =
          client
              .getKubernetesSerialization()
              .unmarshal(
                  """
          {"apiVersion": "external-secrets.io/v1", "kind": "SecretStore",
           "metadata": {"name": "bench", "namespace": "%s"},
           "spec": {"provider": {"fake": {"data": [{"key": "bench", "value": "%s"}]}}}}
          """
                      .formatted(ns, value(0)),
                  GenericKubernetesResource.class);
      client.resource(store).serverSideApply();
      client
          .genericKubernetesResources("external-secrets.io/v1", "SecretStore")
          .inNamespace(ns)
          .withName("bench")
          .waitUntilCondition(
              s -> String.valueOf(s.getAdditionalProperties().get("status")).contains("type=Ready"),
              o.timeout().toSeconds(),
              TimeUnit.SECONDS);
      storeReady = true;
      return p;
    }

    @Override
    List<GenericKubernetesResource> inputs(String ns, String prefix, int count) {
      return build(
          count,
          i ->
              client
                  .getKubernetesSerialization()
                  .unmarshal(
                      """
          {"apiVersion": "external-secrets.io/v1", "kind": "ExternalSecret",
           "metadata": {"name": "%1$s", "namespace": "%2$s"},
           "spec": {"secretStoreRef": {"name": "bench", "kind": "SecretStore"}, "target": {"name": "%1$s"},
                    "data": [{"secretKey": "value", "remoteRef": {"key": "bench"}}]}}
          """
                          .formatted(prefix + i, ns),
                      GenericKubernetesResource.class));
    }
  }

  /** This operator's jar as its own process, with the chart's JVM settings and its own defaults. */
  final class Oms extends Peer {
    /** JVM options added to the fork's, for {@code --restart-variant}. */
    List<String> extraJvm = List.of();

    private final boolean sealed;
    private ForkedOperator fork;
    private String opNs;
    private PublicKey key;
    private SecretNaming naming;

    Oms(boolean sealed) {
      this.sealed = sealed;
    }

    @Override
    String resource() {
      return "openmetadatasecrets";
    }

    private Map<String, String> env(String ns) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("OM_SM_NAMESPACE", ns);
      env.put("OM_SM_OPERATOR_NAMESPACE", opNs);
      env.put("OM_SM_HTTP_PORT", "0");
      env.put("OM_SM_HEALTH_PORT", "0");
      env.put("OM_SM_ALLOW_PLAINTEXT", "true");
      env.put("OM_SM_KUBECONFIG_PATH", o.kubeconfig().toAbsolutePath().toString());
      env.put("OM_SM_LOG_LEVEL", "INFO");
      env.putAll(o.operatorEnv());
      return env;
    }

    /** A restart over unchanged resources opens and reads none of their values. */
    @Override
    String work() throws Exception {
      return String.format(
          "values opened %.0f, read %.0f",
          fork.metric("oms_sealed_values_opened_total"),
          fork.metric("oms_resource_value_reads_total"));
    }

    @Override
    ProcessHandle start(String ns) throws Exception {
      if (opNs == null) {
        // Its own key Secret and ConfigMap live apart, so only the resources' Secrets are in ns.
        opNs = ns + "-op";
        client
            .namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(opNs).endMetadata().build())
            .create();
      }
      fork =
          new ForkedOperator(
              o.jar(),
              Stream.concat(o.forkJvm().stream(), extraJvm.stream()).toList(),
              env(ns),
              o.workDir().resolve("operator-" + ns + ".log"));
      fork.port(o.timeout());
      if (sealed) {
        var cm =
            client
                .configMaps()
                .inNamespace(opNs)
                .withName(KeyRingStore.CONFIG_MAP_NAME)
                .waitUntilCondition(
                    c -> c != null && c.getData() != null,
                    o.timeout().toSeconds(),
                    TimeUnit.SECONDS);
        key = Pem.parsePublicKey(cm.getData().get(KeyRingStore.CERT_KEY));
      }
      return ProcessHandle.of(fork.pid()).orElseThrow();
    }

    @Override
    void stop() throws InterruptedException {
      if (fork != null) {
        fork.close();
        fork = null;
      }
    }

    @Override
    String secretName(String prefix, int i) {
      if (naming == null) {
        naming = OperatorConfig.from(env("x")).naming();
      }
      try {
        return naming.secretName("bench/" + prefix + i);
      } catch (InvalidSecretNameException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    List<GenericKubernetesResource> inputs(String ns, String prefix, int count) {
      return build(
          count,
          i -> {
            String name = prefix + i;
            String path = "bench/" + name;
            var cr =
                sealed
                    ? TestResources.withEncryptedValue(
                        ns,
                        name,
                        path,
                        Sealer.seal(
                            key,
                            new Scope(ns, name, path),
                            value(i).getBytes(StandardCharsets.UTF_8)))
                    : TestResources.withValue(ns, name, path, value(i));
            return client
                .getKubernetesSerialization()
                .unmarshal(
                    client.getKubernetesSerialization().asJson(cr),
                    GenericKubernetesResource.class);
          });
    }
  }

  /** First time each Secret of a namespace was seen (an informer). */
  static final class SecretWatch implements AutoCloseable {
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Secret> informer;

    SecretWatch(KubernetesClient client, String ns) {
      informer =
          client
              .secrets()
              .inNamespace(ns)
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Secret s) {
                      seen.putIfAbsent(s.getMetadata().getName(), System.nanoTime());
                    }

                    @Override
                    public void onUpdate(Secret a, Secret b) {}

                    @Override
                    public void onDelete(Secret s, boolean unknown) {}
                  },
                  0);
    }

    long count(Set<String> names) {
      return names.stream().filter(seen::containsKey).count();
    }

    boolean await(Set<String> names, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (count(names) < names.size()) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
      return true;
    }

    long last(Set<String> names) {
      return names.stream()
          .map(seen::get)
          .filter(t -> t != null)
          .mapToLong(Long::longValue)
          .max()
          .orElse(-1);
    }

    @Override
    public void close() {
      informer.close();
    }
  }
}
