package io.routemq.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class UnknownFieldFinderTest {

  @Test
  void reportsAMisspelledFieldDeepInsideAnObject() {
    Deployment d = Serialization.unmarshal("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: x }
        spec:
          template:
            spec:
              containers:
                - name: c
                  image: i
                  imagePullPolcy: Always
        """, Deployment.class);
    assertThat(UnknownFieldFinder.find(d)).containsExactly(".spec.template.spec.containers[0].imagePullPolcy");
  }

  @Test
  void findsNothingInACorrectObject() {
    Deployment d = Serialization.unmarshal("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: x }
        spec: { replicas: 2 }
        """, Deployment.class);
    assertThat(UnknownFieldFinder.find(d)).isEmpty();
  }
}
