package org.openmetadata.secrets.reseal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.api.ResealItem;
import org.openmetadata.secrets.api.ResealRequest;
import org.openmetadata.secrets.api.ResealRequestSpec;
import org.openmetadata.secrets.api.ResealRequestStatus;
import org.openmetadata.secrets.api.ResealResult;
import org.openmetadata.secrets.api.ResealResult.Outcome;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.crypto.SealingException;

/** The per-item decision: re-sealed, already current, or refused; without a server. */
class ResealAnswerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String VALUE = "s3cret-p4ssword";

  private final KeyRing old = KeyRing.generate(T0);
  private final KeyRing rotated = old.rotated(T0.plus(Duration.ofDays(31)));
  private final TrustedRecipients none = new TrustedRecipients(List.of());

  private static String seal(KeyRing ring, String namespace, String name, String path) {
    return Sealer.seal(
        ring.active().pair().getPublic(),
        new Scope(namespace, name, path),
        VALUE.getBytes(StandardCharsets.UTF_8));
  }

  private static ResealRequest request(
      String namespace, List<String> recipients, ResealItem... items) {
    ResealRequest request = new ResealRequest();
    request.setMetadata(
        new ObjectMetaBuilder().withName("r").withNamespace(namespace).withGeneration(1L).build());
    ResealRequestSpec spec = new ResealRequestSpec();
    spec.setItems(List.of(items));
    spec.setAddRecipients(recipients);
    request.setSpec(spec);
    return request;
  }

  private ResealRequestStatus answer(ResealRequest request, TrustedRecipients trusted) {
    return ResealAnswer.of(request, value -> rotated, trusted, T0);
  }

  @Test
  void aValueSealedToAnOldKeyIsSealedToTheActiveKeyForTheSameScopeAndStillOpens()
      throws SealingException {
    String sealed = seal(old, "team-a", "mysql", "database/mysql/password");
    ResealRequestStatus status =
        answer(
            request("team-a", null, new ResealItem("mysql", "database/mysql/password", sealed)),
            none);

    ResealResult result = status.getItems().get(0);
    assertThat(result.getOutcome()).isEqualTo(Outcome.Resealed);
    assertThat(result.getEncryptedValue()).startsWith("oms:v2:" + rotated.active().id() + ":");
    assertThat(
            new String(
                Sealer.open(
                    rotated,
                    new Scope("team-a", "mysql", "database/mysql/password"),
                    result.getEncryptedValue()),
                StandardCharsets.UTF_8))
        .isEqualTo(VALUE);
    assertThat(status.getActiveKeyId()).isEqualTo(rotated.active().id());
    assertThat(status.getConditions().get(0).getReason()).isEqualTo(ResealAnswer.COMPLETED);
    assertThat(status.getConditions().get(0).getMessage())
        .isEqualTo("1 re-sealed, 0 current, 0 refused");
  }

  @Test
  void aValueAlreadySealedToTheActiveKeyIsCurrentAndNotRepeated() {
    String sealed = seal(rotated, "team-a", "mysql", "p");
    ResealResult result =
        answer(request("team-a", null, new ResealItem("mysql", "p", sealed)), none)
            .getItems()
            .get(0);

    assertThat(result.getOutcome()).isEqualTo(Outcome.Current);
    assertThat(result.getEncryptedValue()).isNull();
  }

  @Test
  void aTamperedValueIsRefusedEvenWhenItNamesTheActiveKey() {
    String sealed = seal(rotated, "team-a", "mysql", "p");
    String tampered =
        sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
    ResealResult result =
        answer(request("team-a", null, new ResealItem("mysql", "p", tampered)), none)
            .getItems()
            .get(0);

    assertThat(result.getOutcome()).isEqualTo(Outcome.Refused);
    assertThat(result.getEncryptedValue()).isNull();
    assertThat(result.getMessage())
        .contains("does not open for team-a/mysql (path p)")
        .doesNotContain(VALUE);
  }

  @Test
  void aValueSealedForAnotherNameOrAnotherNamespaceIsRefusedAndTheOthersAnswered() {
    ResealRequestStatus status =
        answer(
            request(
                "team-a",
                null,
                new ResealItem("mysql", "p", seal(old, "team-a", "other-name", "p")),
                new ResealItem("mysql", "p", seal(old, "team-b", "mysql", "p")),
                new ResealItem("mysql", "p", seal(old, "team-a", "mysql", "p"))),
            none);

    assertThat(status.getItems())
        .extracting(ResealResult::getOutcome)
        .containsExactly(Outcome.Refused, Outcome.Refused, Outcome.Resealed);
    assertThat(status.getItems().get(1).getMessage()).contains("does not open for team-a/mysql");
    assertThat(status.getConditions().get(0).getMessage())
        .isEqualTo("1 re-sealed, 0 current, 2 refused");
  }

  @Test
  void aValueSealedToAKeyNotInTheRingIsRefusedNamingTheKey() {
    KeyRing foreign = KeyRing.generate(T0);
    ResealResult result =
        answer(
                request(
                    "team-a", null, new ResealItem("m", "p", seal(foreign, "team-a", "m", "p"))),
                none)
            .getItems()
            .get(0);

    assertThat(result.getOutcome()).isEqualTo(Outcome.Refused);
    assertThat(result.getMessage()).contains("unknown key " + foreign.active().id());
  }

  @Test
  void anUntrustedRecipientRefusesTheWholeRequestNamingItsKeyId() {
    KeyRing attacker = KeyRing.generate(T0);
    KeyRing trustedCluster = KeyRing.generate(T0);
    ResealRequestStatus status =
        answer(
            request(
                "team-a",
                List.of(Pem.publicKey(attacker.active().pair().getPublic())),
                new ResealItem("m", "p", seal(old, "team-a", "m", "p"))),
            new TrustedRecipients(List.of(trustedCluster.active().pair().getPublic())));

    assertThat(status.getConditions().get(0).getStatus()).isEqualTo("False");
    assertThat(status.getConditions().get(0).getReason())
        .isEqualTo(ResealAnswer.UNTRUSTED_RECIPIENT);
    assertThat(status.getConditions().get(0).getMessage())
        .contains("recipient key " + attacker.active().id() + " is not trusted");
    assertThat(status.getItems())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getOutcome()).isEqualTo(Outcome.Refused);
              assertThat(r.getEncryptedValue()).isNull();
            });
  }

  @Test
  void aTrustedRecipientIsAddedAndTheValueOpensInBothClustersForTheSameScopeOnly()
      throws SealingException {
    KeyRing otherCluster = KeyRing.generate(T0);
    ResealResult result =
        answer(
                request(
                    "team-a",
                    List.of(Pem.publicKey(otherCluster.active().pair().getPublic())),
                    new ResealItem("m", "p", seal(old, "team-a", "m", "p"))),
                new TrustedRecipients(List.of(otherCluster.active().pair().getPublic())))
            .getItems()
            .get(0);

    assertThat(result.getOutcome()).isEqualTo(Outcome.Resealed);
    assertThat(Sealer.keyIdsOf(result.getEncryptedValue()))
        .containsExactlyInAnyOrder(rotated.active().id(), otherCluster.active().id());
    for (KeyRing ring : List.of(rotated, otherCluster)) {
      assertThat(Sealer.open(ring, new Scope("team-a", "m", "p"), result.getEncryptedValue()))
          .asString(StandardCharsets.UTF_8)
          .isEqualTo(VALUE);
    }
  }

  @Test
  void aValueForSeveralClustersKeepsItsTrustedRecipientsAndIsCurrentOnceOnTheActiveKey() {
    KeyRing otherCluster = KeyRing.generate(T0);
    PublicKey other = otherCluster.active().pair().getPublic();
    TrustedRecipients trusted = new TrustedRecipients(List.of(other));
    String both =
        Sealer.seal(
            List.of(old.active().pair().getPublic(), other),
            new Scope("team-a", "m", "p"),
            VALUE.getBytes(StandardCharsets.UTF_8));

    ResealResult resealed =
        answer(request("team-a", null, new ResealItem("m", "p", both)), trusted).getItems().get(0);
    assertThat(Sealer.keyIdsOf(resealed.getEncryptedValue()))
        .as("the old key gives way to the active one; the other cluster stays")
        .containsExactlyInAnyOrder(rotated.active().id(), otherCluster.active().id());

    ResealResult again =
        answer(
                request("team-a", null, new ResealItem("m", "p", resealed.getEncryptedValue())),
                trusted)
            .getItems()
            .get(0);
    assertThat(again.getOutcome()).isEqualTo(Outcome.Current);
  }

  @Test
  void aValueNamingAKeyThisOperatorNeitherHoldsNorTrustsIsRefusedRatherThanDroppingIt() {
    KeyRing unknownCluster = KeyRing.generate(T0);
    String both =
        Sealer.seal(
            List.of(old.active().pair().getPublic(), unknownCluster.active().pair().getPublic()),
            new Scope("team-a", "m", "p"),
            VALUE.getBytes(StandardCharsets.UTF_8));

    ResealResult result =
        answer(request("team-a", null, new ResealItem("m", "p", both)), none).getItems().get(0);

    assertThat(result.getOutcome()).isEqualTo(Outcome.Refused);
    assertThat(result.getMessage())
        .isEqualTo(
            "sealed also to key "
                + unknownCluster.active().id()
                + ", which this operator neither holds nor trusts (OM_SM_TRUSTED_RECIPIENTS):"
                + " re-sealing it here would drop that recipient");
  }

  @Test
  void anAnswerThatWouldNotFitBesideItsRequestIsRefusedForTheItemsThatOverflow() {
    KeyRing big = old;
    byte[] large = new byte[300_000];
    java.util.Arrays.fill(large, (byte) 'x');
    String one = Sealer.seal(big.active().pair().getPublic(), new Scope("n", "a", "p"), large);
    String two = Sealer.seal(big.active().pair().getPublic(), new Scope("n", "b", "p"), large);
    ResealRequestStatus status =
        answer(
            request("n", null, new ResealItem("a", "p", one), new ResealItem("b", "p", two)), none);

    assertThat(status.getItems())
        .extracting(ResealResult::getOutcome)
        .containsExactly(Outcome.Resealed, Outcome.Refused);
    assertThat(status.getItems().get(1).getMessage()).contains("request of its own");
  }

  @Test
  void anAnsweredRequestIsKeptForItsTtlFromItsAnswerThenDeleted() {
    ResealRequest request = request("n", null, new ResealItem("a", "p", seal(old, "n", "a", "p")));
    request.setStatus(answer(request, none));
    Duration ttl = Duration.ofMinutes(10);
    assertThat(ResealAnswer.keptFor(request, ttl, T0.plusSeconds(60)))
        .isEqualTo(Duration.ofMinutes(9));
    assertThat(ResealAnswer.keptFor(request, ttl, T0.plus(ttl))).isZero();
  }

  @Test
  void answeredOnlyOnceTheStatusDescribesTheCurrentGeneration() {
    ResealRequest request = request("n", null, new ResealItem("a", "p", seal(old, "n", "a", "p")));
    assertThat(ResealAnswer.answered(request)).isFalse();
    request.setStatus(answer(request, none));
    assertThat(ResealAnswer.answered(request)).isTrue();
    request.getMetadata().setGeneration(2L);
    assertThat(ResealAnswer.answered(request)).isFalse();
  }
}
