package org.openmetadata.secrets.bench;

import static org.openmetadata.secrets.bench.Benchmark.createWithRetry;
import static org.openmetadata.secrets.bench.Benchmark.fmt;
import static org.openmetadata.secrets.bench.Benchmark.log;
import static org.openmetadata.secrets.bench.Benchmark.parallel;
import static org.openmetadata.secrets.bench.Benchmark.seconds;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.naming.InvalidSecretNameException;
import org.openmetadata.secrets.runtime.OperatorRuntime;

/**
 * Fairness between namespaces (issue 15, item 8): one namespace floods the operator with N creates
 * as fast as the client threads go while another creates resources at a slow, steady rate; what
 * does the flood do to the quiet namespace's create→Ready? The quiet pass runs once alone (the
 * baseline) and once during the flood. For the quiet resources it also times create → their Secret
 * first seen, which tells waiting for a reconcile thread (and the first write) apart from the
 * writes after it.
 */
final class FairnessScenario {

  private final Options o;
  private final Benchmark.Target target;
  private final int n;
  private final Map<String, String[]> rows = new LinkedHashMap<>();
  private final CpuAccount cpu;
  private final String id = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private final String nsFlood = "fair-flood-" + id;
  private final String nsQuiet = "fair-quiet-" + id;
  private final String nsOperator = "fair-operator-" + id;

  FairnessScenario(Options o, Benchmark.Target target, int n) {
    this.o = o;
    this.target = target;
    this.n = n;
    this.cpu = new CpuAccount(target.pidsFile());
  }

  private void row(String measure, String value) {
    rows.put(measure, new String[] {value, ""});
    log("%-45s %s", measure, value);
  }

