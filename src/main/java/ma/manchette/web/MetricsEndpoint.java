package ma.manchette.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import ma.manchette.metrics.Telemetry;

/**
 * GET /metrics: the Prometheus text exposition, rendered on a worker thread (hundreds of series).
 */
public final class MetricsEndpoint {
  private final Telemetry telemetry;

  public MetricsEndpoint(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  public void mount(Router router) {
    router.get("/metrics").handler(this::get);
  }

  private void get(RoutingContext rc) {
    rc.vertx()
        .executeBlocking(telemetry::scrape, false)
        .onSuccess(
            text ->
                RequestLoop.run(
                    rc,
                    () ->
                        rc.response()
                            .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                            .end(text)))
        .onFailure(rc::fail);
  }
}
