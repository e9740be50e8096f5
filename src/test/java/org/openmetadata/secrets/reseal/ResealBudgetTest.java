package org.openmetadata.secrets.reseal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResealBudgetTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFullRequestGoesAtOnceThenTheNamespaceWaitsForItsRateWhileAnotherDoesNot() {
    ResealBudget budget = new ResealBudget(20, 100);
    assertThat(budget.take("flood", 100, 0)).isZero();
    assertThat(budget.take("flood", 100, 0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(budget.take("quiet", 100, 0)).as("another namespace's bucket").isZero();
    assertThat(budget.take("flood", 100, 5 * SECOND)).isZero();
  }

  @Test
  void aRequestThatMustWaitTakesNothing() {
    ResealBudget budget = new ResealBudget(20, 100);
    assertThat(budget.take("n", 90, 0)).isZero();
    assertThat(budget.take("n", 20, 0)).isEqualTo(Duration.ofMillis(500));
    assertThat(budget.take("n", 10, 0))
        .as("the 10 left were not taken by the waiting request")
        .isZero();
  }
}
