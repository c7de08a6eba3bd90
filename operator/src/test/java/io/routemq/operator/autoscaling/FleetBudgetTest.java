package io.routemq.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.operator.autoscaling.FleetBudget.Allocation;
import io.routemq.operator.autoscaling.FleetBudget.Claim;
import io.routemq.operator.autoscaling.FleetBudget.Grant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FleetBudgetTest {

  private static Allocation allocate(int budget, Claim... claims) {
    return FleetBudget.allocate(OptionalInt.of(budget), List.of(claims));
  }

  @Test
  void theHigherPriorityGetsItsNeedAndTheLowerIsCapped() {
    Allocation a = allocate(10, Claim.of("b", 0, 1, 6), Claim.of("a", 5, 1, 8));

    assertThat(a.grant("a").granted()).isEqualTo(8);
    assertThat(a.grant("b").granted()).isEqualTo(2);
    assertThat(a.grant("b").shortfall()).isEqualTo(4);
    assertThat(a.capped()).extracting(Grant::group).containsExactly("b");
  }

  @Test
  void equalPrioritiesAreServedInDeclarationOrder() {
    Allocation first = allocate(6, Claim.of("x", 0, 1, 4), Claim.of("y", 0, 1, 4));
    Allocation swapped = allocate(6, Claim.of("y", 0, 1, 4), Claim.of("x", 0, 1, 4));

    assertThat(first.grant("x").granted()).isEqualTo(4);
    assertThat(first.grant("y").granted()).isEqualTo(2);
    assertThat(swapped.grant("y").granted()).isEqualTo(4);
    assertThat(swapped.grant("x").granted()).isEqualTo(2);
  }

  @Test
  void everyMinimumIsGrantedBeforeAnyNeed() {
    Allocation a = allocate(10, Claim.of("high", 100, 1, 20), Claim.of("low", -5, 3, 9));

    assertThat(a.grant("low").granted()).as("its minimum, though the other group wants everything").isEqualTo(3);
    assertThat(a.grant("high").granted()).isEqualTo(7);
  }

  @Test
  void aBudgetExactlyMetCapsNobody() {
    Allocation a = allocate(9, Claim.of("a", 1, 1, 4), Claim.of("b", 0, 2, 5));

    assertThat(a.capped()).isEmpty();
    assertThat(a.grants()).extracting(Grant::granted).containsExactly(4, 5);
  }

  @Test
  void withoutABudgetEveryGroupGetsItsNeedAndItsCeiling() {
    Allocation a = FleetBudget.allocate(OptionalInt.empty(),
        List.of(Claim.of("a", 0, 1, 400), new Claim("hpa", 0, 2, 3, 50)));

    assertThat(a.capped()).isEmpty();
    assertThat(a.grant("a").granted()).isEqualTo(400);
    assertThat(a.grant("hpa").granted()).isEqualTo(3);
    assertThat(a.grant("hpa").headroom()).isEqualTo(47);
  }

  @Test
  void whenTheMinimumsTakeTheWholeBudgetEveryGroupAboveItsMinimumIsCapped() {
    Allocation a = allocate(4, Claim.of("a", 3, 2, 5), Claim.of("b", 2, 1, 3), Claim.of("c", 1, 1, 1));

    assertThat(a.grants()).extracting(Grant::granted).containsExactly(2, 1, 1);
    assertThat(a.capped()).extracting(Grant::group).containsExactly("a", "b");
    assertThat(a.capped()).extracting(Grant::shortfall).containsExactly(3, 2);
  }

  @Test
  void minimumsAboveTheBudgetAreStillGranted() {
    Allocation a = allocate(2, Claim.of("a", 0, 2, 3), Claim.of("b", 0, 2, 2));

    assertThat(a.grants()).extracting(Grant::granted).containsExactly(2, 2);
    assertThat(a.grant("a").shortfall()).isEqualTo(1);
  }

  @Test
  void headroomGoesByPriorityOnlyAfterEveryNeed() {
    // hpa (priority 9) could grow to 20, but the lower group's need comes first.
    Allocation a = allocate(12, new Claim("hpa", 9, 1, 3, 20), Claim.of("worker", 0, 1, 6),
        new Claim("other", 5, 1, 1, 10));

    assertThat(a.capped()).isEmpty();
    assertThat(a.grant("hpa").granted()).isEqualTo(3);
    assertThat(a.grant("hpa").headroom()).isEqualTo(2);
    assertThat(a.grant("other").headroom()).isZero();
    assertThat(a.grant("worker").granted()).isEqualTo(6);
  }

  @Test
  void aNeedBelowTheMinimumCountsAsTheMinimum() {
    Allocation a = allocate(5, Claim.of("a", 0, 3, 1));

    assertThat(a.grant("a").need()).isEqualTo(3);
    assertThat(a.grant("a").granted()).isEqualTo(3);
  }
}
