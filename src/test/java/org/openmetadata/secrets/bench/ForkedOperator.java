package org.openmetadata.secrets.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's jar as its own process ({@code java -jar om-secrets-operator.jar run}, or {@code
 * bridge}), so its heap and RSS are its own and not the benchmark's: heap after a full GC from
 * {@code jcmd GC.heap_info}, RSS from {@code /proc/<pid>/status}, the operator's progress from its
 * {@code /metrics}.
 */
public final class ForkedOperator implements AutoCloseable {

  private static final Pattern PORT = Pattern.compile("metrics on port (\\d+)");
  private static final Pattern USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

  private final Process process;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Path log;
  final long startedNanos;

  ForkedOperator(Path jar, List<String> jvmOptions, Map<String, String> env, Path log)
      throws IOException {
    this(jar, jvmOptions, List.of("run"), env, log);
  }

  /**
   * @param command the jar's command and its arguments, e.g. {@code bridge --listen 127.0.0.1:8181}
   */
  public ForkedOperator(
      Path jar, List<String> jvmOptions, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    // The image's entrypoint maps its class-data archive; hack/lib/cds.sh dumps the benchmarks'
    // next to the jar.
    Path archive = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".jsa"));
    if (Files.isRegularFile(archive)) {
      cmd.add("-XX:SharedArchiveFile=" + archive);
    }
    cmd.addAll(List.of("-jar", jar.toString()));
    cmd.addAll(command);
    this.log = log;
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    // Only the settings given here: none inherited from the benchmark's own environment.
    pb.environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("OM_SM_")
                    || k.startsWith("SECRET_MANAGER_")
                    || k.equals("CLUSTER_NAME")
                    || k.equals("JAVA_TOOL_OPTIONS")
                    || k.equals("JDK_JAVA_OPTIONS"));
    pb.environment().putAll(env);
    Files.createDirectories(log.getParent());
    startedNanos = System.nanoTime();
    process = pb.start();
    PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  out.println(line);
                  Matcher m = PORT.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (IOException e) {
                // the process ended
              } finally {
                out.close();
                port.completeExceptionally(
                    new IllegalStateException("operator process ended; see " + log));
              }
            },
            "forked-operator-log");
    pump.setDaemon(true);
    pump.start();
  }

  long pid() {
    return process.pid();
  }

  int port(Duration timeout) throws Exception {
    return port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Sum of every sample of a counter family in the operator's /metrics, e.g.
   * oms_reconcile_outcomes_total.
   */
  double metric(String family) throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port(Duration.ofSeconds(60)) + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith(family + "{") || line.startsWith(family + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /**
   * Heap in use after a full GC, in bytes: the sum of the used figures of GC.heap_info's spaces.
   */
  public long heapAfterGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    return heapUsed();
  }

  /** Heap in use now, in bytes, garbage included. */
  long heapUsed() throws IOException, InterruptedException {
    String info = jcmd("GC.heap_info");
    long usedK = 0;
    for (String line : info.split("\n")) {
      if (line.contains("Metaspace") || line.contains("class space")) {
        continue;
      }
      Matcher m = USED.matcher(line);
      if (m.find()) {
        usedK += Long.parseLong(m.group(2));
      }
    }
    if (usedK == 0) {
      throw new IllegalStateException("could not read GC.heap_info:\n" + info);
    }
    return usedK * 1024;
  }

  /** The JVM's -XX:MaxHeapSize, as ergonomics set it from MaxRAM and MaxRAMPercentage. */
  long maxHeap() throws IOException, InterruptedException {
    Matcher m = Pattern.compile("MaxHeapSize=(\\d+)").matcher(jcmd("VM.flags"));
    if (!m.find()) {
      throw new IllegalStateException("no MaxHeapSize in jcmd VM.flags");
    }
    return Long.parseLong(m.group(1));
  }

  String heapInfo() throws IOException, InterruptedException {
    return jcmd("GC.heap_info");
  }

  /**
   * Bytes of all live objects: the Total line of {@code jcmd GC.class_histogram} (which runs a full
   * GC).
   */
  long liveBytes() throws IOException, InterruptedException {
    Matcher m = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(jcmd("GC.class_histogram"));
    if (!m.find()) {
      throw new IllegalStateException("no Total line in jcmd GC.class_histogram");
    }
    return Long.parseLong(m.group(1));
  }

  /** The first {@code lines} lines of {@code jcmd GC.class_histogram} (live objects). */
  String classHistogram(int lines) throws IOException, InterruptedException {
    String[] all = jcmd("GC.class_histogram").split("\n");
    return String.join("\n", Arrays.copyOfRange(all, 0, Math.min(all.length, lines))) + "\n";
  }

  /** Time the JIT compilers have spent so far, in nanoseconds (hotspot perf counters), or -1. */
  long jitNanos() {
    try {
      long ticks = -1;
      long hz = -1;
      for (String line : jcmd("PerfCounter.print").split("\n")) {
        if (line.startsWith("java.ci.totalTime=")) {
          ticks = Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
        } else if (line.startsWith("sun.os.hrt.frequency=")) {
          hz = Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
        }
      }
      return ticks < 0 || hz <= 0 ? -1 : (long) (ticks * (1e9 / hz));
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** A line of /proc/<pid>/status in bytes, e.g. VmRSS or VmHWM. */
  public long procStatus(String field) throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException(field + " not in /proc/" + process.pid() + "/status");
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(
                Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                Long.toString(process.pid()),
                command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  /** CPU time the process has used so far (user + system), in nanoseconds. */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  public boolean alive() {
    return process.isAlive();
  }

  /**
   * When {@code port} first answers HTTP (the bridge: a 404 Status for /api); fails once the
   * process has exited.
   */
  public long awaitServing(int port) throws Exception {
    HttpClient probing = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api")).build();
    while (alive()) {
      try {
        probing.send(probe, HttpResponse.BodyHandlers.discarding());
        return System.nanoTime();
      } catch (ConnectException e) {
        Thread.sleep(5);
      }
    }
    throw new IllegalStateException(
        "the process exited with " + process.exitValue() + "; see " + log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
