package io.routemq.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** kubectl's report of a dry-run create is read as the API server's verdict (outputs captured from kubectl 1.32). */
class DryRunCreateTest {
  private static final String CONFIG =
      "I1201 11:04:54.527605    9250 loader.go:402] Config loaded from file:  /x/admin.kubeconfig\n";
  private static final String POST = "I1201 11:04:54.554614    9250 round_trippers.go:560] POST"
      + " https://127.0.0.1:46239/apis/routemq.io/v1alpha1/namespaces/corpus/routemqclusters"
      + "?dryRun=All&fieldManager=kubectl-create&fieldValidation=Strict ";

  @Test
  void acceptedCreateHasStatus201AndKubectlsLine() {
    DryRunCreate.Verdict verdict = DryRunCreate.verdict(new Kubectl.Result(List.of("kubectl"), 0,
        "routemqcluster.routemq.io/minimal created (server dry run)\n",
        CONFIG + POST + "201 Created in 7 milliseconds\n"));

    assertThat(verdict.accepted()).isTrue();
    assertThat(verdict.httpStatus()).hasValue(201);
    assertThat(verdict.message()).isEqualTo("routemqcluster.routemq.io/minimal created (server dry run)");
  }

  @Test
  void invalidResourceHasStatus422AndTheServersMessage() {
    DryRunCreate.Verdict verdict = DryRunCreate.verdict(new Kubectl.Result(List.of("kubectl"), 1, "", CONFIG + POST
        + "422 Unprocessable Entity in 3 milliseconds\n"
        + "The RouteMQCluster \"demo\" is invalid: \n"
        + "* spec.groups[0].autoscaling.mode: Unsupported value: \"Manual\": supported values: \"HPA\", \"Off\"\n"));

    assertThat(verdict.accepted()).isFalse();
    assertThat(verdict.httpStatus()).hasValue(422);
    assertThat(verdict.message()).isEqualTo("The RouteMQCluster \"demo\" is invalid: \n"
        + "* spec.groups[0].autoscaling.mode: Unsupported value: \"Manual\": supported values: \"HPA\", \"Off\"");
  }

  @Test
  void statusObjectKubectlLogsIsNotPartOfTheMessage() {
    DryRunCreate.Verdict verdict = DryRunCreate.verdict(new Kubectl.Result(List.of("kubectl"), 1, "", CONFIG + POST
        + "400 Bad Request in 3 milliseconds\n"
        + "I1201 11:04:54.677069    9256 helpers.go:246] server response object: %s[{\n"
        + "  \"kind\": \"Status\",\n"
        + "  \"message\": \"strict decoding error: unknown field \\\"spec.brokers\\\"\",\n"
        + "  \"code\": 400\n"
        + "}]\n"
        + "Error from server (BadRequest): error when creating \"x.yaml\": strict decoding error: unknown field"
        + " \"spec.brokers\"\n"));

    assertThat(verdict.httpStatus()).hasValue(400);
    assertThat(verdict.message()).isEqualTo("Error from server (BadRequest): error when creating \"x.yaml\":"
        + " strict decoding error: unknown field \"spec.brokers\"");
  }

  @Test
  void kindTheServerDoesNotServeIsRefusedWithoutACreate() {
    DryRunCreate.Verdict verdict = DryRunCreate.verdict(new Kubectl.Result(List.of("kubectl"), 1, "", CONFIG
        + "I1201 11:08:43.416310   14766 round_trippers.go:560] GET https://127.0.0.1:46239/api?timeout=32s 200 OK"
        + " in 2 milliseconds\n"
        + "error: resource mapping not found for name: \"demo\" namespace: \"\" from \"x.yaml\": no matches for kind"
        + " \"RouteMQCluster\" in version \"routemq.io/v1\"\nensure CRDs are installed first\n"));

    assertThat(verdict.accepted()).isFalse();
    assertThat(verdict.httpStatus()).isEmpty();
    assertThat(verdict.message()).endsWith("in version \"routemq.io/v1\"\nensure CRDs are installed first");
  }
}
