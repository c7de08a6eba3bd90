package io.routemq.worker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 in front of a broker, whose connections a test can cut: the broker then sees a client
 * vanish without an MQTT DISCONNECT, as it does when a worker process is SIGKILLed or its pod is lost. It can also
 * partition the network: nothing passes either way and no side learns of the other's close, so each finds out by
 * its own keep-alive, as across a lost route; new connections hang until the partition heals.
 */
public final class CuttableProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private boolean partitioned;

  public CuttableProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "proxy-accept-" + server.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public String url() {
    return "tcp://127.0.0.1:" + port();
  }

  /** Closes every relayed connection at once, both sides; later connections are relayed again. */
  public void cut() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
    sockets.clear();
  }

  /** From now on nothing passes, and closes are not passed on, until {@link #heal()}. */
  public void partition() {
    synchronized (gate) {
      partitioned = true;
    }
  }

  /** Lets traffic and the closes held back pass again. */
  public void heal() {
    synchronized (gate) {
      partitioned = false;
      gate.notifyAll();
    }
  }

  private void awaitHealed() throws InterruptedException {
    synchronized (gate) {
      while (partitioned) {
        gate.wait();
      }
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        try {
          // A connection attempt across the partition hangs: the client's own connect timeout ends it.
          awaitHealed();
        } catch (InterruptedException e) {
          return;
        }
        Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        broker.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(broker);
        pump(client, broker);
        pump(broker, client);
      } catch (IOException e) {
        if (!server.isClosed()) {
          continue;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          // Bytes read during a partition wait in the buffer; the peers' keep-alives end the connection first.
          awaitHealed();
          out.write(buf, 0, n);
        }
        awaitHealed();
      } catch (IOException closed) {
        // a cut, or one side went away
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    heal();
    server.close();
    cut();
  }
}
