package org.openmetadata.secrets.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.openmetadata.secrets.naming.InvalidSecretNameException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the Secret name for an OpenMetadata secret path, so people can find it with kubectl. */
@Command(
    name = "name",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the Secret name for an OpenMetadata secret path.",
      "The name OpenMetadata's server (and this operator) uses, with the same naming settings. Exit code 2 and a"
          + " one-line error when the path gives no valid name."
    })
final class NameCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin NamingOptions naming;

  @Parameters(index = "0", paramLabel = "PATH", description = "e.g. database/myservice/password")
  String path;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      out.println(naming.config().naming().secretName(path));
      return 0;
    } catch (InvalidSecretNameException | RuntimeException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
  }
}
