package io.routemq.e2e.load;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load tester of RouteMQ's scaling guide, done properly: sequenced QoS 0/1 messages at a rate
 * profile, and a count of what the handlers' output shows lost, duplicated and how late.
 */
@Command(
    name = "routemq-load",
    mixinStandardHelpOptions = true,
    description = "Publish sequenced MQTT messages at a rate profile and report sent, acked, received, lost,"
        + " duplicated and end-to-end latency. Exit code 1 when messages were lost.")
public final class LoadTesterCli implements Callable<Integer> {

  @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "Broker URL (default ${DEFAULT-VALUE}).")
  String broker;

  @Option(names = "--topic", defaultValue = "sensors/{n}/data",
      description = "Topic to publish to; {n} becomes 0..topics-1 (default ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--topics", defaultValue = "100", description = "Distinct topics (default ${DEFAULT-VALUE}).")
  int topics;

  @Option(names = "--listen", description = "Topic filter of the handlers' output, e.g. processed/#. Without it,"
      + " nothing is counted as received or lost.")
  String listen;

  @Option(names = "--qos", defaultValue = "1", description = "Publish QoS, 0 or 1 (default ${DEFAULT-VALUE}).")
  int qos;

  @Option(names = "--profile", defaultValue = "constant",
      description = "constant | step | spike | sine (default ${DEFAULT-VALUE}).")
  String profile;

  @Option(names = "--rate", defaultValue = "1000", description = "Base rate, msg/s (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--peak", defaultValue = "10000",
      description = "step/spike: the higher rate; sine: the amplitude (default ${DEFAULT-VALUE}).")
  double peak;

  @Option(names = "--at", defaultValue = "10s", converter = DurationConverter.class,
      description = "step/spike: when the peak starts (default ${DEFAULT-VALUE}).")
  Duration at;

  @Option(names = "--length", defaultValue = "5s", converter = DurationConverter.class,
      description = "spike: how long the peak lasts (default ${DEFAULT-VALUE}).")
  Duration length;

  @Option(names = "--period", defaultValue = "60s", converter = DurationConverter.class,
      description = "sine: period (default ${DEFAULT-VALUE}).")
  Duration period;

  @Option(names = "--noise", defaultValue = "0.2", description = "sine: noise fraction (default ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to publish (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--size", defaultValue = "100", description = "Payload bytes, at least 24 (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--drain", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to wait for outputs after publishing (default ${DEFAULT-VALUE}).")
  Duration drain;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadTesterCli()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    LoadProfile shape = switch (profile) {
      case "constant" -> new LoadProfile.Constant(rate);
      case "step" -> new LoadProfile.Step(rate, peak, at.toMillis() / 1000.0);
      case "spike" -> new LoadProfile.Spike(rate, peak, at.toMillis() / 1000.0, length.toMillis() / 1000.0);
      case "sine" -> new LoadProfile.Sine(rate, peak, period.toMillis() / 1000.0, noise, 42);
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "unknown --profile " + profile + ": use constant, step, spike or sine");
    };
    if (qos < 0 || qos > 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--qos must be 0 or 1");
    }
    LoadRun.Spec spec = new LoadRun.Spec(broker, topic, topics, qos, shape, duration, listen, size, drain, System.err);
    try (LoadRun run = LoadRun.start(spec)) {
      LoadReport report = run.awaitReport();
      System.out.println("RESULT " + report.summary());
      return report.lost() > 0 ? 1 : 0;
    }
  }

  /** Accepts 500ms, 30s, 2m, 1h, or ISO-8601 (PT30S). */
  public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parse(value);
    }

    static Duration parse(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      if (v.startsWith("pt")) {
        return Duration.parse(value);
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new IllegalArgumentException("duration " + value + ": use e.g. 500ms, 30s, 2m");
      };
    }
  }
}
