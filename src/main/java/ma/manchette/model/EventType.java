package ma.manchette.model;

/** What happened to an item, as named on the wire (SSE event name, WS message type). */
public enum EventType {
  HEADLINE("headline"),
  UPDATE("update"),
  RETRACT("retract"),
  /** A story reached the breaking threshold; carries no item, only asked for by name. */
  STORY("story");

  public final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  /** Null for a name that is none of ours. */
  public static EventType ofWire(String wire) {
    for (EventType t : values()) if (t.wire.equals(wire)) return t;
    return null;
  }
}
