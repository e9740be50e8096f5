package org.openmetadata.secrets.reconciler;

import org.openmetadata.secrets.api.OpenMetadataSecret;

/** Records a Kubernetes Event about a resource. Messages carry names and reasons, never values. */
public interface EventRecorder {
  void record(OpenMetadataSecret resource, EventReason reason, String message);
}
