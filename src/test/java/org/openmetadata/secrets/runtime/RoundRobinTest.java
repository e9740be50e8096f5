package org.openmetadata.secrets.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys take turns: what the reconcile threads and the write budget's tokens do for namespaces. */
class RoundRobinTest {

  private final RoundRobin<String, String> queues = new RoundRobin<>();

  private List<String> drain() {
    List<String> order = new ArrayList<>();
    for (String item = queues.poll(); item != null; item = queues.poll()) {
      order.add(item);
    }
    return order;
  }

  @Test
  void keysTakeTurnsAndEachKeysItemsStayInOrder() {
    for (int i = 1; i <= 3; i++) {
      queues.add("team-a", "a" + i);
    }
    queues.add("team-b", "b1");
    queues.add("team-c", "c1");
    queues.add("team-b", "b2");
    assertThat(queues.size()).isEqualTo(6);

    assertThat(drain()).containsExactly("a1", "b1", "c1", "a2", "b2", "a3");
    assertThat(queues.isEmpty()).isTrue();
  }

  @Test
  void aKeyGoesLastAfterItsTurnAndANewKeyJoinsBehindTheOthers() {
    queues.add("team-a", "a1");
    queues.add("team-a", "a2");
    queues.add("team-b", "b1");
    assertThat(queues.poll()).isEqualTo("a1");
    queues.add("team-c", "c1");
    queues.add("team-a", "a3");

    assertThat(drain()).containsExactly("b1", "a2", "c1", "a3");
  }

  @Test
  void removingAnItemLeavesTheOtherKeysTurnsAlone() {
    queues.add("team-a", "a1");
    queues.add("team-b", "b1");
    queues.add("team-c", "c1");
    queues.add("team-b", "b2");

    assertThat(queues.remove("team-b", "b1")).isTrue();
    assertThat(queues.remove("team-c", "c1")).as("team-c's last item: team-c leaves").isTrue();
    assertThat(queues.remove("team-a", "b2")).as("not queued under that key").isFalse();
    assertThat(queues.remove("team-d", "d1")).isFalse();

    assertThat(queues.size()).isEqualTo(2);
    assertThat(drain()).containsExactly("a1", "b2");
  }

  @Test
  void clearHandsBackEverythingQueued() {
    queues.add("team-a", "a1");
    queues.add("team-b", "b1");
    queues.add("team-a", "a2");

    assertThat(queues.clear()).containsExactlyInAnyOrder("a1", "a2", "b1");
    assertThat(queues.isEmpty()).isTrue();
    assertThat(queues.poll()).isNull();
  }
}
