package io.routemq.operator.autoscaling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * Shares one cluster's worker budget among its groups (pure). Every group first gets its minimum; what is left goes
 * to the groups' needs in order of priority, highest first, ties in declaration order (the order of the claims, which
 * is the order of spec.groups: stable, visible to the user, and unchanged by renaming a group); then, in the same
 * order, what is still left is headroom up to each group's ceiling (an HPA-mode group may grow into it on its own).
 * Needs always come before anyone's headroom, and the allocation is recomputed from scratch every reconcile, so
 * headroom never holds workers back from a need.
 */
public final class FleetBudget {

  private FleetBudget() {}

  /**
   * What one group asks for.
   *
   * @param group the group's name
   * @param priority higher is served first
   * @param minimum workers the group always gets (replicas.min, a fixed count, or 1)
   * @param need workers the group needs now, after its own min/max and the engine's rules (raised to the minimum)
   * @param ceiling the most it could use without another decision (an HPA's maxReplicas; the need otherwise),
   *     raised to the need
   */
  public record Claim(String group, int priority, int minimum, int need, int ceiling) {
    public Claim {
      minimum = Math.max(0, minimum);
      need = Math.max(minimum, need);
      ceiling = Math.max(need, ceiling);
    }

    /** A group that can use exactly what it needs (Operator mode, fixed counts). */
    public static Claim of(String group, int priority, int minimum, int need) {
      return new Claim(group, priority, minimum, need, need);
    }
  }

  /**
   * What one group gets.
   *
   * @param granted workers granted now, at least the minimum, at most the need
   * @param headroom workers more it may grow to on its own (granted + headroom ≤ ceiling)
   */
  public record Grant(String group, int priority, int need, int granted, int headroom) {

    /** How many workers short of its need the budget left the group. */
    public int shortfall() {
      return need - granted;
    }

    public boolean capped() {
      return granted < need;
    }
  }

  /**
   * The outcome for all groups.
   *
   * @param budget the cap, empty for none
   * @param grants one per claim, in the claims' order
   */
  public record Allocation(OptionalInt budget, List<Grant> grants) {
    public Allocation {
      grants = List.copyOf(grants);
    }

    /** The groups granted less than they need, in the claims' order. */
    public List<Grant> capped() {
      return grants.stream().filter(Grant::capped).toList();
    }

    public Grant grant(String group) {
      return grants.stream().filter(g -> g.group().equals(group)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no claim for group " + group));
    }
  }

  /**
   * Shares {@code budget} among {@code claims}. Without a budget every group gets its need and its whole ceiling.
   * Minimums are granted even when they exceed the budget (the CRD's validation refuses such a spec; a group is
   * never pushed below its minimum by this code).
   */
  public static Allocation allocate(OptionalInt budget, List<Claim> claims) {
    if (budget.isEmpty()) {
      return new Allocation(budget, claims.stream()
          .map(c -> new Grant(c.group(), c.priority(), c.need(), c.need(), c.ceiling() - c.need())).toList());
    }
    long left = budget.getAsInt() - claims.stream().mapToLong(Claim::minimum).sum();
    int[] granted = claims.stream().mapToInt(Claim::minimum).toArray();
    int[] headroom = new int[claims.size()];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < claims.size(); i++) {
      order.add(i);
    }
    // List.sort is stable: equal priorities keep declaration order.
    order.sort(Comparator.comparingInt((Integer i) -> claims.get(i).priority()).reversed());
    for (int i : order) {
      int extra = (int) Math.max(0, Math.min(claims.get(i).need() - granted[i], left));
      granted[i] += extra;
      left -= extra;
    }
    for (int i : order) {
      int extra = (int) Math.max(0, Math.min(claims.get(i).ceiling() - granted[i], left));
      headroom[i] = extra;
      left -= extra;
    }
    List<Grant> grants = new ArrayList<>();
    for (int i = 0; i < claims.size(); i++) {
      Claim c = claims.get(i);
      grants.add(new Grant(c.group(), c.priority(), c.need(), granted[i], headroom[i]));
    }
    return new Allocation(budget, grants);
  }
}
