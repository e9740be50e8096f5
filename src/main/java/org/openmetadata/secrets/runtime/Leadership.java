package org.openmetadata.secrets.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's standing in leader election, for /readyz. The elector (fabric8's, run by JOSDK)
 * only logs its failures, so a standby reads the Lease itself, at the elector's own pace, and is
 * ready only while it could take over: the Lease is readable, and held by a live leader or about to
 * be taken by this replica.
 */
final class Leadership {

  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  /** The last read of the Lease. */
  sealed interface LeaseRead {
    /**
     * @param holder empty when the Lease was released
     */
    record Held(String holder, Instant renewed, Instant expires) implements LeaseRead {}

    /** No Lease object: the first replica to try creates it. */
    record Absent(Instant since) implements LeaseRead {}

    record Unreadable(String why) implements LeaseRead {}
  }

  private final String identity;
  private final String lease;

  /**
   * How long a free Lease may stay untaken: the elector retries every retry period plus up to 120 %
   * jitter.
   */
  private final Duration takeOverGrace;

  private volatile boolean leading;
  private volatile LeaseRead lastRead;
  private volatile Boolean lastReady;

  Leadership(String identity, String leaseNamespace, String leaseName, Duration retryPeriod) {
    this.identity = identity;
    this.lease = leaseNamespace + "/" + leaseName;
    this.takeOverGrace = retryPeriod.multipliedBy(3);
  }

  String identity() {
    return identity;
  }

  void leading(boolean leading) {
    this.leading = leading;
  }

  /** Reads the Lease (unless leading) and logs when readiness changes. */
  void observe(Supplier<Lease> read, Instant now) {
    if (!leading) {
      lastRead = read(read, now);
    }
    Readiness r = readiness(now);
    if (!Boolean.valueOf(r.ready()).equals(lastReady)) {
      lastReady = r.ready();
      if (r.ready()) {
        LOG.info("{}", r.explanation());
      } else {
        LOG.warn("{}", r.explanation());
      }
    }
  }

  /**
   * Gives the Lease up on a clean stop, as client-go's ReleaseOnCancel does (JOSDK 5.2.3 builds
   * fabric8's elector without it), so a standby takes over at its next retry instead of once the
   * Lease expires. Only while this replica still holds it; the write carries the read's
   * resourceVersion, so it loses any race.
   */
  void release(Supplier<Lease> read, Consumer<Lease> write) {
    try {
      Lease current = read.get();
      if (current == null || !identity.equals(current.getSpec().getHolderIdentity())) {
        return;
      }
      current.getSpec().setHolderIdentity("");
      current.getSpec().setLeaseDurationSeconds(1);
      write.accept(current);
      LOG.info("released the Lease {}", lease);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not release the Lease {} ({}); a standby takes over when it expires",
          lease,
          e.getClass().getSimpleName());
    }
  }

  private LeaseRead read(Supplier<Lease> read, Instant now) {
    try {
      Lease l = read.get();
      if (l == null) {
        return lastRead instanceof LeaseRead.Absent absent ? absent : new LeaseRead.Absent(now);
      }
      var spec = l.getSpec();
      Instant renewed =
          spec.getRenewTime() == null ? Instant.EPOCH : spec.getRenewTime().toInstant();
      int seconds = spec.getLeaseDurationSeconds() == null ? 0 : spec.getLeaseDurationSeconds();
      String holder = spec.getHolderIdentity() == null ? "" : spec.getHolderIdentity();
      return new LeaseRead.Held(holder, renewed, renewed.plusSeconds(seconds));
    } catch (RuntimeException e) {
      // Caught whole: an exception would end the scheduled reads for good.
      return new LeaseRead.Unreadable(
          e instanceof KubernetesClientException k && k.getCode() > 0
              ? "HTTP " + k.getCode()
              : e.getClass().getSimpleName());
    }
  }

  Readiness readiness(Instant now) {
    return assess(identity, lease, leading, lastRead, now, takeOverGrace);
  }

  /** The standing as /readyz reports it; pure. */
  static Readiness assess(
      String identity,
      String lease,
      boolean leading,
      LeaseRead read,
      Instant now,
      Duration takeOverGrace) {
    if (leading || read instanceof LeaseRead.Held h && h.holder().equals(identity)) {
      return Readiness.ready("leading as " + identity);
    }
    String standby = "standby " + identity + ", ";
    if (read == null) {
      return Readiness.notReady(standby + "the Lease " + lease + " not read yet");
    }
    if (read instanceof LeaseRead.Unreadable u) {
      return Readiness.notReady(
          standby
              + "cannot read the Lease "
              + lease
              + " ("
              + u.why()
              + "), so it could not take over");
    }
    Instant freeSince;
    if (read instanceof LeaseRead.Held h && !h.holder().isEmpty() && h.expires().isAfter(now)) {
      long ago = Math.max(0, Duration.between(h.renewed(), now).toSeconds());
      return Readiness.ready(
          standby + h.holder() + " leads (Lease " + lease + " renewed " + ago + " s ago)");
    } else if (read instanceof LeaseRead.Held h) {
      freeSince = h.expires();
    } else {
      freeSince = ((LeaseRead.Absent) read).since();
    }
    if (now.isAfter(freeSince.plus(takeOverGrace))) {
      return Readiness.notReady(
          standby
              + "the Lease "
              + lease
              + " has been free since "
              + freeSince
              + " and this replica could not take it (see its log)");
    }
    return Readiness.ready(standby + "the Lease " + lease + " is free, taking over");
  }
}
