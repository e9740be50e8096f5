package org.openmetadata.secrets.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token bucket's arithmetic, on a fake clock: no real time passes. */
class WriteBudgetTest {

  private long now;
  private final List<Long> sleeps = new ArrayList<>();
  private final WriteBudget budget = new WriteBudget(10, 3, () -> now, nanos -> {
    sleeps.add(nanos);
    now += nanos;
  });

  @Test
  void aBurstPassesThenCallersWaitAtTheRate() {
    for (int i = 0; i < 3; i++) {
      budget.acquire();
    }
    assertThat(sleeps).isEmpty();
    budget.acquire();
    budget.acquire();
    assertThat(sleeps).containsExactly(100_000_000L, 100_000_000L); // 10 per second: 100 ms apart
  }

  @Test
  void idleTimeRefillsUpToTheBurstOnly() {
    for (int i = 0; i < 3; i++) {
      budget.acquire();
    }
    now += 60_000_000_000L; // a minute idle earns 600 tokens, capped at 3
    for (int i = 0; i < 3; i++) {
      budget.acquire();
    }
    assertThat(sleeps).isEmpty();
    budget.acquire();
    assertThat(sleeps).containsExactly(100_000_000L);
  }

  @Test
  void readsAreNotLimited() {
    for (int i = 0; i < 100; i++) {
      budget.before(null, request("GET"), null);
    }
    assertThat(sleeps).isEmpty();
    for (int i = 0; i < 4; i++) {
      budget.before(null, request("POST"), null);
    }
    assertThat(sleeps).hasSize(1);
  }

  private static io.fabric8.kubernetes.client.http.HttpRequest request(String method) {
    return (io.fabric8.kubernetes.client.http.HttpRequest) java.lang.reflect.Proxy.newProxyInstance(
        WriteBudgetTest.class.getClassLoader(),
        new Class<?>[] {io.fabric8.kubernetes.client.http.HttpRequest.class},
        (proxy, m, args) -> m.getName().equals("method") ? method : null);
  }
}
