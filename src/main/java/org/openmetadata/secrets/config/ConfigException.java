package org.openmetadata.secrets.config;

/** The operator's configuration is invalid; the message says which setting and why. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
