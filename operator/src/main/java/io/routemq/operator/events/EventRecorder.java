package io.routemq.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Emits core/v1 Events about a RouteMQCluster, so `kubectl describe rmq` explains what happened. */
public class EventRecorder {

  public static final String COMPONENT = "routemq-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final AtomicLong SEQUENCE = new AtomicLong();
  /**
   * metav1.MicroTime's wire form: always six fractional digits. Instant.toString() drops trailing zero groups
   * (".200Z" when the microseconds are a whole number of milliseconds), and the API server refuses that Event.
   */
  static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata about, String reason, String message) {
    emit(about, "Normal", reason, message);
  }

  public void warning(HasMetadata about, String reason, String message) {
    emit(about, "Warning", reason, message);
  }

  private void emit(HasMetadata about, String type, String reason, String message) {
    Instant now = clock.instant();
    String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    String name = about.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli())
        + Long.toHexString(SEQUENCE.incrementAndGet());
    try {
      client.v1().events().inNamespace(about.getMetadata().getNamespace()).resource(new EventBuilder()
          .withNewMetadata().withName(name).withNamespace(about.getMetadata().getNamespace()).endMetadata()
          .withNewInvolvedObject()
          .withApiVersion(about.getApiVersion())
          .withKind(about.getKind())
          .withName(about.getMetadata().getName())
          .withNamespace(about.getMetadata().getNamespace())
          .withUid(about.getMetadata().getUid())
          .withResourceVersion(about.getMetadata().getResourceVersion())
          .endInvolvedObject()
          .withType(type)
          .withReason(reason)
          .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .withReportingInstance(COMPONENT)
          .withAction(reason)
          .withFirstTimestamp(timestamp)
          .withLastTimestamp(timestamp)
          .withEventTime(new MicroTime(MICRO_TIME.format(now)))
          .withCount(1)
          .build()).create();
    } catch (KubernetesClientException e) {
      // An Event is a courtesy: failing to write one must not fail the reconcile.
      LOG.warn("could not record event reason={} on {}: {}", reason, about.getMetadata().getName(), e.getMessage());
    }
  }
}
