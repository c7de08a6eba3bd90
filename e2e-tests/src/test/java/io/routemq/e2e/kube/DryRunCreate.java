package io.routemq.e2e.kube;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl create --dry-run=server -f <file>} as a user runs it (kubectl's own YAML reading, discovery and
 * strict field validation), and the API server's answer read back from kubectl: its verbose log gives the HTTP
 * status of the create, the rest is what the user sees.
 */
final class DryRunCreate {

  /** Accepted or not, the HTTP status of the create (empty when kubectl sent none), and what kubectl printed. */
  record Verdict(boolean accepted, OptionalInt httpStatus, String message) {}

  /** kubectl -v=6 logs each request as "POST <url> <status> <reason> in <n> milliseconds". */
  private static final Pattern REQUEST = Pattern.compile("\\] POST \\S+ (\\d{3}) ");
  private static final Pattern KLOG = Pattern.compile("^[IWEF]\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d+\\s+\\d+ \\S+:\\d+\\] ");

  private DryRunCreate() {}

  /** The kubectl arguments that create {@code file} in {@code namespace}, persisting nothing. */
  static String[] args(Path file, String namespace) {
    return new String[] {"create", "--dry-run=server", "-f", file.toString(), "-n", namespace, "-v=6"};
  }

  /** What the API server answered, as kubectl reported it. */
  static Verdict verdict(Kubectl.Result result) {
    OptionalInt status = OptionalInt.empty();
    List<String> shown = new ArrayList<>();
    boolean inDump = false;
    for (String line : (result.err() + "\n" + result.out()).split("\n")) {
      if (KLOG.matcher(line).find()) {
        Matcher request = REQUEST.matcher(line);
        if (request.find()) {
          status = OptionalInt.of(Integer.parseInt(request.group(1)));
        }
        // At -v=6 kubectl also logs the Status object of a failed request, over several lines.
        inDump = line.contains("server response object:") && !line.endsWith("}]");
      } else if (inDump) {
        inDump = !line.equals("}]");
      } else if (!line.isBlank()) {
        shown.add(line);
      }
    }
    return new Verdict(result.succeeded(), status, String.join("\n", shown));
  }
}
