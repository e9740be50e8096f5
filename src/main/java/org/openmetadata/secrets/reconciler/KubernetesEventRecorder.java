package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events; a failure to record is logged and never fails a reconciliation. Repeats
 * are aggregated as Kubernetes' own recorder does: the same reason and message about the same
 * resource within {@link #SERIES_WINDOW} is one Event whose {@code count} goes up. The first repeat
 * is written at once (so {@code kubectl describe} shows it is repeating); later ones are counted
 * here and written by {@link #flushRepeats}, so a resource that flaps costs at most one Event write
 * per flush period rather than one per flap.
 */
public final class KubernetesEventRecorder implements EventRecorder {

  public static final String COMPONENT = "om-secrets-operator";

  /** A repeat after this long without one starts a new Event, as client-go's series do. */
  static final Duration SERIES_WINDOW = Duration.ofMinutes(10);

  /** Bounds the memory of repeats: the least recently seen are forgotten first. */
  private static final int MAX_SERIES = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);

  private record Key(
      String namespace, String uid, String name, EventReason reason, String message) {}

  /** One Event on the server and what it has counted since. */
  private static final class Series {
    String eventName;
    Instant first;
    Instant last;
    int count;
    int written;
  }

  private final KubernetesClient client;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<Key, Series> series =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Series> eldest) {
          return size() > MAX_SERIES;
        }
      };

  public KubernetesEventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void record(OpenMetadataSecret resource, EventReason reason, String message) {
    Key key =
        new Key(
            resource.getMetadata().getNamespace(),
            resource.getMetadata().getUid(),
            resource.getMetadata().getName(),
            reason,
            message);
    Instant now = clock.instant();
    Series s;
    boolean writeNow;
    synchronized (series) {
      s = series.get(key);
      if (s == null || s.last.plus(SERIES_WINDOW).isBefore(now)) {
        s = new Series();
        s.first = now;
        series.put(key, s);
      }
      s.last = now;
      s.count++;
      // The first occurrence and the first repeat are written now; later repeats by flushRepeats.
      writeNow = s.count <= 2;
    }
    if (writeNow) {
      write(key, s);
    }
  }

  /**
   * Writes the counts of Events that repeated since their last write, and forgets finished series.
   */
  public void flushRepeats() {
    Instant now = clock.instant();
    List<Map.Entry<Key, Series>> due;
    synchronized (series) {
      due =
          series.entrySet().stream()
              .filter(e -> e.getValue().count > e.getValue().written)
              .map(e -> Map.entry(e.getKey(), e.getValue()))
              .toList();
      series
          .values()
          .removeIf(s -> s.count == s.written && s.last.plus(SERIES_WINDOW).isBefore(now));
    }
    due.forEach(e -> write(e.getKey(), e.getValue()));
  }

  /**
   * One write at a time per series, so a repeat never creates a second Event while the first is
   * being created.
   */
  private void write(Key key, Series s) {
    synchronized (s) {
      String name;
      int count;
      Instant first;
      Instant last;
      synchronized (series) {
        if (s.written >= s.count) {
          return;
        }
        name = s.eventName;
        count = s.count;
        first = s.first;
        last = s.last;
      }
      try {
        if (name == null || !patch(key, name, count, last)) {
          // New, or the server no longer has it (Events expire): a fresh Event carrying the whole
          // count.
          name = create(key, count, first, last);
        }
        synchronized (series) {
          s.eventName = name;
          s.written = count;
        }
      } catch (KubernetesClientException e) {
        LOG.warn(
            "could not record event {} for {}/{}: HTTP {}",
            key.reason(),
            key.namespace(),
            key.name(),
            e.getCode());
      }
    }
  }

  private boolean patch(Key key, String name, int count, Instant last) {
    String body = Serialization.asJson(Map.of("count", count, "lastTimestamp", timestamp(last)));
    try {
      client
          .v1()
          .events()
          .inNamespace(key.namespace())
          .withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), body);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private String create(Key key, int count, Instant first, Instant last) {
    byte[] suffix = new byte[8];
    random.nextBytes(suffix);
    String name = key.name() + "." + HexFormat.of().formatHex(suffix);
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(key.namespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(OpenMetadataSecret.API_VERSION)
                    .withKind(OpenMetadataSecret.KIND)
                    .withName(key.name())
                    .withNamespace(key.namespace())
                    .withUid(key.uid())
                    .build())
            .withType(key.reason().type())
            .withReason(key.reason().name())
            .withMessage(key.message())
            .withFirstTimestamp(timestamp(first))
            .withLastTimestamp(timestamp(last))
            .withCount(count)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    client.v1().events().inNamespace(key.namespace()).resource(event).create();
    return name;
  }

  private static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
