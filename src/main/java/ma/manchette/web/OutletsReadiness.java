package ma.manchette.web;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import ma.manchette.outlet.Outlet;
import ma.manchette.outlet.OutletRegistry;

/**
 * Whether the outlets answer, as a readiness check that never fails.
 *
 * <p>A server whose every source is unreachable is still worth keeping in the load balancer (the
 * history, the pages and the API still answer, and restarting it would not bring the network back),
 * so the check stays UP; what changes is the {@code state} it reports, which {@link #lift} copies
 * to the top of the /health/ready JSON.
 *
 * <p>The degraded rule: only enabled outlets this node polls count (polled at least once here, or
 * with a poll planned); an outlet leased to another node, or never scheduled, says nothing about
 * this node's network. The state is {@code degraded} when at least one outlet counts, each of them
 * has been polled at least once since start, and the last poll of every one of them failed. One
 * outlet answering is enough for {@code ok}: a single broken site is the dashboard's business, not
 * the operator's pager. Until every counted outlet has had its first poll the state stays {@code
 * ok}, so a start does not flap through degraded while the first polls are spread out.
 */
public final class OutletsReadiness {
  public static final String CHECK = "outlets";

  /**
   * What the rule needs of one outlet; kept apart from {@link Outlet} so the rule is testable on
   * its own.
   */
  public record Sample(boolean enabled, long polls, int consecutiveFailures, boolean scheduled) {
    boolean counted() {
      return enabled && (polls > 0 || scheduled);
    }

    boolean failing() {
      return enabled && polls > 0 && consecutiveFailures > 0;
    }
  }

  /**
   * enabled: enabled outlets; failing: enabled outlets whose last poll failed; state: "ok" or
   * "degraded".
   */
  public record Assessment(int enabled, int failing, String state) {
    public boolean degraded() {
      return "degraded".equals(state);
    }

    public JsonObject toJson() {
      return new JsonObject().put("enabled", enabled).put("failing", failing).put("state", state);
    }
  }

  public static Assessment assess(Collection<Sample> outlets) {
    int enabled = 0;
    int failing = 0;
    int counted = 0;
    int countedFailing = 0;
    boolean allPolled = true;
    for (Sample s : outlets) {
      if (s.enabled()) enabled++;
      if (s.failing()) failing++;
      if (!s.counted()) continue;
      counted++;
      if (s.polls() == 0) allPolled = false;
      if (s.failing()) countedFailing++;
    }
    boolean degraded = counted > 0 && allPolled && countedFailing == counted;
    return new Assessment(enabled, failing, degraded ? "degraded" : "ok");
  }

  private final Supplier<OutletRegistry> registry;

  public OutletsReadiness(Supplier<OutletRegistry> registry) {
    this.registry = registry;
  }

  public Assessment assess() {
    OutletRegistry r = registry.get();
    if (r == null) return new Assessment(0, 0, "ok");
    List<Sample> samples = new ArrayList<>();
    for (Outlet o : r.all()) {
      samples.add(
          new Sample(
              o.config().enabled(),
              o.health.polls(),
              o.health.consecutiveFailures(),
              o.health.nextPollAt() != null));
    }
    return assess(samples);
  }

  /** The health check procedure: always UP, with the assessment as its data. */
  public void check(Promise<Status> p) {
    p.complete(Status.OK(assess().toJson()));
  }

  /**
   * Copies the outlets check's data to the top of the ready JSON as {@code "outlets"}, and adds
   * {@code "state"}: "down" when the server is not ready, else the outlets' state.
   */
  public static JsonObject lift(JsonObject ready) {
    JsonObject outlets = null;
    JsonArray checks = ready.getJsonArray("checks");
    if (checks != null) {
      for (int i = 0; i < checks.size(); i++) {
        Object c = checks.getValue(i);
        if (c instanceof JsonObject check
            && CHECK.equals(check.getString("id"))
            && check.getJsonObject("data") != null) {
          outlets = check.getJsonObject("data");
        }
      }
    }
    if (outlets != null) ready.put("outlets", outlets.copy());
    String state =
        "DOWN".equals(ready.getString("outcome", ready.getString("status")))
            ? "down"
            : outlets != null ? outlets.getString("state", "ok") : "ok";
    return ready.put("state", state);
  }
}
