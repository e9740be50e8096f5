package org.openmetadata.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.config.Setting;
import picocli.CommandLine;

/**
 * Every command's {@code --help} reads as prose: picocli wraps the descriptions, no sentence is
 * broken by hand.
 */
class HelpTextTest {

  /** picocli's default usageHelpWidth, which every command keeps. */
  private static final int WIDTH = 80;

  @Test
  void noDescriptionBreaksASentenceByHand() {
    List<String> broken = new ArrayList<>();
    for (List<String> command : commands(Main.commandLine(), new ArrayList<>())) {
      String help = help(command);
      String description = descriptionOf(command);
      assertThat(help).as("the description, as --help prints it").contains(description);
      broken.addAll(brokenLines(String.join(" ", command), description.lines().toList(), WIDTH));
    }
    assertThat(broken)
        .as("description lines broken mid-sentence, followed by a short fragment")
        .isEmpty();
  }

  @Test
  void theCheckCatchesAHardBreakButNotPicocliWrapping() {
    List<String> handBroken =
        List.of(
            "Reads a value from stdin (never from the command line, which shells keep in",
            "history and",
            "ps shows), seals it.");
    assertThat(brokenLines("seal", handBroken, 80)).hasSize(1);
    List<String> wrapped =
        List.of(
            "Reads a value from stdin (never from the command line, which shells keep in",
            "history).",
            "Get the key with:",
            "  kubectl get configmap om-secrets-operator-cert \\",
            "    -o name");
    assertThat(brokenLines("seal", wrapped, 80)).isEmpty();
  }

  @Test
  void runAndBridgeListEverySettingWithItsDescriptionWrappedAndIndented() {
    for (String command : List.of("run", "bridge")) {
      String help = help(List.of(command));
      String environment = help.substring(help.indexOf("Environment:"));
      for (var setting : Setting.values()) {
        assertThat(environment)
            .as(command)
            .contains(
                "  "
                    + setting.name()
                    + " (default '"
                    + setting.defaultValue()
                    + "')"
                    + System.lineSeparator());
      }
      assertThat(environment.lines().skip(1))
          .as(command + ": no line flush left, none past the width")
          .allSatisfy(line -> assertThat(line).startsWith("  ").hasSizeLessThanOrEqualTo(WIDTH));
      assertThat(String.join(" ", environment.lines().map(String::strip).toList()))
          .as(command + ": each description whole, in words")
          .contains(
              "a standby takes over at its next retry (every 2 s, with jitter) instead of when the Lease expires.");
    }
  }

  @Test
  void topLevelHelpListsTheCommands() {
    assertThat(help(List.of())).contains("run", "bridge", "name");
  }

  /**
   * The command list shows each command's first description line: it must be a whole sentence on
   * one line.
   */
  @Test
  void everyCommandHasAOneLineSummaryThatStandsAlone() {
    String help = help(List.of());
    var rows = help.substring(help.indexOf("Commands:")).lines().skip(1).toList();
    assertThat(rows)
        .as("no summary wraps onto a second line")
        .noneMatch(line -> line.startsWith("      "));
    assertThat(rows)
        .filteredOn(line -> !line.contains("help  "))
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line.strip()).endsWith("."));
  }

  /**
   * A prose line (not an indented example) that ends mid-sentence and is followed by a short line
   * that does not end one either: the mark of a line break typed into the source, which picocli's
   * own wrapping never leaves.
   */
  static List<String> brokenLines(String command, List<String> lines, int width) {
    List<String> broken = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      String line = lines.get(i);
      String next = lines.get(i + 1).strip();
      boolean prose = !line.isBlank() && !Character.isWhitespace(line.charAt(0));
      if (prose
          && !endsASentence(line)
          && !next.isEmpty()
          && next.length() < width / 2
          && !endsASentence(next)) {
        broken.add(command + ": '" + line + "' / '" + next + "'");
      }
    }
    return broken;
  }

  private static boolean endsASentence(String line) {
    return line.strip().matches(".*[.!?:]$");
  }

  /** The description section of the command's help, as picocli lays it out. */
  private static String descriptionOf(List<String> command) {
    CommandLine cli = Main.commandLine();
    for (String name : command) {
      cli = cli.getSubcommands().get(name);
    }
    assertThat(cli.getCommandSpec().usageMessage().width()).isEqualTo(WIDTH);
    return cli.getHelp().description();
  }

  private static String help(List<String> command) {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    List<String> args = new ArrayList<>(command);
    args.add("--help");
    assertThat(cli.execute(args.toArray(String[]::new))).as(String.join(" ", args)).isZero();
    return out.toString();
  }

  /** Every command and subcommand, as the arguments that name it. */
  private static List<List<String>> commands(CommandLine cli, List<String> path) {
    List<List<String>> all = new ArrayList<>();
    all.add(path);
    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals("help")) {
                List<String> subPath = new ArrayList<>(path);
                subPath.add(name);
                all.addAll(commands(sub, subPath));
              }
            });
    return all;
  }
}
