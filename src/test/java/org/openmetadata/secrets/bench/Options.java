package org.openmetadata.secrets.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's command line. {@code --help} prints it. */
record Options(
    List<Integer> sizes,
    String target,
    Path kubeconfig,
    int concurrency,
    double rate,
    double pacedRate,
    int pacedMax,
    int pacedSeconds,
    int drift,
    double driftRate,
    boolean memory,
    Path jar,
    List<String> forkJvmOptions,
    int unrelatedKb,
    Duration timeout,
    Path workDir,
    boolean crBaseline,
    Duration waitIdle,
    Map<String, String> operatorEnv,
    int warmup,
    boolean fairness,
    double quietRate,
    int quietSeconds,
    boolean sealed) {

  /** The chart's pod: a 512Mi limit and the JAVA_TOOL_OPTIONS of the Dockerfile and the chart. */
  static final String DEFAULT_FORK_JVM_OPTIONS =
      "-XX:MaxRAM=512m -XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";

  static final String USAGE =
      """
      usage: Benchmark [options]
        --n LIST               resource counts, comma-separated (default 1000,10000)
        --target real|mock     real: the API server of --kubeconfig; mock: fabric8's in-memory server (default real)
        --kubeconfig PATH      kubeconfig of the real target (hack/bench.sh starts a control plane and passes it)
        --concurrency C        client threads for every create and delete (default 16)
        --rate R               offered CR create rate of the throughput pass, per second; 0 = as fast as C threads go (default 0)
        --paced-rate R         offered rate of the latency pass (default 100)
        --paced-max M          at most this many CRs in the latency pass (default 1000)
        --paced-seconds S      and at most S seconds of it (default 60)
        --warmup W             before measuring: W Secrets and W CRs (no operator), then W CRs with the operator
                               running, none of them measured, so the JIT has compiled the hot paths (default 1000)
        --drift K              managed Secrets deleted behind the operator's back (default 200)
        --drift-rate R         their delete rate per second; 0 = all at once with C threads (default 0)
        --no-memory            skip the forked-JVM heap/RSS measurement
        --sealed               the operator's resources carry spec.encryptedValue (the same 40-byte values, sealed to
                               the operator's published key) instead of spec.value
        --no-cr-baseline       skip creating N OpenMetadataSecrets with no operator running
        --jar PATH             the operator jar for the forked JVM (default target/om-secrets-operator.jar)
        --fork-jvm-options S   JVM options of the forked operator (default "%s")
        --unrelated-kb KB      size of each unrelated Secret of the memory check (default 50)
        --timeout SECONDS      per phase (default 1800)
        --operator-env K=V     an extra operator setting, e.g. OM_SM_WRITE_RATE=300 (repeatable; in-process and forked)
        --wait-idle SECONDS    before each phase, wait up to this long for other processes to use < 0.1 core (default 0)
        --work-dir PATH        logs of the forked operator, the mock's kubeconfig (default target/bench)
        --fairness             instead of the scale phases: a flood of N creates in one namespace (as fast as C
                               threads go) while another namespace creates at --quiet-rate; prints the quiet
                               namespace's create->Ready alone and during the flood
        --quiet-rate R         the quiet namespace's create rate per second (default 2)
        --quiet-seconds S      the quiet pass's length (default 30)
      """
          .formatted(DEFAULT_FORK_JVM_OPTIONS);

  static Options parse(String[] args) {
    List<Integer> sizes = List.of(1000, 10000);
    String target = "real";
    Path kubeconfig = null;
    int concurrency = 16;
    double rate = 0;
    double pacedRate = 100;
    int pacedMax = 1000;
    int pacedSeconds = 60;
    int drift = 200;
    int warmup = 1000;
    double driftRate = 0;
    boolean memory = true;
    boolean crBaseline = true;
    Path jar = Path.of("target", "om-secrets-operator.jar");
    String forkOpts = DEFAULT_FORK_JVM_OPTIONS;
    int unrelatedKb = 50;
    Duration timeout = Duration.ofSeconds(1800);
    Duration waitIdle = Duration.ZERO;
    Map<String, String> operatorEnv = new LinkedHashMap<>();
    Path workDir = Path.of("target", "bench");
    boolean fairness = false;
    double quietRate = 2;
    int quietSeconds = 30;
    boolean sealed = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (name.equals("--help") || name.equals("-h")) {
        System.out.print(USAGE);
        System.exit(0);
      }
      if (name.equals("--no-cr-baseline")) {
        crBaseline = false;
        continue;
      }
      if (name.equals("--no-memory")) {
        memory = false;
        continue;
      }
      if (name.equals("--sealed")) {
        sealed = true;
        continue;
      }
      if (name.equals("--fairness")) {
        fairness = true;
        continue;
      }
      if (v == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
        }
        v = args[++i];
      }
      switch (name) {
        case "--n" -> {
          List<Integer> l = new ArrayList<>();
          Arrays.stream(v.split(","))
              .map(String::trim)
              .filter(s -> !s.isEmpty())
              .forEach(s -> l.add(Integer.parseInt(s.replace("_", ""))));
          sizes = List.copyOf(l);
        }
        case "--target" -> {
          if (!v.equals("real") && !v.equals("mock")) {
            throw new IllegalArgumentException("--target is real or mock");
          }
          target = v;
        }
        case "--kubeconfig" -> kubeconfig = Path.of(v);
        case "--concurrency" -> concurrency = Integer.parseInt(v);
        case "--rate" -> rate = Double.parseDouble(v);
        case "--paced-rate" -> pacedRate = Double.parseDouble(v);
        case "--paced-max" -> pacedMax = Integer.parseInt(v);
        case "--paced-seconds" -> pacedSeconds = Integer.parseInt(v);
        case "--drift" -> drift = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--drift-rate" -> driftRate = Double.parseDouble(v);
        case "--jar" -> jar = Path.of(v);
        case "--fork-jvm-options" -> forkOpts = v;
        case "--unrelated-kb" -> unrelatedKb = Integer.parseInt(v);
        case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(v));
        case "--work-dir" -> workDir = Path.of(v);
        case "--wait-idle" -> waitIdle = Duration.ofSeconds(Long.parseLong(v));
        case "--quiet-rate" -> quietRate = Double.parseDouble(v);
        case "--quiet-seconds" -> quietSeconds = Integer.parseInt(v);
        case "--operator-env" -> {
          int eq = v.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--operator-env needs KEY=VALUE");
          }
          operatorEnv.put(v.substring(0, eq), v.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
      }
    }
    if (target.equals("real") && kubeconfig == null) {
      throw new IllegalArgumentException(
          "--target real needs --kubeconfig (hack/bench.sh passes one)\n" + USAGE);
    }
    if (concurrency < 1 || sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException("--concurrency and --n must be positive\n" + USAGE);
    }
    List<String> fork = forkOpts.isBlank() ? List.of() : List.of(forkOpts.trim().split("\\s+"));
    return new Options(
        sizes,
        target,
        kubeconfig,
        concurrency,
        rate,
        pacedRate,
        pacedMax,
        pacedSeconds,
        drift,
        driftRate,
        memory,
        jar,
        fork,
        unrelatedKb,
        timeout,
        workDir,
        crBaseline,
        waitIdle,
        Map.copyOf(operatorEnv),
        warmup,
        fairness,
        quietRate,
        quietSeconds,
        sealed);
  }
}
