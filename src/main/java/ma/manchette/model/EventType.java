package ma.manchette.model;

/** What happened to an item, as named on the wire (SSE event name, WS message type). */
public enum EventType {
  HEADLINE("headline"),
  UPDATE("update"),
  RETRACT("retract");

  public final String wire;

  EventType(String wire) {
    this.wire = wire;
  }
}
