package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openmetadata.secrets.api.ResealItem;
import org.openmetadata.secrets.api.ResealRequest;
import org.openmetadata.secrets.api.ResealRequestSpec;
import org.openmetadata.secrets.api.ResealResult;
import org.openmetadata.secrets.reseal.ResealAnswer;

/**
 * Sends sealed values of one namespace to the operator in ResealRequests (at most {@link
 * ResealRequestSpec#MAX_ITEMS} items and {@link ResealAnswer#REQUEST_CHARS} characters each), waits
 * for each answer, reads it and deletes the request.
 */
final class ResealRequests {

  /** The operator did not answer in time, or refused the request as a whole. */
  static final class Unanswered extends Exception {
    Unanswered(String message) {
      super(message);
    }
  }

  private final KubernetesClient client;
  private final List<String> addRecipients;
  private final Duration timeout;

  ResealRequests(KubernetesClient client, List<String> addRecipients, Duration timeout) {
    this.client = client;
    this.addRecipients = addRecipients;
    this.timeout = timeout;
  }

  /** One answer per item, in order. */
  List<ResealResult> reseal(String namespace, List<ResealItem> items) throws Unanswered {
    List<ResealResult> results = new ArrayList<>();
    for (List<ResealItem> batch : batches(items)) {
      results.addAll(send(namespace, batch));
    }
    return results;
  }

  /** Consecutive batches within a request's bounds; an item too large for any goes alone. */
  static List<List<ResealItem>> batches(List<ResealItem> items) {
    List<List<ResealItem>> batches = new ArrayList<>();
    List<ResealItem> batch = new ArrayList<>();
    long chars = 0;
    for (ResealItem item : items) {
      int length = item.getEncryptedValue().length();
      if (!batch.isEmpty()
          && (batch.size() == ResealRequestSpec.MAX_ITEMS
              || chars + length > ResealAnswer.REQUEST_CHARS)) {
        batches.add(batch);
        batch = new ArrayList<>();
        chars = 0;
      }
      batch.add(item);
      chars += length;
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  private List<ResealResult> send(String namespace, List<ResealItem> batch) throws Unanswered {
    ResealRequest request = new ResealRequest();
    request.setMetadata(
        new ObjectMetaBuilder().withGenerateName("reseal-").withNamespace(namespace).build());
    ResealRequestSpec spec = new ResealRequestSpec();
    spec.setItems(batch);
    spec.setAddRecipients(addRecipients.isEmpty() ? null : addRecipients);
    request.setSpec(spec);
    var requests = client.resources(ResealRequest.class).inNamespace(namespace);
    ResealRequest created = requests.resource(request).create();
    var resource = requests.withName(created.getMetadata().getName());
    try {
      ResealRequest answered;
      try {
        answered =
            resource.waitUntilCondition(
                r -> r != null && ResealAnswer.answered(r),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
      } catch (KubernetesClientTimeoutException e) {
        throw new Unanswered(
            "the operator did not answer ResealRequest "
                + namespace
                + "/"
                + created.getMetadata().getName()
                + " within "
                + timeout.toSeconds()
                + " s: is it running, and does it serve namespace "
                + namespace
                + " (OM_SM_NAMESPACE, chart value watchNamespaces)?");
      }
      if (answered == null) {
        throw new Unanswered("ResealRequest " + namespace + " was deleted before it was answered");
      }
      return answered.getStatus().getItems();
    } finally {
      resource.withGracePeriod(0).delete();
    }
  }
}
