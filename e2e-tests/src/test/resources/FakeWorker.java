// A stand-in container for KubeletStandInIT, run as a single-file Java program: it serves the
// readiness path and shows the environment and mounted files it was given. With FAKE_EXIT_CODE set it
// writes FAKE_TERMINATION_MESSAGE to its termination-message file and exits with that code at once.
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

public class FakeWorker {
  public static void main(String[] args) throws Exception {
    String exit = System.getenv("FAKE_EXIT_CODE");
    if (exit != null) {
      String path = System.getenv("ROUTEMQ_TERMINATION_MESSAGE_PATH");
      if (path != null) {
        Files.writeString(Path.of(path), System.getenv().getOrDefault("FAKE_TERMINATION_MESSAGE", ""));
      }
      System.exit(Integer.parseInt(exit));
    }
    String host = System.getenv("QUARKUS_HTTP_HOST");
    int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/q/health/ready", ex -> reply(ex, 200, "UP"));
    server.createContext("/env", ex -> {
      StringBuilder body = new StringBuilder();
      new TreeMap<>(System.getenv()).forEach((k, v) -> body.append(k).append('=').append(v).append('\n'));
      reply(ex, 200, body.toString());
    });
    server.createContext("/file", ex -> {
      Path file = Path.of(ex.getRequestURI().getQuery().substring("path=".length()));
      reply(ex, Files.exists(file) ? 200 : 404, Files.exists(file) ? Files.readString(file) : "missing");
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("fake worker: SIGTERM received, stopping");
      server.stop(0);
    }));
    server.start();
    System.out.println("fake worker listening on " + host + ":" + port);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, int code, String body) throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(code, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
