package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events; a failure to record is logged and never fails a reconciliation. */
public final class KubernetesEventRecorder implements EventRecorder {

  public static final String COMPONENT = "om-secrets-operator";
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public KubernetesEventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void record(OpenMetadataSecret resource, EventReason reason, String message) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    byte[] suffix = new byte[8];
    random.nextBytes(suffix);
    String namespace = resource.getMetadata().getNamespace();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(resource.getMetadata().getName() + "." + HexFormat.of().formatHex(suffix))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(OpenMetadataSecret.API_VERSION)
                    .withKind(OpenMetadataSecret.KIND)
                    .withName(resource.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(resource.getMetadata().getUid())
                    .build())
            .withType(reason.type())
            .withReason(reason.name())
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} for {}/{}: HTTP {}",
          reason,
          namespace,
          resource.getMetadata().getName(),
          e.getCode());
    }
  }
}
