package org.openmetadata.secrets.bridge;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Status;

/** What the bridge answers a call with: an HTTP code and a JSON body, a Secret or a Status. */
public record Answer(int code, KubernetesResource body) {

  public static Answer of(Status failure) {
    return new Answer(failure.getCode(), failure);
  }
}
