package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import ma.manchette.web.OutletsReadiness.Assessment;
import ma.manchette.web.OutletsReadiness.Sample;
import org.junit.jupiter.api.Test;

/** The degraded rule of /health/ready, on its own. */
class OutletsReadinessTest {
  private static Sample failed(int times) {
    return new Sample(true, times, times, true);
  }

  private static Sample answering() {
    return new Sample(true, 3, 0, true);
  }

  private static Sample waitingFirstPoll() {
    return new Sample(true, 0, 0, true);
  }

  @Test
  void everyEnabledOutletFailingItsLastPollIsDegraded() {
    Assessment a = OutletsReadiness.assess(List.of(failed(1), failed(4), failed(2)));
    assertThat(a).isEqualTo(new Assessment(3, 3, "degraded"));
  }

  @Test
  void oneOutletAnsweringIsEnough() {
    assertThat(OutletsReadiness.assess(List.of(failed(5), answering(), failed(1))))
        .isEqualTo(new Assessment(3, 2, "ok"));
  }

  @Test
  void anOutletThatRecoversClearsDegraded() {
    // failed before, its last poll answered: consecutive failures back to 0
    assertThat(OutletsReadiness.assess(List.of(failed(3), new Sample(true, 7, 0, true))).state())
        .isEqualTo("ok");
  }

  @Test
  void notDegradedUntilEveryOutletHadItsFirstPoll() {
    assertThat(OutletsReadiness.assess(List.of(failed(1), waitingFirstPoll())))
        .isEqualTo(new Assessment(2, 1, "ok"));
  }

  @Test
  void pausedAndUnleasedOutletsDoNotCount() {
    Sample paused = new Sample(false, 0, 0, false);
    Sample leasedElsewhere = new Sample(true, 0, 0, false);
    assertThat(OutletsReadiness.assess(List.of(failed(2), paused, leasedElsewhere)))
        .isEqualTo(new Assessment(2, 1, "degraded"));
    // a paused outlet's old failure is not a failing outlet
    assertThat(OutletsReadiness.assess(List.of(new Sample(false, 3, 3, false), answering())))
        .isEqualTo(new Assessment(1, 0, "ok"));
  }

  @Test
  void noOutletsIsOk() {
    assertThat(OutletsReadiness.assess(List.of())).isEqualTo(new Assessment(0, 0, "ok"));
    assertThat(OutletsReadiness.assess(List.of(new Sample(true, 0, 0, false))).state())
        .isEqualTo("ok");
  }

  @Test
  void liftPutsOutletsAndStateAtTheTop() {
    JsonObject data = new Assessment(2, 2, "degraded").toJson();
    JsonObject ready =
        new JsonObject()
            .put("status", "UP")
            .put("outcome", "UP")
            .put(
                "checks",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("id", "outlets")
                            .put("status", "UP")
                            .put("data", data)));
    JsonObject out = OutletsReadiness.lift(ready);
    assertThat(out.getString("state")).isEqualTo("degraded");
    assertThat(out.getJsonObject("outlets")).isEqualTo(data);
    assertThat(
            OutletsReadiness.lift(
                    new JsonObject().put("outcome", "DOWN").put("checks", new JsonArray()))
                .getString("state"))
        .isEqualTo("down");
  }
}
