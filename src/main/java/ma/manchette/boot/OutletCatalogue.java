package ma.manchette.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ma.manchette.config.AppConfig;
import ma.manchette.config.OutletConfig;
import ma.manchette.config.OutletJson;
import ma.manchette.config.OutletsFile;
import ma.manchette.demo.DemoOutlets;
import ma.manchette.metrics.Telemetry;
import ma.manchette.outlet.OutletRegistry;
import ma.manchette.store.OutletCatalog;
import ma.manchette.store.OutletStateStore;
import org.slf4j.Logger;

/**
 * The outlets in force: the outlets file (or the demo's simulated outlets) seeds the outlets table,
 * and what the admin API added, changed or deleted there wins over it.
 */
public final class OutletCatalogue {
  private static final Logger LOG = ServerLog.LOG;

  private final OutletRegistry registry;
  private final OutletCatalog catalog;
  private final OutletStateStore states;
  private final Map<String, List<String>> fileSources;

  private OutletCatalogue(
      OutletRegistry registry,
      OutletCatalog catalog,
      OutletStateStore states,
      Map<String, List<String>> fileSources) {
    this.registry = registry;
    this.catalog = catalog;
    this.states = states;
    this.fileSources = fileSources;
  }

  /**
   * The file's outlets merged with the admin API's changes; poll counters exist for each from the
   * start.
   */
  public static Future<OutletCatalogue> start(
      Vertx vertx, AppConfig config, Pool pool, Telemetry telemetry, Closer closer) {
    OutletStateStore states = new OutletStateStore(pool);
    OutletCatalog catalog = new OutletCatalog(pool);
    return fileOutlets(vertx, config, closer)
        .compose(
            outlets -> {
              Map<String, List<String>> fileSources =
                  new HashMap<>(); // the admin API compares edits with these
              List<Future<Void>> saves = new ArrayList<>();
              for (OutletConfig c : outlets) {
                fileSources.put(c.id(), c.sources());
                saves.add(states.upsertFromFile(c.id(), OutletJson.of(c), c.enabled()));
              }
              return Future.all(saves)
                  .compose(v -> catalog.all())
                  .map(
                      rows -> {
                        Effective effective = merge(outlets, rows);
                        effective
                            .invalid()
                            .forEach(
                                (id, why) ->
                                    LOG.error(
                                        "outlet {} stored by the admin API is not valid any more, left out: {}",
                                        id,
                                        why));
                        OutletRegistry registry = new OutletRegistry(effective.outlets());
                        effective.guarded().forEach(id -> registry.get(id).guarded(true));
                        telemetry.outlets(
                            new ArrayList<>(
                                effective.outlets().stream().map(OutletConfig::id).toList()));
                        return new OutletCatalogue(registry, catalog, states, fileSources);
                      });
            });
  }

  /**
   * The outlets file, or with --demo / MANCHETTE_DEMO=1 the built-in simulated outlets on loopback.
   */
  private static Future<List<OutletConfig>> fileOutlets(
      Vertx vertx, AppConfig config, Closer closer) {
    if (!config.demo()) return vertx.executeBlocking(() -> OutletsFile.read(config.outletsFile()));
    DemoOutlets demo = new DemoOutlets(vertx, Duration.ofSeconds(3));
    return demo.start()
        .map(
            d -> {
              closer.push("demo outlets", demo::stop);
              LOG.info(
                  "demo mode: {} simulated outlets on loopback instead of {}",
                  d.outlets().size(),
                  config.outletsFile());
              return d.outlets();
            });
  }

  /**
   * The outlets in force, in file order then new ones by id. @param guarded outlets whose polled
   * URLs are not the file's (added or re-pointed by the admin API), fetched through the SSRF
   * guard; @param invalid admin rows that no longer parse, by id, with the reason (the file's
   * version, if any, stays).
   */
  public record Effective(
      List<OutletConfig> outlets, Set<String> guarded, Map<String, String> invalid) {}

  /**
   * The file's outlets with the stored rows applied: a tombstone removes, an admin row adds or
   * replaces, a file row changes nothing.
   */
  public static Effective merge(List<OutletConfig> file, List<OutletCatalog.Row0> rows) {
    Map<String, OutletConfig> effective = new LinkedHashMap<>();
    Map<String, List<String>> fileSources = new HashMap<>();
    for (OutletConfig c : file) {
      effective.put(c.id(), c);
      fileSources.put(c.id(), c.sources());
    }
    Set<String> guarded = new HashSet<>();
    Map<String, String> invalid = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (OutletCatalog.Row0 row : rows) {
      if (row.deleted()) {
        effective.remove(row.id());
      } else if ("admin".equals(row.origin())) {
        try {
          OutletConfig c = OutletsFile.fromJson(json.readTree(row.config().encode()));
          effective.put(c.id(), c);
          if (!c.sources().equals(fileSources.get(c.id()))) guarded.add(c.id());
        } catch (Exception e) {
          invalid.put(row.id(), e.getMessage());
        }
      }
    }
    return new Effective(List.copyOf(effective.values()), Set.copyOf(guarded), invalid);
  }

  public OutletRegistry registry() {
    return registry;
  }

  /** The outlets table as the admin API changes it. */
  public OutletCatalog catalog() {
    return catalog;
  }

  public OutletStateStore states() {
    return states;
  }

  /** Each file outlet's polled URLs, by id. */
  public Map<String, List<String>> fileSources() {
    return fileSources;
  }
}
