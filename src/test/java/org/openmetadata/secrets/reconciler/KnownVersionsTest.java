package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

/** Issue 13: which managed-Secret events start a reconciliation. */
class KnownVersionsTest {

  private final KnownVersions known = new KnownVersions();
  private final ResourceID id = new ResourceID("openmetadata-db", "om");

  private static Secret version(String resourceVersion) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("openmetadata-db")
        .withNamespace("om")
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .build();
  }

  @Test
  void theEventOfOurCreateIsNoNewsWhetherItArrivesBeforeOrAfterTheResponse() {
    known.writing(id, null);
    assertThat(known.isNews(version("10"), null)).as("watch event before the response").isFalse();
    known.written(id, version("10"));
    assertThat(known.isNews(version("10"), null)).as("watch event after the response").isFalse();
  }

  @Test
  void theEventOfOurUpdateIsNoNewsButAForeignEditAfterItIs() {
    known.writing(id, "10");
    assertThat(known.isNews(version("11"), version("10"))).isFalse();
    known.written(id, version("11"));
    assertThat(known.isNews(version("11"), version("10"))).isFalse();

    assertThat(known.isNews(version("12"), version("11")))
        .as("someone edits it afterwards")
        .isTrue();
    assertThat(known.changedByOthers(version("12"))).isTrue();
  }

  @Test
  void aForeignEditWhileOurUpdateIsInFlightIsNews() {
    known.writing(id, "10");
    assertThat(known.isNews(version("11"), version("9"))).isTrue();
  }

  @Test
  void aFailedWriteLeavesNothingKnown() {
    known.writing(id, null);
    known.written(id, null);
    assertThat(known.isNews(version("10"), null)).isTrue();
  }

  /** After a restart: the initial event of a Secret its owner was already reconciled against. */
  @Test
  void aVersionAReconciliationReadIsNoNewsAndAnyLaterOneIs() {
    assertThat(known.isNews(version("10"), null)).isTrue();
    known.seen(version("10"));
    assertThat(known.isNews(version("10"), null)).isFalse();
    assertThat(known.isNews(version("11"), version("10"))).isTrue();
    assertThat(known.changedByOthers(version("11"))).isTrue();
  }

  @Test
  void aVersionReadAfterAnotherKnownOneWasMadeByOthersButAFirstReadIsNot() {
    known.seen(version("10"));
    assertThat(known.changedByOthers(version("10"))).as("first read after a restart").isFalse();
    known.seen(version("12"));
    assertThat(known.changedByOthers(version("12"))).isTrue();
    known.written(id, version("13"));
    assertThat(known.changedByOthers(version("13"))).isFalse();
  }

  @Test
  void aDeletedSecretIsForgotten() {
    known.seen(version("10"));
    known.forget(id);
    assertThat(known.isNews(version("10"), null)).isTrue();
    assertThat(known.changedByOthers(version("11"))).isFalse();
  }
}
