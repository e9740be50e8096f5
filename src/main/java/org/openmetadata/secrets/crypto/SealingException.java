package org.openmetadata.secrets.crypto;

/**
 * A sealed value did not open. The message is safe to publish: it never holds key or value bytes.
 */
public class SealingException extends Exception {
  public SealingException(String message) {
    super(message);
  }
}
