package org.openmetadata.secrets.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the jar: the operator and its tools as subcommands. */
@Command(
    name = "om-secrets-operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Writes OpenMetadata's Kubernetes Secrets from OpenMetadataSecret resources.",
    subcommands = {RunCommand.class, DemoCommand.class, NameCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return new CommandLine(new Main()).execute(args);
  }
}
