package org.openmetadata.secrets.naming;

/** A path (with the configured prefix and cluster name) does not give a usable Secret name. */
public class InvalidSecretNameException extends Exception {
  public InvalidSecretNameException(String message) {
    super(message);
  }
}
