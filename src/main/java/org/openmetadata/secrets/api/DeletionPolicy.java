package org.openmetadata.secrets.api;

/** What happens to the managed Secret when its OpenMetadataSecret is deleted. */
public enum DeletionPolicy {
  /** The Secret is garbage-collected with the custom resource through its ownerReference. */
  Delete,
  /** The operator removes its ownerReference first, so the Secret outlives the custom resource. */
  Retain
}