  Map<String, String[]> run() throws Exception {
    try (KubernetesClient load = Benchmark.client(target.config(), null);
        KubernetesClient observer = Benchmark.client(target.config(), null)) {
      for (String ns : List.of(nsFlood, nsQuiet, nsOperator)) {
        load.namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
      RequestCounter counter = new RequestCounter();
      OperatorConfig config =
          OperatorConfig.from(
              Benchmark.Scenario.operatorEnv(o, nsFlood + "," + nsQuiet, nsOperator));
      KubernetesClient opClient = Benchmark.operatorClient(target.config(), config, counter);
      OperatorRuntime runtime = OperatorRuntime.start(config, opClient);
      int quiet = (int) Math.max(1, Math.round(o.quietRate() * o.quietSeconds()));
      try (ReadyWatch flood = new ReadyWatch(observer, nsFlood);
          ReadyWatch calm = new ReadyWatch(observer, nsQuiet);
          SecretSeen secrets = new SecretSeen(observer, nsQuiet, config)) {
        if (o.warmup() > 0) {
          log(
              "fairness: operator warm-up, %d OpenMetadataSecrets in %s (not measured)",
              o.warmup(), nsFlood);
          parallel(
              o.warmup(),
              o.concurrency(),
              0,
              i ->
                  createWithRetry(
                      () ->
                          load.resources(OpenMetadataSecret.class)
                              .inNamespace(nsFlood)
                              .resource(
                                  TestResources.withValue(
                                      nsFlood,
                                      "w-" + i,
                                      "bench/w" + i,
                                      Benchmark.Scenario.value(i)))
                              .create()));
          flood.awaitReady("w-", o.warmup(), o.timeout());
          Benchmark.awaitQuiet(
              () -> Benchmark.reconciles(runtime), Duration.ofSeconds(2), Duration.ofSeconds(60));
        }

        idle("quiet pass alone");
        log(
            "fairness: %d OpenMetadataSecrets at %s/s in %s, alone",
            quiet, fmt(o.quietRate()), nsQuiet);
        CpuAccount.Sample c0 = cpu.sample();
        quietPass(load, calm, secrets, "a-", quiet);
        report("alone", calm, secrets, "a-", quiet);
        cpuRow("quiet pass alone", c0, cpu.sample());
        Benchmark.awaitQuiet(
            () -> Benchmark.reconciles(runtime), Duration.ofSeconds(2), Duration.ofSeconds(60));

        idle("flood");
        log(
            "fairness: flood of %d creates in %s, meanwhile %d at %s/s in %s",
            n, nsFlood, quiet, fmt(o.quietRate()), nsQuiet);
        Map<String, Long> before = counter.snapshot();
        CpuAccount.Sample c1 = cpu.sample();
        long t0 = System.nanoTime();
        CompletableFuture<Benchmark.Load> flooding =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return parallel(
                        n,
                        o.concurrency(),
                        0,
                        i -> {
                          createWithRetry(
                              () ->
                                  load.resources(OpenMetadataSecret.class)
                                      .inNamespace(nsFlood)
                                      .resource(
                                          TestResources.withValue(
                                              nsFlood,
                                              "f-" + i,
                                              "bench/f" + i,
                                              Benchmark.Scenario.value(i)))
                                      .create());
                          flood.created("f-" + i, System.nanoTime());
                        });
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
        quietPass(load, calm, secrets, "q-", quiet);
        Benchmark.Load f = flooding.join();
        boolean all = flood.awaitReady("f-", f.done(), o.timeout());
        long converged = flood.lastReady("f-") - t0;
        CpuAccount.Sample c2 = cpu.sample();
        report("during the flood", calm, secrets, "q-", quiet);
        row("flood: create calls", fmt(f.rate()) + " CR/s (" + seconds(f.nanos()) + ")");
        row(
            "flood: all Ready after",
            seconds(converged)
                + (all ? "" : " (TIMED OUT: " + flood.readyCount("f-") + ")")
                + String.format(" (%s CR/s)", fmt(flood.readyCount("f-") / (converged / 1e9))));
        row(
            "flood: create->Ready",
            new Percentiles(flood.latencies("f-").values()).summary(50, 99));
        Map<String, Long> writes = RequestCounter.diff(counter.snapshot(), before);
        row(
            "operator writes, flood and quiet pass",
            String.format(
                "%d (%s)", RequestCounter.writes(writes), RequestCounter.describeWrites(writes)));
        cpuRow("flood", c1, c2);
      }
      runtime.close();
      opClient.close();
      if (target.real()) {
        for (String ns : List.of(nsFlood, nsQuiet, nsOperator)) {
          load.namespaces().withName(ns).delete();
        }
      }
    }
    return rows;
  }

  /** {@code count} creates at the quiet rate, each timed from its create call's return. */
  private void quietPass(
      KubernetesClient load, ReadyWatch calm, SecretSeen secrets, String prefix, int count)
      throws InterruptedException {
    Benchmark.Load q =
        parallel(
            count,
            Math.min(4, o.concurrency()),
            o.quietRate(),
            i -> {
              createWithRetry(
                  () ->
                      load.resources(OpenMetadataSecret.class)
                          .inNamespace(nsQuiet)
                          .resource(
                              TestResources.withValue(
                                  nsQuiet,
                                  prefix + i,
                                  "bench/" + prefix + i,
                                  Benchmark.Scenario.value(i)))
                          .create());
              long now = System.nanoTime();
              calm.created(prefix + i, now);
              secrets.created(prefix + i, now);
            });
    calm.awaitReady(prefix, q.done(), o.timeout());
  }

  private void report(String when, ReadyWatch calm, SecretSeen secrets, String prefix, int count) {
    row(
        String.format("quiet ns create->Ready, %s (%d at %s/s)", when, count, fmt(o.quietRate())),
        new Percentiles(calm.latencies(prefix).values()).summary(50, 95, 99));
    row(
        "  of which create->Secret seen, " + when,
        new Percentiles(secrets.latencies(prefix).values()).summary(50, 95, 99));
  }

  private void idle(String phase) {
    if (!o.waitIdle().isZero()) {
      Duration waited = cpu.awaitIdle(0.1, o.waitIdle());
      log(
          "fairness: waited %s for other processes to go quiet before the %s",
          seconds(waited.toNanos()), phase);
    }
  }

  private void cpuRow(String phase, CpuAccount.Sample a, CpuAccount.Sample b) {
    boolean busy = CpuAccount.otherCores(a, b) > 0.15;
    row(
        "  CPU in " + phase,
        CpuAccount.describe(a, b) + (busy ? "  <- OTHER WORK ON THE BOX" : ""));
  }

  /** When each quiet resource's Secret is first seen (an informer on the operator's label). */
  private static final class SecretSeen implements AutoCloseable {
    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final OperatorConfig config;
    private final SharedIndexInformer<Secret> informer;

    SecretSeen(KubernetesClient client, String namespace, OperatorConfig config) {
      this.config = config;
      informer =
          client
              .secrets()
              .inNamespace(namespace)
              .withLabel(Labels.OPERATOR_MANAGED_BY, Labels.OPERATOR_MANAGED_BY_VALUE)
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Secret s) {
                      seen.putIfAbsent(s.getMetadata().getName(), System.nanoTime());
                    }

                    @Override
                    public void onUpdate(Secret old, Secret s) {}

                    @Override
                    public void onDelete(Secret s, boolean unknown) {}
                  },
                  0);
    }

    void created(String resource, long nanos) {
      created.put(resource, nanos);
    }

    Map<String, Long> latencies(String prefix) {
      Map<String, Long> out = new ConcurrentHashMap<>();
      created.forEach(
          (resource, t0) -> {
            Long t1 = seen.get(secretName("bench/" + resource));
            if (resource.startsWith(prefix) && t1 != null) {
              out.put(resource, Math.max(0, t1 - t0));
            }
          });
      return out;
    }

    private String secretName(String path) {
      try {
        return config.naming().secretName(path);
      } catch (InvalidSecretNameException e) {
        throw new IllegalArgumentException(e);
      }
    }

    @Override
    public void close() {
      informer.close();
    }
  }
}
