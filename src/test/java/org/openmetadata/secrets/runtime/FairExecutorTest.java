package org.openmetadata.secrets.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Namespaces take turns for the reconcile threads; one thread makes the order exact. */
class FairExecutorTest {

  private final AtomicReference<String> submitter = new AtomicReference<>();
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final FairExecutor executor = new FairExecutor(1, "test-", submitter::get);

  private void submit(String queue, String name) {
    submitter.set(queue);
    executor.execute(() -> ran.add(name));
  }

  /** Occupies the only thread until the returned latch is released. */
  private CountDownLatch block() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    submitter.set("team-a");
    executor.execute(
        () -> {
          started.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    return release;
  }

  @Test
  void aQuietNamespaceWaitsForOneTaskOfABusyOneNotForAllOfThem() throws InterruptedException {
    CountDownLatch release = block();
    for (int i = 1; i <= 5; i++) {
      submit("team-a", "a" + i);
    }
    submit("team-b", "b1");
    submit("team-c", "c1");
    submit("team-b", "b2");
    release.countDown();
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(ran).containsExactly("a1", "b1", "c1", "a2", "b2", "a3", "a4", "a5");
  }

  @Test
  void oneNamespaceAloneRunsInSubmissionOrder() throws InterruptedException {
    CountDownLatch release = block();
    for (int i = 1; i <= 4; i++) {
      submit("team-a", "a" + i);
    }
    release.countDown();
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly("a1", "a2", "a3", "a4");
  }

  @Test
  void shutdownRunsWhatIsQueuedAndRefusesMore() throws InterruptedException {
    CountDownLatch release = block();
    submit("team-a", "queued");
    executor.shutdown();
    assertThatThrownBy(() -> submit("team-a", "late"))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(executor.isTerminated()).isFalse();
    release.countDown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly("queued");
  }

  @Test
  void shutdownNowHandsBackWhatHasNotStarted() throws InterruptedException {
    CountDownLatch release = block();
    submit("team-a", "a1");
    submit("team-b", "b1");
    assertThat(executor.shutdownNow()).hasSize(2);
    release.countDown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).isEmpty();
  }
}
