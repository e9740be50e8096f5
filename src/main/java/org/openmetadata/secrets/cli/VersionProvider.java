package org.openmetadata.secrets.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, so it cannot drift from the build. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "om-secrets-operator " + (version == null ? "(development build)" : version)
    };
  }
}
