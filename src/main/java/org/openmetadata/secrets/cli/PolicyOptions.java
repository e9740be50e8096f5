package org.openmetadata.secrets.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The policy settings a command needs to admit a resource as the operator does. Defaults come from
 * the operator's own environment variables, else the operator's defaults, so a shell configured
 * like the operator agrees with it.
 */
final class PolicyOptions {

  @Option(
      names = "--allow-plaintext",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "${env:OM_SM_ALLOW_PLAINTEXT}",
      description =
          "OM_SM_ALLOW_PLAINTEXT: accept a plain-text spec.value (default: the operator's, false).")
  String allowPlaintext;

  @Option(
      names = "--allowed-paths",
      defaultValue = "${env:OM_SM_ALLOWED_PATHS}",
      description =
          "OM_SM_ALLOWED_PATHS: comma-separated path patterns (default: the operator's, **).")
  String allowedPaths;

  @Option(
      names = "--max-value-bytes",
      defaultValue = "${env:OM_SM_MAX_VALUE_BYTES}",
      description = "OM_SM_MAX_VALUE_BYTES: the largest value accepted (default: the operator's).")
  String maxValueBytes;

  /** The settings given, by their operator names. */
  Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    putIfGiven(settings, "OM_SM_ALLOW_PLAINTEXT", allowPlaintext);
    putIfGiven(settings, "OM_SM_ALLOWED_PATHS", allowedPaths);
    putIfGiven(settings, "OM_SM_MAX_VALUE_BYTES", maxValueBytes);
    return settings;
  }

  private static void putIfGiven(Map<String, String> settings, String name, String value) {
    if (value != null) {
      settings.put(name, value);
    }
  }
}
