package ma.manchette.parse;

import java.util.List;

/**
 * What a parse produced: the entries, plus a WebSub hub and self URL when the feed advertises them.
 */
public record ParsedFeed(String format, List<ParsedEntry> entries, String hub, String self) {
  public ParsedFeed {
    entries = List.copyOf(entries);
  }
}
