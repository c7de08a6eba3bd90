package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Retries of a failed handler, then the dead-letter topic: no message is silently dropped. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.initialBackoffMillis <= self.maxBackoffMillis",
    message = "failurePolicy.initialBackoffMillis must not be greater than maxBackoffMillis")
public class FailurePolicySpec {

  @Min(1)
  @Max(100)
  @Default("3")
  @JsonPropertyDescription("How often a handler is tried for one message before it is dead-lettered. Default 3.")
  private Integer maxAttempts;

  @Min(0)
  @Max(600000)
  @Default("100")
  @JsonPropertyDescription("Wait before the first retry, in ms; doubled for each further retry. Default 100.")
  private Integer initialBackoffMillis;

  @Min(0)
  @Max(600000)
  @Default("10000")
  @JsonPropertyDescription("Longest wait between retries, in ms. Default 10000.")
  private Integer maxBackoffMillis;

  @Size(min = 1, max = 256)
  @ValidationRule(value = "!self.contains('\\u0000')",
      message = "failurePolicy.deadLetterTopic cannot hold the character U+0000: MQTT forbids it in topics")
  @ValidationRule(value = "!self.matches('[+#]')",
      message = "failurePolicy.deadLetterTopic is a topic to publish to: it cannot hold the wildcards '+' or '#'")
  @ValidationRule(value = "!self.startsWith('$')",
      message = "failurePolicy.deadLetterTopic cannot start with '$': brokers keep such topics ($SYS, $share) to"
          + " themselves and drop what clients publish there")
  @JsonPropertyDescription("Where a message goes when its attempts are used up, with the error and original topic as"
      + " MQTT 5 user properties. Default routemq/dead-letter/<cluster>-<group>.")
  private String deadLetterTopic;

  public Integer getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public Integer getInitialBackoffMillis() {
    return initialBackoffMillis;
  }

  public void setInitialBackoffMillis(Integer initialBackoffMillis) {
    this.initialBackoffMillis = initialBackoffMillis;
  }

  public Integer getMaxBackoffMillis() {
    return maxBackoffMillis;
  }

  public void setMaxBackoffMillis(Integer maxBackoffMillis) {
    this.maxBackoffMillis = maxBackoffMillis;
  }

  public String getDeadLetterTopic() {
    return deadLetterTopic;
  }

  public void setDeadLetterTopic(String deadLetterTopic) {
    this.deadLetterTopic = deadLetterTopic;
  }
}
