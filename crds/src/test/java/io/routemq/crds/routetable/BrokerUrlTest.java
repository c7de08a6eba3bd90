package io.routemq.crds.routetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerUrlTest {

  @Test
  void defaultsThePortBySchemeAndReadsTls() {
    assertThat(BrokerUrl.parse("tcp://broker.iot")).isEqualTo(new BrokerUrl("broker.iot", 1883, false));
    assertThat(BrokerUrl.parse("mqtts://broker.iot")).isEqualTo(new BrokerUrl("broker.iot", 8883, true));
    assertThat(BrokerUrl.parse("ssl://10.0.0.1:9000")).isEqualTo(new BrokerUrl("10.0.0.1", 9000, true));
    assertThat(BrokerUrl.parse("MQTT://b:1884")).isEqualTo(new BrokerUrl("b", 1884, false));
  }

  @Test
  void saysWhyAUrlCannotBeUsed() {
    assertThatThrownBy(() -> BrokerUrl.parse("http://b:1883")).hasMessage("the scheme must be tcp, mqtt, ssl or mqtts");
    assertThatThrownBy(() -> BrokerUrl.parse("tcp://:1883")).hasMessage("it has no valid host name");
    assertThatThrownBy(() -> BrokerUrl.parse("tcp://b:70000")).hasMessage("the port must be between 1 and 65535");
    assertThatThrownBy(() -> BrokerUrl.parse("tcp://b b")).hasMessage("it is not a URL");
    assertThatThrownBy(() -> BrokerUrl.parse(null)).hasMessage("it is not a URL");
  }
}
