package ma.manchette.boot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import ma.manchette.config.AppConfig;
import ma.manchette.enrich.Enrichers;
import ma.manchette.story.StoryLexicon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each headline is about: rules built into the jar, or MANCHETTE_REGIONS/SECTIONS, or files
 * beside the outlets file; and the outlets whose article text is fetched right after detection
 * (conf/fulltext.yaml); and the words that link stories across languages (conf/story-lexicon.yaml,
 * beside the outlets file; without it stories group within a language only).
 */
public record EnrichmentRules(
    Enrichers.Loaded loaded, Set<String> eagerBodies, StoryLexicon storyLexicon) {
  private static final Logger LOG = LoggerFactory.getLogger(EnrichmentRules.class);

  public static Future<EnrichmentRules> load(Vertx vertx, AppConfig config) {
    Path confDir = config.outletsFile().toAbsolutePath().getParent();
    return vertx
        .executeBlocking(() -> Enrichers.load(confDir, config.regionsFile(), config.sectionsFile()))
        .compose(
            loaded ->
                vertx
                    .executeBlocking(() -> Enrichers.eagerFullText(confDir))
                    .compose(
                        eager ->
                            vertx
                                .executeBlocking(() -> storyLexicon(confDir))
                                .map(lexicon -> new EnrichmentRules(loaded, eager, lexicon))));
  }

  private static StoryLexicon storyLexicon(Path confDir) throws java.io.IOException {
    Path file = confDir.resolve("story-lexicon.yaml");
    if (!Files.exists(file)) {
      LOG.info("no {}: stories group headlines within a language only", file);
      return StoryLexicon.NONE;
    }
    StoryLexicon lexicon = StoryLexicon.load(file);
    Path regions = confDir.resolve("regions.yaml");
    if (Files.exists(regions)) lexicon = lexicon.withPlaces(regions);
    LOG.info("story lexicon: {} stems from {} and the gazetteer's places", lexicon.size(), file);
    return lexicon;
  }

  /** The rules in force, as /health/ready and the stats show them. */
  public JsonObject json() {
    return new JsonObject(loaded.toMap());
  }
}
