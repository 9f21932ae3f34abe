package ma.manchette.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import ma.manchette.model.BreakingStory;
import ma.manchette.model.EventType;
import ma.manchette.model.Filter;
import ma.manchette.model.Item;
import ma.manchette.model.ItemJson;
import ma.manchette.text.TextFold;

/**
 * One event encoded once per wire format; the same buffers are written to every matching
 * connection. {@code sse} and {@code ws} are never mutated after construction.
 */
public final class EncodedEvent {
  public final EventType type;

  /** Null for a story announcement. */
  public final Item item;

  /** Set for a story announcement only. */
  public final BreakingStory story;

  /**
   * Position in the global event order: the item id for a headline, a fresh id for an update or
   * retract.
   */
  public final long cursor;

  public final Buffer sse;

  /** The whole WebSocket text frame, header included ({@link WebSocketTextFrame}). */
  public final Buffer ws;

  /** Stored from an outlet's first poll: served by backfill, never replayed as missed news. */
  public final boolean history;

  /**
   * Arrived from another node after later ids were sent: no SSE id line, so clients keep their
   * (later) cursor.
   */
  public final boolean late;

  private volatile String folded;

  private EncodedEvent(
      EventType type, Item item, long cursor, Buffer sse, Buffer ws, boolean history) {
    this(type, item, cursor, sse, ws, history, false);
  }

  private EncodedEvent(
      EventType type,
      Item item,
      long cursor,
      Buffer sse,
      Buffer ws,
      boolean history,
      boolean late) {
    this(type, item, null, cursor, sse, ws, history, late);
  }

  private EncodedEvent(
      EventType type,
      Item item,
      BreakingStory story,
      long cursor,
      Buffer sse,
      Buffer ws,
      boolean history,
      boolean late) {
    this.story = story;
    this.late = late;
    this.history = history;
    this.type = type;
    this.item = item;
    this.cursor = cursor;
    this.sse = sse;
    this.ws = ws;
  }

  public static EncodedEvent headline(Item item) {
    return of(EventType.HEADLINE, item, item.id());
  }

  public static EncodedEvent history(Item item) {
    EncodedEvent e = headline(item);
    return new EncodedEvent(e.type, e.item, e.cursor, e.sse, e.ws, true);
  }

  /**
   * The same event for clients already past its id: the SSE frame without "id:" (it keeps their
   * cursor).
   */
  EncodedEvent late() {
    String frame = sse.toString();
    String withoutId = frame.substring(frame.indexOf('\n') + 1);
    return new EncodedEvent(type, item, cursor, Buffer.buffer(withoutId), ws, history, true);
  }

  /**
   * A story announcement: sent like a late event, without an SSE id line, so it never moves a
   * client's cursor (it is not kept for resume).
   */
  public static EncodedEvent story(BreakingStory story, long cursor) {
    JsonObject json = story.toJson();
    String frame = "event: " + EventType.STORY.wire + "\ndata: " + json.encode() + "\n\n";
    String ws = new JsonObject().put("type", EventType.STORY.wire).put("story", json).encode();
    return new EncodedEvent(
        EventType.STORY,
        null,
        story,
        cursor,
        Buffer.buffer(frame),
        WebSocketTextFrame.of(ws),
        false,
        true);
  }

  public static EncodedEvent of(EventType type, Item item, long cursor) {
    String data;
    String ws;
    if (type == EventType.RETRACT) {
      data = new JsonObject().put("id", Long.toString(item.id())).encode();
      ws = new JsonObject().put("type", type.wire).put("id", Long.toString(item.id())).encode();
    } else {
      JsonObject json = ItemJson.of(item);
      data = json.encode();
      ws = new JsonObject().put("type", type.wire).put("item", json).encode();
    }
    // JSON encoding escapes newlines, so one data: line is always enough
    String frame = "id: " + cursor + "\nevent: " + type.wire + "\ndata: " + data + "\n\n";
    return new EncodedEvent(
        type, item, cursor, Buffer.buffer(frame), WebSocketTextFrame.of(ws), false);
  }

  /**
   * Title and summary folded for keyword matching, as " word word …" so that " term" finds words
   * that start with the term; computed once per event on first use.
   */
  /** The filter's full match, keywords included, on this event's cached folded text. */
  public boolean matches(Filter f) {
    if (!f.wants(type)) return false;
    // a story: its outlets meet an outlet filter; the other fields describe one item, not a story
    if (item == null)
      return f.outlets().isEmpty() || story.outlets().stream().anyMatch(f.outlets()::contains);
    return f.matches(item) && (!f.hasTerms() || f.matchesText(folded()));
  }

  String folded() {
    String f = folded;
    if (f == null) {
      String text =
          TextFold.fold(item.title() + " " + (item.summary() == null ? "" : item.summary()));
      f = " " + String.join(" ", text.split("[^\\p{L}\\p{N}]+"));
      folded = f;
    }
    return f;
  }
}
