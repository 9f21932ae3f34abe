package ma.manchette.hub;

import java.util.ArrayList;
import java.util.List;
import ma.manchette.model.EventType;
import ma.manchette.model.Filter;

/**
 * The last N events in cursor order, for resume without the database. {@link #floor()} is the
 * cursor at and below which the ring may have forgotten events: anything above it is here.
 */
public final class RecentRing {
  private final EncodedEvent[] slots;
  private int start;
  private int size;
  private long floor;

  public RecentRing(int capacity) {
    this.slots = new EncodedEvent[capacity];
  }

  /** Seeds the ring at start: {@code floor} is the cursor of the newest event not loaded. */
  public synchronized void seed(List<EncodedEvent> oldestFirst, long floor) {
    this.floor = floor;
    for (EncodedEvent e : oldestFirst) add(e);
  }

  public synchronized void add(EncodedEvent e) {
    if (size == slots.length) {
      floor = slots[start].cursor;
      slots[start] = e;
      start = (start + 1) % slots.length;
    } else {
      slots[(start + size) % slots.length] = e;
      size++;
    }
  }

  /**
   * Slots an event in by cursor (a late arrival from another node); one older than the floor is
   * left to the database.
   */
  public synchronized void insert(EncodedEvent e) {
    if (size == 0 || e.cursor >= newest()) {
      add(e);
      return;
    }
    if (size == slots.length) { // make room: the oldest goes, the floor rises
      floor = slots[start].cursor;
      slots[start] = null;
      start = (start + 1) % slots.length;
      size--;
    }
    if (e.cursor <= floor) return;
    int pos = size;
    while (pos > 0 && slots[(start + pos - 1) % slots.length].cursor > e.cursor) {
      slots[(start + pos) % slots.length] = slots[(start + pos - 1) % slots.length];
      pos--;
    }
    slots[(start + pos) % slots.length] = e;
    size++;
  }

  public synchronized long floor() {
    return floor;
  }

  public synchronized long newest() {
    return size == 0 ? floor : slots[(start + size - 1) % slots.length].cursor;
  }

  /** Matching events with cursor above {@code cursor}, oldest first. */
  public synchronized List<EncodedEvent> after(long cursor, Filter filter) {
    List<EncodedEvent> out = new ArrayList<>();
    for (int i = size - 1;
        i >= 0;
        i--) { // walk back from the newest: usually only a few are missed
      EncodedEvent e = slots[(start + i) % slots.length];
      if (e.cursor <= cursor) break;
      if (!e.history && e.matches(filter)) out.add(e);
    }
    java.util.Collections.reverse(out);
    return out;
  }

  /**
   * The newest {@code n} matching headlines, oldest first, as they stand now: a later update
   * replaces the headline's content and a later retract removes it.
   */
  public synchronized List<EncodedEvent> latestHeadlines(int n, Filter filter) {
    List<EncodedEvent> out = new ArrayList<>();
    java.util.Map<Long, EncodedEvent> newer = new java.util.HashMap<>();
    for (int i = size - 1; i >= 0 && out.size() < n; i--) {
      EncodedEvent e = slots[(start + i) % slots.length];
      if (e.type != EventType.HEADLINE) {
        newer.putIfAbsent(e.item.id(), e);
        continue;
      }
      EncodedEvent latest = newer.get(e.item.id());
      if (latest != null && latest.type == EventType.RETRACT) continue;
      EncodedEvent shown = latest == null ? e : EncodedEvent.headline(latest.item);
      if (shown.matches(filter)) out.add(shown);
    }
    java.util.Collections.reverse(out);
    return out;
  }

  public synchronized long oldest() {
    return size == 0 ? floor : slots[start].cursor;
  }

  public int capacity() {
    return slots.length;
  }

  public synchronized int size() {
    return size;
  }
}
