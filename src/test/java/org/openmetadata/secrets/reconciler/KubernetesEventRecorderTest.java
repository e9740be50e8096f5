package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.demo.MockApiServer;

/**
 * Repeated Events are one Event with a count, as Kubernetes' own recorder makes them, not one write
 * each.
 */
class KubernetesEventRecorderTest {

  private final MockApiServer server = new MockApiServer();
  private final KubernetesClient client = server.createClient();
  private final MutableClock clock = new MutableClock();
  private final KubernetesEventRecorder recorder = new KubernetesEventRecorder(client, clock);
  private final OpenMetadataSecret db =
      TestResources.stored(TestResources.withValue("om", "db", "database/db/password", "v"));

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private List<Event> events() {
    return client.v1().events().inNamespace("om").list().getItems();
  }

  @Test
  void aRepeatRaisesTheCountOfOneEventAndLaterRepeatsAreWrittenTogether() {
    recorder.record(db, EventReason.InvalidSpec, "spec.path: empty");
    clock.now = clock.now.plusSeconds(5);
    recorder.record(db, EventReason.InvalidSpec, "spec.path: empty");
    assertThat(events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCount()).isEqualTo(2);
              assertThat(e.getFirstTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
              assertThat(e.getLastTimestamp()).isEqualTo("2026-01-01T00:00:05Z");
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getInvolvedObject().getUid()).isEqualTo(db.getMetadata().getUid());
            });

    for (int i = 0; i < 50; i++) { // a flapping resource
      clock.now = clock.now.plusSeconds(1);
      recorder.record(db, EventReason.InvalidSpec, "spec.path: empty");
    }
    assertThat(events())
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).as("not written yet").isEqualTo(2));

    recorder.flushRepeats();
    assertThat(events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCount()).isEqualTo(52);
              assertThat(e.getLastTimestamp()).isEqualTo("2026-01-01T00:00:55Z");
            });
  }

  @Test
  void anotherReasonMessageOrResourceIsAnEventOfItsOwn() {
    OpenMetadataSecret other =
        TestResources.stored(
            TestResources.withValue("om", "other", "database/other/password", "v"));
    recorder.record(db, EventReason.InvalidSpec, "spec.path: empty");
    recorder.record(db, EventReason.InvalidSpec, "spec: two value sources");
    recorder.record(db, EventReason.Updated, "updated Secret openmetadata-database-db-password");
    recorder.record(other, EventReason.InvalidSpec, "spec.path: empty");
    assertThat(events()).hasSize(4).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void aRepeatLongAfterTheLastStartsANewEvent() {
    recorder.record(
        db, EventReason.DriftRepaired, "re-created Secret openmetadata-database-db-password");
    clock.now = clock.now.plus(KubernetesEventRecorder.SERIES_WINDOW).plusSeconds(1);
    recorder.flushRepeats(); // forgets the finished series
    recorder.record(
        db, EventReason.DriftRepaired, "re-created Secret openmetadata-database-db-password");
    assertThat(events()).hasSize(2).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void anEventThatExpiredOnTheServerIsWrittenAgainWithItsCount() {
    recorder.record(db, EventReason.ApiError, "could not update Secret om/x: HTTP 503");
    recorder.record(db, EventReason.ApiError, "could not update Secret om/x: HTTP 503");
    client.v1().events().inNamespace("om").delete(); // the API server's Event TTL
    recorder.record(db, EventReason.ApiError, "could not update Secret om/x: HTTP 503");
    recorder.flushRepeats();
    assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(3));
  }
}
