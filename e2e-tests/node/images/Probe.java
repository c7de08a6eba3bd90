import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A spike's test program for the Java base image: prints the runtime, then (with a port argument) serves GET / with
 * 200 "ok" until SIGTERM, for an HTTP readiness probe. Compiled into the image by build-images.sh.
 */
public final class Probe {
  public static void main(String[] args) throws Exception {
    System.out.println("java " + System.getProperty("java.version") + " " + System.getProperty("java.vm.name")
        + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        + ", cpus=" + Runtime.getRuntime().availableProcessors()
        + ", maxHeap=" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "MiB");
    if (args.length == 0) {
      return;
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(args[0])), 0);
    server.createContext("/", exchange -> {
      byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    System.out.println("serving on " + server.getAddress());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
  }
}
