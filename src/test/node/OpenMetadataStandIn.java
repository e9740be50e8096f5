import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for OpenMetadata's server in HelmNodeIT: run with the JRE's single-file source launcher in the server's
 * container, next to the bridge sidecar. It reads the kubeconfig the chart renders, as OpenMetadata's secrets manager
 * does, and makes that manager's calls (read to test existence, create, read, read-then-replace, delete) for the
 * credential names in STAND_IN_KEEP and STAND_IN_DROP. Each call's outcome goes to the termination message, which
 * the test reads from the pod's status; values never do. Exits 0 only when every call answered as the server needs.
 */
public final class OpenMetadataStandIn {

  private static final Pattern SERVER = Pattern.compile("server:\\s*(\\S+)");
  private static final Pattern DATA_VALUE = Pattern.compile("\"data\"\\s*:\\s*\\{\\s*\"value\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern RESOURCE_VERSION = Pattern.compile("\"resourceVersion\"\\s*:\\s*\"([^\"]+)\"");

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String secrets;
  private final List<String> report = new ArrayList<>();
  private boolean failed;

  private OpenMetadataStandIn(String server, String namespace) {
    this.secrets = server + "/api/v1/namespaces/" + namespace + "/secrets";
  }

  public static void main(String[] args) throws Exception {
    String kubeconfig = Files.readString(Path.of(System.getenv("OM_SM_KUBECONFIG_PATH")));
    Matcher server = SERVER.matcher(kubeconfig);
    if (!server.find()) {
      throw new IllegalStateException("no server in the kubeconfig");
    }
    OpenMetadataStandIn om = new OpenMetadataStandIn(server.group(1), System.getenv("OM_SM_NAMESPACE"));
    om.run(System.getenv("STAND_IN_KEEP"), System.getenv("STAND_IN_DROP"), System.getenv("STAND_IN_VALUE"));
  }

  private void run(String keep, String drop, String value) throws Exception {
    awaitBridge();
    // storeSecret after existSecret said no; getSecret; updateSecret (read, replace); getSecret.
    expect("exists " + keep, get(keep), 404, null);
    expect("create " + keep, send("POST", secrets, body(keep, value + "-1", null)), 201, null);
    expect("read " + keep, get(keep), 200, value + "-1");
    HttpResponse<String> read = get(keep);
    Matcher version = RESOURCE_VERSION.matcher(read.body());
    String resourceVersion = version.find() ? version.group(1) : null;
    expect("replace " + keep, send("PUT", secrets + "/" + keep, body(keep, value + "-2", resourceVersion)), 200, null);
    expect("read " + keep, get(keep), 200, value + "-2");
    expect("create again " + keep, send("POST", secrets, body(keep, value + "-3", null)), 409, null);
    // A credential OpenMetadata removes (a deleted service): create, delete, then it reads as absent.
    expect("create " + drop, send("POST", secrets, body(drop, value + "-d", null)), 201, null);
    expect("delete " + drop, send("DELETE", secrets + "/" + drop, null), 200, null);
    expect("read " + drop, get(drop), 404, null);

    String message = String.join("\n", report);
    System.out.println(message);
    Files.writeString(Path.of("/dev/termination-log"), message);
    System.exit(failed ? 1 : 0);
  }

  /** The bridge is a sidecar that starts with the pod: OpenMetadata's own start takes longer than the bridge's. */
  private void awaitBridge() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      try {
        get("probe");
        return;
      } catch (ConnectException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(250);
      }
    }
  }

  private void expect(String step, HttpResponse<String> response, int code, String value) {
    boolean ok = response.statusCode() == code;
    if (ok && value != null) {
      Matcher data = DATA_VALUE.matcher(response.body());
      ok = data.find() && value.equals(new String(Base64.getDecoder().decode(data.group(1)), StandardCharsets.UTF_8));
    }
    failed |= !ok;
    report.add(step + " -> " + response.statusCode() + (ok ? " ok" : " UNEXPECTED"));
  }

  private HttpResponse<String> get(String name) throws Exception {
    return send("GET", secrets + "/" + name, null);
  }

  private HttpResponse<String> send(String method, String url, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json");
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The V1Secret OpenMetadata's manager writes: its labels, one data key `value`. */
  private static String body(String name, String value, String resourceVersion) {
    String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    String version = resourceVersion == null ? "" : ",\"resourceVersion\":\"" + resourceVersion + "\"";
    return "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + name + "\"" + version
        + ",\"labels\":{\"app\":\"openmetadata\",\"managed-by\":\"openmetadata-secrets-manager\"}},"
        + "\"data\":{\"value\":\"" + encoded + "\"}}";
  }
}
