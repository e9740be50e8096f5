package org.openmetadata.secrets.cli;

import java.util.ArrayList;
import java.util.List;
import org.openmetadata.secrets.config.Setting;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.UsageMessageSpec;

/** Entry point of the jar: the operator and its tools as subcommands. */
@Command(
    name = "om-secrets-operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Writes OpenMetadata's Kubernetes Secrets from OpenMetadataSecret resources.",
    subcommands = {
      RunCommand.class,
      BridgeCommand.class,
      NameCommand.class,
      SealCommand.class,
      ResealCommand.class,
      StatusCommand.class,
      DescribeCommand.class,
      RenderCommand.class,
      DiffCommand.class,
      AdoptCommand.class,
      ReleaseCommand.class,
      BreakerCommand.class,
      KeysCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    return commandLine(CommandLine.defaultFactory());
  }

  /**
   * The command tree, its commands made by {@code factory}: the seam through which tests hand the
   * commands a client of a mock API server ({@link KubeConnection}). `run --help` and `bridge
   * --help` list every setting from the one enum that defines them.
   */
  static CommandLine commandLine(IFactory factory) {
    CommandLine cli = new CommandLine(new Main(), factory);
    for (String name : new String[] {"run", "bridge"}) {
      UsageMessageSpec usage = cli.getSubcommands().get(name).getCommandSpec().usageMessage();
      List<String> keys = new ArrayList<>(usage.sectionKeys());
      keys.add(ENVIRONMENT);
      usage.sectionKeys(keys);
      usage.sectionMap().put(ENVIRONMENT, Main::environment);
    }
    return cli;
  }

  private static final String ENVIRONMENT = "environment";

  /**
   * Each setting's name and default, then its description wrapped by picocli at the help's width (a
   * footer would be printed line by line, its continuation lines flush left).
   */
  private static String environment(Help help) {
    StringBuilder text = new StringBuilder(help.createHeading("%nEnvironment:%n"));
    int width = help.commandSpec().usageMessage().width();
    for (Setting setting : Setting.values()) {
      text.append("  ")
          .append(setting.name())
          .append(" (default '")
          .append(setting.defaultValue())
          .append("')")
          .append(System.lineSeparator());
      TextTable description =
          TextTable.forColumns(help.colorScheme(), new Column(width, 6, Column.Overflow.WRAP));
      description.addRowValues(setting.description());
      text.append(description);
    }
    return text.toString();
  }
}
