package ma.manchette.hub;

import java.util.List;

/** What a resuming subscriber missed, and where it came from (memory, database, or a reset). */
public record Replay(List<EncodedEvent> events, Source source) {
  public enum Source {
    NONE,
    MEMORY,
    DATABASE,
    RESET
  }

  public static Replay reset() {
    return new Replay(List.of(), Source.RESET);
  }
}
