package org.openmetadata.secrets.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the jar's CLI in this JVM for tests of other packages, capturing what it prints. */
public final class Cli {

  /** A command's exit code and output. */
  public record Result(int exitCode, String out, String err) {}

  private Cli() {}

  public static Result run(String... args) {
    return run(CommandLine.defaultFactory(), args);
  }

  /** With the commands made by {@code factory} (a mock API server's, say). */
  static Result run(CommandLine.IFactory factory, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Main.commandLine(factory);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
