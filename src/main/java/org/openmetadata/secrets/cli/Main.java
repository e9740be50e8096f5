package org.openmetadata.secrets.cli;

import java.util.Arrays;
import org.openmetadata.secrets.config.Setting;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the jar: the operator and its tools as subcommands. */
@Command(
    name = "om-secrets-operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Writes OpenMetadata's Kubernetes Secrets from OpenMetadataSecret resources.",
    subcommands = {
      RunCommand.class, BridgeCommand.class, DemoCommand.class, NameCommand.class, SealCommand.class, StatusCommand.class,
      DescribeCommand.class, RenderCommand.class, DiffCommand.class, AdoptCommand.class, ReleaseCommand.class,
      BreakerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The command tree; `run --help` and `bridge --help` list every setting from the one enum that defines them. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    String[] settings = Arrays.stream(Setting.values())
        .map(s -> String.format("  %s (default '%s')%n      %s", s.name(), s.defaultValue(), s.description()))
        .toArray(String[]::new);
    cli.getSubcommands().get("run").getCommandSpec().usageMessage().footer(settings);
    cli.getSubcommands().get("bridge").getCommandSpec().usageMessage().footer(settings);
    return cli;
  }
}
