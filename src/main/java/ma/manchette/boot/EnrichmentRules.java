package ma.manchette.boot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Set;
import ma.manchette.config.AppConfig;
import ma.manchette.enrich.Enrichers;

/**
 * What each headline is about: rules built into the jar, or MANCHETTE_REGIONS/SECTIONS, or files
 * beside the outlets file; and the outlets whose article text is fetched right after detection
 * (conf/fulltext.yaml).
 */
public record EnrichmentRules(Enrichers.Loaded loaded, Set<String> eagerBodies) {

  public static Future<EnrichmentRules> load(Vertx vertx, AppConfig config) {
    Path confDir = config.outletsFile().toAbsolutePath().getParent();
    return vertx
        .executeBlocking(() -> Enrichers.load(confDir, config.regionsFile(), config.sectionsFile()))
        .compose(
            loaded ->
                vertx
                    .executeBlocking(() -> Enrichers.eagerFullText(confDir))
                    .map(eager -> new EnrichmentRules(loaded, eager)));
  }

  /** The rules in force, as /health/ready and the stats show them. */
  public JsonObject json() {
    return new JsonObject(loaded.toMap());
  }
}
