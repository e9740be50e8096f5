package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openmetadata.secrets.reconciler.MockOperator.NS;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.slf4j.LoggerFactory;

/** No secret value reaches a log line (even at DEBUG), an event or a status. */
class NoValueLeaksTest {

  private static final String INLINE = "canary-inline-7f3a";
  private static final String SOURCED = "canary-sourced-91bc";
  private static final String SEALED = "canary-sealed-3d0e";

  @Test
  void valuesNeverAppearInLogsEventsOrStatus() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    List<Logger> verbose =
        List.of(
            context.getLogger("org.openmetadata"),
            context.getLogger("io.javaoperatorsdk"),
            context.getLogger("io.fabric8"));
    verbose.forEach(l -> l.setLevel(Level.DEBUG));
    // The mock API server runs in this JVM and logs what it stores; it stands in for the
    // kube-apiserver, which is not the operator's log.
    Logger apiServer = context.getLogger("io.fabric8.kubernetes.client.server.mock");
    apiServer.setLevel(Level.WARN);
    root.addAppender(captured);
    try (MockOperator op = new MockOperator()) {
      // Exercise the paths that handle values: create, update, drift, conflict, source changes.
      op.create(TestResources.withValue(NS, "inline", "bot/b/config/jwttoken", INLINE));
      op.client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("src")
                  .withNamespace(NS)
                  .addToLabels("secrets.open-metadata.org/source", "true")
                  .endMetadata()
                  .withData(Map.of("k", b64(SOURCED)))
                  .build())
          .create();
      op.create(TestResources.fromSecret(NS, "sourced", "database/d/password", "src", "k"));
      String cert =
          op.client
              .configMaps()
              .inNamespace("om-system")
              .withName("om-secrets-operator-cert")
              .get()
              .getData()
              .get("cert.pem");
      OpenMetadataSecret sealed =
          TestResources.fromSecret(NS, "sealed", "database/s/password", "x", "y");
      sealed.getSpec().setValueFrom(null);
      sealed
          .getSpec()
          .setEncryptedValue(
              Sealer.seal(
                  Pem.parsePublicKey(cert),
                  new Scope(NS, "sealed", "database/s/password"),
                  SEALED.getBytes(StandardCharsets.UTF_8)));
      op.create(sealed);
      OpenMetadataSecret copied =
          TestResources.fromSecret(NS, "copied", "database/c/password", "x", "y");
      copied.getSpec().setValueFrom(null);
      copied.getSpec().setEncryptedValue(sealed.getSpec().getEncryptedValue());
      op.create(copied);
      op.awaitSynced("inline");
      op.awaitSynced("sourced");
      op.awaitSynced("sealed");
      op.awaitReady("copied", "False", Reason.DecryptionFailed);
      op.client.secrets().inNamespace(NS).withName("openmetadata-bot-b-config-jwttoken").delete();
      await().untilAsserted(() -> assertThat(op.eventReasons("inline")).contains("DriftRepaired"));
      op.client
          .resources(OpenMetadataSecret.class)
          .inNamespace(NS)
          .withName("inline")
          .edit(
              r -> {
                r.getSpec().setValue(INLINE + "-2");
                return r;
              });
      await().untilAsserted(() -> assertThat(op.eventReasons("inline")).contains("Updated"));
      op.create(TestResources.withValue(NS, "twin", "database/d/password", INLINE));
      op.awaitReady("twin", "False", Reason.NameCollision);

      List<String> surfaces = new ArrayList<>();
      captured.list.forEach(
          e -> surfaces.add(e.getFormattedMessage() + " " + e.getThrowableProxy()));
      op.client
          .v1()
          .events()
          .inNamespace(NS)
          .list()
          .getItems()
          .forEach(e -> surfaces.add(e.getMessage()));
      op.client
          .resources(OpenMetadataSecret.class)
          .inNamespace(NS)
          .list()
          .getItems()
          .forEach(r -> surfaces.add(Serialization.asJson(r.getStatus())));

      assertThat(captured.list).as("DEBUG logging was captured").isNotEmpty();
      for (String secret :
          List.of(
              INLINE,
              SOURCED,
              SEALED,
              b64(INLINE),
              b64(SOURCED),
              b64(SEALED),
              b64(INLINE + "-2"))) {
        assertThat(surfaces).noneMatch(s -> s.contains(secret));
      }
    } finally {
      root.detachAppender(captured);
      verbose.forEach(l -> l.setLevel(null));
      apiServer.setLevel(null);
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
