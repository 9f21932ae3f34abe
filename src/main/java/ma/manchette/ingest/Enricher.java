package ma.manchette.ingest;

import ma.manchette.model.Item;

/**
 * A cheap, pure step that adds what an item is about (section, language, region…); runs on worker
 * threads.
 */
@FunctionalInterface
public interface Enricher {
  Item enrich(Item item);
}
