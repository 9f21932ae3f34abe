package ma.manchette.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import ma.manchette.model.Item;

/**
 * The writes {@link ItemWriter} has accepted and not yet committed, in order, and how a change to
 * an item still waiting here is folded into its queued write instead of becoming a write of its
 * own. No I/O: confined to the writer's context.
 */
final class WriteQueue {
  sealed interface Op permits Insert, Update, Amend, Primed, Validators {}

  record Validators(
      String outlet, String etag, String lastModified, String bodyHash, String movedTo)
      implements Op {}

  /**
   * Its item may still be amended (story, picture) while queued: one row written instead of a row
   * and an update.
   */
  static final class Insert implements Op {
    Item item;
    final boolean live;

    Insert(Item item, boolean live) {
      this.item = item;
      this.live = live;
    }
  }

  record Update(Item item) implements Op {}

  /**
   * A story or picture found after the insert left: only those two columns change (no new search
   * vector).
   */
  static final class Amend implements Op {
    Item item;

    Amend(Item item) {
      this.item = item;
    }
  }

  record Primed(String outlet) implements Op {}

  private final ArrayDeque<Op> queue = new ArrayDeque<>();
  private final HashMap<Long, Insert> unsent =
      new HashMap<>(); // queued inserts not in a batch yet, by id
  private final HashMap<Long, Amend> unsentAmends = new HashMap<>(); // the same for amendments

  int size() {
    return queue.size();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  void insert(Item item, boolean live) {
    Insert i = new Insert(item, live);
    unsent.put(item.id(), i);
    queue.add(i);
  }

  /**
   * A changed title or summary; folded into its insert when that is still queued (story and picture
   * kept).
   */
  boolean update(Item item) {
    Insert pending = unsent.get(item.id());
    if (pending != null) {
      pending.item = keepAmendments(item, pending.item);
      return false;
    }
    queue.add(new Update(item));
    return true;
  }

  /**
   * A story or picture: folded into its insert, or into an amendment of it, still queued; else an
   * amendment of its own.
   */
  boolean amend(Item item) {
    Insert pending = unsent.get(item.id());
    if (pending != null) {
      pending.item =
          pending
              .item
              .withStory(item.story() != null ? item.story() : pending.item.story())
              .withImage(item.image() != null ? item.image() : pending.item.image());
      return false;
    }
    Amend queued = unsentAmends.get(item.id());
    if (queued != null) {
      queued.item = keepAmendments(item, queued.item);
      return false;
    }
    Amend a = new Amend(item);
    unsentAmends.put(item.id(), a);
    queue.add(a);
    return true;
  }

  void add(Op op) {
    queue.add(op);
  }

  static Item keepAmendments(Item newer, Item older) {
    Item merged = newer;
    if (merged.story() == null && older.story() != null) merged = merged.withStory(older.story());
    if (merged.image() == null && older.image() != null) merged = merged.withImage(older.image());
    return merged;
  }

  /**
   * The oldest ops, at most {@code max}, still queued until {@link #committed}; later changes to
   * them go as ops of their own.
   */
  List<Op> nextBatch(int max) {
    List<Op> batch = new ArrayList<>(Math.min(max, queue.size()));
    var it = queue.iterator();
    while (it.hasNext() && batch.size() < max) {
      Op op = it.next();
      if (op instanceof Insert i)
        unsent.remove(i.item.id()); // from now on, changes go as UPDATEs after it
      else if (op instanceof Amend a) unsentAmends.remove(a.item.id());
      batch.add(op);
    }
    return batch;
  }

  /** The batch {@link #nextBatch} gave, of {@code n} ops, is written: they leave the queue. */
  void committed(int n) {
    for (int i = 0; i < n; i++) queue.poll();
  }
}
