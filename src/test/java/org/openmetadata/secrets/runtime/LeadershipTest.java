package org.openmetadata.secrets.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.runtime.Leadership.LeaseRead;

/** What /readyz says of each standing in leader election. */
class LeadershipTest {

  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(6);
  private static final String LEASE = "om/om-secrets-operator-leader";

  private static Readiness standby(LeaseRead read) {
    return Leadership.assess("pod-b", LEASE, false, read, NOW, GRACE);
  }

  @Test
  void theLeaderIsReady() {
    assertThat(Leadership.assess("pod-a", LEASE, true, null, NOW, GRACE))
        .isEqualTo(new Readiness(true, "ready: leading as pod-a"));
  }

  @Test
  void aStandbyBehindALiveLeaderIsReadyAndSaysWhoLeads() {
    var read = new LeaseRead.Held("pod-a", NOW.minusSeconds(3), NOW.plusSeconds(12));
    assertThat(standby(read))
        .isEqualTo(
            new Readiness(
                true,
                "ready: standby pod-b, pod-a leads (Lease om/om-secrets-operator-leader renewed 3 s ago)"));
  }

  @Test
  void aStandbyThatCannotReadTheLeaseIsNotReady() {
    assertThat(standby(new LeaseRead.Unreadable("HTTP 403")))
        .isEqualTo(
            new Readiness(
                false,
                "not ready: standby pod-b, cannot read the Lease om/om-secrets-operator-leader (HTTP 403), "
                    + "so it could not take over"));
    assertThat(standby(null).ready()).as("before the first read").isFalse();
  }

  @Test
  void aFreeLeaseIsReadyForAWhileThenNotWhenThisReplicaCannotTakeIt() {
    Instant expired = NOW.minusSeconds(2);
    assertThat(standby(new LeaseRead.Held("pod-a", expired.minusSeconds(15), expired)))
        .isEqualTo(
            new Readiness(
                true,
                "ready: standby pod-b, the Lease om/om-secrets-operator-leader is free, taking over"));
    Instant longAgo = NOW.minus(GRACE).minusSeconds(1);
    assertThat(standby(new LeaseRead.Held("pod-a", longAgo.minusSeconds(15), longAgo)))
        .isEqualTo(
            new Readiness(
                false,
                "not ready: standby pod-b, the Lease om/om-secrets-operator-leader has been free since "
                    + longAgo
                    + " and this replica could not take it (see its log)"));
    assertThat(standby(new LeaseRead.Held("", longAgo, longAgo)).ready()).as("released").isFalse();
    assertThat(standby(new LeaseRead.Absent(NOW.minusSeconds(1))).ready())
        .as("not created yet")
        .isTrue();
    assertThat(standby(new LeaseRead.Absent(longAgo)).ready()).as("never created").isFalse();
  }

  @Test
  void aLeaseHeldUnderThisIdentityCountsAsLeadingBeforeTheCallback() {
    assertThat(standby(new LeaseRead.Held("pod-b", NOW, NOW.plusSeconds(15))).explanation())
        .isEqualTo("ready: leading as pod-b");
  }
}
