package org.openmetadata.secrets.config;

/**
 * The operator's configuration is invalid; the message says which setting and why. A setting's
 * parser says only why: where the setting is read, its name is put before that.
 */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
