package org.openmetadata.secrets.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The write budget's arithmetic and turns on a fake clock (FairBucket), and how it reads requests.
 */
class WriteBudgetTest {

  private static final long MS = 1_000_000L;
  private long now;
  private final FairBucket bucket =
      new FairBucket(10, 3, 0); // 10 per second: one token every 100 ms

  /** Advances the fake clock token by token and returns who got each one. */
  private List<String> grantOrder(List<String> owners, List<FairBucket.Ticket> tickets) {
    List<String> order = new ArrayList<>();
    while (order.size() < tickets.size()) {
      now += bucket.nanosToNextToken(now);
      bucket.handOut(now);
      for (int i = 0; i < tickets.size(); i++) {
        if (tickets.get(i).granted() && !order.contains(owners.get(i))) {
          order.add(owners.get(i));
        }
      }
    }
    return order;
  }

  @Test
  void aBurstPassesThenCallersWaitAtTheRate() {
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.take("team-a", now).granted()).isTrue();
    }
    FairBucket.Ticket fourth = bucket.take("team-a", now);
    assertThat(fourth.granted()).isFalse();
    assertThat(bucket.nanosToNextToken(now)).isEqualTo(100 * MS);
    now += 99 * MS;
    assertThat(bucket.handOut(now)).isFalse();
    now += MS;
    assertThat(bucket.handOut(now)).isTrue();
    assertThat(fourth.granted()).isTrue();
  }

  @Test
  void idleTimeRefillsUpToTheBurstOnly() {
    for (int i = 0; i < 3; i++) {
      bucket.take("team-a", now);
    }
    now += 60_000 * MS; // a minute idle earns 600 tokens, capped at 3
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.take("team-a", now).granted()).isTrue();
    }
    assertThat(bucket.take("team-a", now).granted()).isFalse();
  }

  @Test
  void waitingNamespacesTakeTurnsSoAQuietOneDoesNotWaitBehindAFlood() {
    for (int i = 0; i < 3; i++) {
      bucket.take("team-a", now); // the burst is spent
    }
    List<String> owners = new ArrayList<>();
    List<FairBucket.Ticket> tickets = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      owners.add("a" + i);
      tickets.add(bucket.take("team-a", now));
    }
    owners.add("b1");
    tickets.add(bucket.take("team-b", now));
    owners.add("b2");
    tickets.add(bucket.take("team-b", now));

    assertThat(grantOrder(owners, tickets))
        .containsExactly("a1", "b1", "a2", "b2", "a3", "a4", "a5", "a6");
    assertThat(now).as("the rate holds for all of them").isEqualTo(800 * MS);
  }

  @Test
  void aWithdrawnCallerLeavesTheQueueAndAGrantedTokenGoesToTheNextOne() {
    for (int i = 0; i < 3; i++) {
      bucket.take("team-a", now); // the burst is spent
    }
    FairBucket.Ticket withdrawn = bucket.take("team-a", now);
    FairBucket.Ticket next = bucket.take("team-b", now);
    assertThat(bucket.cancel(withdrawn, now)).as("no token yet").isFalse();
    assertThat(bucket.waiting()).isEqualTo(1);
    now += 100 * MS;
    assertThat(bucket.handOut(now)).isTrue();
    assertThat(next.granted()).as("team-b's turn came although team-a's caller was first").isTrue();
    assertThat(withdrawn.granted()).isFalse();

    FairBucket.Ticket late = bucket.take("team-a", now);
    FairBucket.Ticket after = bucket.take("team-b", now);
    now += 100 * MS;
    bucket.handOut(now);
    assertThat(late.granted()).isTrue();
    assertThat(bucket.cancel(late, now)).as("its token goes back, to the next waiter").isTrue();
    assertThat(after.granted()).isTrue();
    assertThat(bucket.waiting()).isZero();
  }

  @Test
  void aWriteInterruptedWhileWaitingIsNotSentAndGivesUpItsPlace() throws Exception {
    AtomicLong clock = new AtomicLong();
    WriteBudget budget =
        new WriteBudget(0.001, 2, clock::get); // one token per 1,000 s of a stopped clock
    budget.acquire("team-a");
    budget.acquire("team-a"); // the burst is spent
    AtomicReference<String> interruptedWrite = new AtomicReference<>();
    Thread first =
        new Thread(
            () -> {
              try {
                budget.before(null, request("POST"), null);
                interruptedWrite.set("sent without a token");
              } catch (KubernetesClientException e) {
                interruptedWrite.set(
                    Thread.currentThread().isInterrupted()
                        ? "refused, still interrupted"
                        : "refused");
              }
            });
    AtomicBoolean nextGranted = new AtomicBoolean();
    Thread next =
        new Thread(
            () -> {
              budget.acquire("team-b");
              nextGranted.set(true);
            });
    first.setDaemon(true);
    next.setDaemon(true);
    first.start();
    await().until(() -> budget.waiting() == 1);
    next.start();
    await().until(() -> budget.waiting() == 2);

    first.interrupt();
    first.join();
    assertThat(interruptedWrite).hasValue("refused, still interrupted");
    assertThat(budget.waiting()).as("only the next write waits").isEqualTo(1);

    clock.addAndGet(
        2_000_000 * MS); // two tokens: the next waiter's, then this thread's, which wakes it
    budget.acquire("team-c");
    await().untilTrue(nextGranted);
    assertThat(budget.waiting()).isZero();
  }

  @Test
  void requestsCountAgainstTheNamespaceInTheirPath() {
    assertThat(WriteBudget.namespaceOf("/api/v1/namespaces/team-a/secrets")).isEqualTo("team-a");
    assertThat(WriteBudget.namespaceOf("/api/v1/namespaces/team-a/events/x.1")).isEqualTo("team-a");
    assertThat(
            WriteBudget.namespaceOf(
                "/apis/secrets.open-metadata.org/v1alpha1/namespaces/team-b/openmetadatasecrets/db/status"))
        .isEqualTo("team-b");
    assertThat(WriteBudget.namespaceOf("/api/v1/namespaces/team-a"))
        .as("the namespace object")
        .isEmpty();
    assertThat(WriteBudget.namespaceOf("/apis/rbac.authorization.k8s.io/v1/clusterroles"))
        .isEmpty();
  }

  @Test
  void readsAreNotLimitedAndWritesWaitForTheirToken() {
    WriteBudget budget = new WriteBudget(20, 1);
    long t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      budget.before(null, request("GET"), null);
    }
    for (int i = 0; i < 3; i++) {
      budget.before(null, request("POST"), null);
    }
    // The burst of 1 passes, then 20 per second: two more writes take at least 100 ms.
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(95 * MS);
  }

  @Test
  void underContentionAQuietNamespacesWriteGetsOneOfTheNextTokens() throws Exception {
    WriteBudget budget = new WriteBudget(100, 1);
    AtomicInteger grants = new AtomicInteger();
    AtomicBoolean flooding = new AtomicBoolean(true);
    List<Thread> flood = new ArrayList<>();
    for (int t = 0; t < 8; t++) { // eight reconcile threads of team-a, always waiting for a token
      Thread thread =
          new Thread(
              () -> {
                while (flooding.get()) {
                  budget.acquire("team-a");
                  grants.incrementAndGet();
                }
              });
      thread.start();
      flood.add(thread);
    }
    await().until(() -> grants.get() >= 10);
    int asked = grants.get();
    budget.acquire("team-b");
    int before = grants.get() - asked;
    flooding.set(false);
    for (Thread thread : flood) {
      thread.join(10_000);
    }
    assertThat(before)
        .as("team-a tokens granted while team-b's write waited (8 were queued ahead)")
        .isLessThanOrEqualTo(2);
  }

  private static HttpRequest request(String method) {
    return (HttpRequest)
        Proxy.newProxyInstance(
            WriteBudgetTest.class.getClassLoader(),
            new Class<?>[] {HttpRequest.class},
            (proxy, m, args) ->
                switch (m.getName()) {
                  case "method" -> method;
                  case "uri" -> URI.create("http://localhost/api/v1/namespaces/team-a/secrets");
                  default -> null;
                });
  }
}
