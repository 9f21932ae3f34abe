package ma.manchette.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import ma.manchette.model.Item;
import ma.manchette.store.WriteQueue.Amend;
import ma.manchette.store.WriteQueue.Insert;
import ma.manchette.store.WriteQueue.Op;
import ma.manchette.store.WriteQueue.Primed;
import ma.manchette.store.WriteQueue.Update;
import ma.manchette.store.WriteQueue.Validators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists detected items behind the push: a bounded in-memory queue flushed in batches inside one
 * transaction. Inserts are idempotent (unique outlet + key); when the database is away the batch
 * stays queued and is retried with backoff, so nothing accepted is lost. Confined to one event-loop
 * context.
 */
public final class ItemWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ItemWriter.class);
  private static final int BATCH = 500;
  private static final long FLUSH_MS = 50;
  private static final long MAX_BACKOFF_MS = 10_000;

  private final Context context;
  private final Pool pool;
  private final int capacity;
  private final WriteQueue queue = new WriteQueue();
  private volatile int backlog;
  private volatile boolean databaseUp = true;
  private volatile long lastBatchMillis;
  private volatile long written;
  private boolean flushing;
  private long timer = -1;
  private long backoffMs = 0;
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();
  private volatile int notifyAsNode =
      -1; // several nodes: announce new ids to the others (NewItemNotes, read by

  // cluster/NewItemsListener)

  /**
   * Several nodes: each batch's new item ids are NOTIFYed inside its transaction, so they arrive
   * only once committed.
   */
  public void notifyAs(int nodeId) {
    this.notifyAsNode = nodeId;
  }

  private volatile java.util.function.Consumer<List<Long>> stored = ids -> {};

  /**
   * Told the ids of each committed batch's inserts (the detection journal drops what is stored).
   */
  public void onStored(java.util.function.Consumer<List<Long>> observer) {
    this.stored = observer;
  }

  public ItemWriter(Context context, Pool pool, int capacity) {
    this.context = context;
    this.pool = pool;
    this.capacity = capacity;
  }

  /**
   * Room for {@code n} more items? Callers check before accepting a poll's new items. An empty
   * queue always has room: a feed longer than the whole buffer would otherwise be deferred forever.
   */
  public boolean hasRoom(int n) {
    return queue.isEmpty() || queue.size() + n <= capacity;
  }

  /**
   * @param live false for history from an outlet's first poll, which resume never replays
   */
  public void insert(Item item, boolean live) {
    queue.insert(item, live);
    added();
  }

  /**
   * A changed title or summary; folded into its insert when that is still queued (story and picture
   * kept).
   */
  public void update(Item item) {
    if (queue.update(item)) added();
  }

  /**
   * A story or picture found for an item: folded into its insert, or into an amendment of it, still
   * queued; otherwise written as an UPDATE of those two columns alone.
   */
  public void amend(Item item) {
    if (queue.amend(item)) added();
  }

  /** Recorded after the outlet's first items, in the same order, so "primed" never outruns them. */
  public void primed(String outlet) {
    add(new Primed(outlet));
  }

  /**
   * An outlet's conditional-GET validators and body hash, written after the items of that body:
   * were they saved first, a crash in between would make the next run see "unchanged" (304) and
   * never store those items.
   */
  public void validators(
      String outlet, String etag, String lastModified, String bodyHash, String movedTo) {
    add(new Validators(outlet, etag, lastModified, bodyHash, movedTo));
  }

  public int backlog() {
    return backlog;
  }

  public boolean databaseUp() {
    return databaseUp;
  }

  public long lastBatchMillis() {
    return lastBatchMillis;
  }

  public long written() {
    return written;
  }

  /**
   * Completes when everything queued so far is written (used on shutdown), or fails after the
   * timeout.
   */
  public Future<Void> drain(long timeoutMs) {
    Promise<Void> p = Promise.promise();
    context.runOnContext(
        v -> {
          drainWaiters.add(p);
          if (queue.isEmpty() && !flushing) completeDrain();
          else schedule(0);
        });
    return p.future().timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private void add(Op op) {
    queue.add(op);
    added();
  }

  private void added() {
    backlog = queue.size();
    if (!flushing && timer < 0) schedule(queue.size() >= BATCH ? 0 : FLUSH_MS);
  }

  private void schedule(long delay) {
    if (timer >= 0 || flushing) return;
    if (delay <= 0) {
      timer = 0;
      context.runOnContext(
          v -> {
            timer = -1;
            flush();
          });
    } else {
      timer =
          context
              .owner()
              .setTimer(
                  delay,
                  t -> {
                    timer = -1;
                    flush();
                  });
    }
  }

  private void flush() {
    if (flushing || queue.isEmpty()) {
      if (queue.isEmpty()) completeDrain();
      return;
    }
    flushing = true;
    List<Op> batch = queue.nextBatch(BATCH);
    long start = System.nanoTime();
    pool.withTransaction(conn -> write(conn, batch))
        .onComplete(
            ar -> {
              flushing = false;
              if (ar.succeeded()) {
                queue.committed(batch.size());
                List<Long> ids = new ArrayList<>();
                for (Op op : batch) if (op instanceof Insert i) ids.add(i.item.id());
                if (!ids.isEmpty()) stored.accept(ids);
                backlog = queue.size();
                written += batch.size();
                lastBatchMillis = (System.nanoTime() - start) / 1_000_000;
                if (!databaseUp)
                  LOG.atInfo()
                      .addKeyValue("event", "db-back")
                      .addKeyValue("backlog", queue.size())
                      .log("database is back: writing resumed, {} queued", queue.size());
                databaseUp = true;
                backoffMs = 0;
                if (queue.isEmpty()) completeDrain();
                else schedule(queue.size() >= BATCH ? 0 : FLUSH_MS);
              } else {
                if (databaseUp)
                  LOG.atWarn()
                      .addKeyValue("event", "db-down")
                      .addKeyValue("backlog", queue.size())
                      .log(
                          "database write failed, keeping {} queued and retrying: {}",
                          queue.size(),
                          ar.cause().getMessage());
                databaseUp = false;
                backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs == 0 ? 200 : backoffMs * 2);
                schedule(backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1));
              }
            });
  }

  private Future<Void> write(SqlConnection conn, List<Op> batch) {
    List<Item> inserts = new ArrayList<>();
    List<Boolean> live = new ArrayList<>();
    List<Tuple> updates = new ArrayList<>();
    List<Item> amends = new ArrayList<>();
    List<Tuple> primed = new ArrayList<>();
    List<Tuple> validators = new ArrayList<>();
    for (Op op : batch) {
      if (op instanceof Insert i) {
        inserts.add(i.item);
        live.add(i.live);
      } else if (op instanceof Amend a) amends.add(a.item);
      else if (op instanceof Update u)
        updates.add(
            Tuple.of(
                u.item().id(),
                u.item().title(),
                u.item().summary(),
                u.item().story(),
                u.item().image()));
      else if (op instanceof Primed p) primed.add(Tuple.of(p.outlet()));
      else if (op instanceof Validators v)
        validators.add(Tuple.of(v.outlet(), v.etag(), v.lastModified(), v.bodyHash(), v.movedTo()));
    }
    Future<?> f = Future.succeededFuture();
    if (!inserts.isEmpty())
      f =
          f.compose(
              v ->
                  conn.preparedQuery(ItemRows.INSERT_ALL)
                      .execute(ItemRows.insertAllTuple(inserts, live)));
    if (notifyAsNode >= 0 && !inserts.isEmpty()) {
      List<Long> signed = new ArrayList<>(inserts.size());
      for (int k = 0; k < inserts.size(); k++)
        signed.add(live.get(k) ? inserts.get(k).id() : -inserts.get(k).id());
      List<Tuple> notes = NewItemNotes.payloads(notifyAsNode, signed);
      f =
          f.compose(
              v ->
                  conn.preparedQuery("SELECT pg_notify('" + NewItemNotes.CHANNEL + "', $1)")
                      .executeBatch(notes));
    }
    if (!updates.isEmpty()) {
      f =
          f.compose(
              v ->
                  conn.preparedQuery(
                          "UPDATE items SET title = $2, summary = $3, story = coalesce($4, story), image = coalesce($5, image), "
                              + "updated_at = now() WHERE id = $1")
                      .executeBatch(updates));
    }
    if (!amends.isEmpty())
      f =
          f.compose(
              v -> conn.preparedQuery(ItemRows.AMEND_ALL).execute(ItemRows.amendAllTuple(amends)));
    if (!primed.isEmpty()) {
      f =
          f.compose(
              v ->
                  conn.preparedQuery(
                          "INSERT INTO outlet_state (outlet_id, primed) VALUES ($1, true) "
                              + "ON CONFLICT (outlet_id) DO UPDATE SET primed = true, updated_at = now()")
                      .executeBatch(primed));
    }
    if (!validators.isEmpty()) {
      f =
          f.compose(
              v ->
                  conn.preparedQuery(
                          "INSERT INTO outlet_state (outlet_id, etag, last_modified, body_hash, moved_to) "
                              + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (outlet_id) DO UPDATE SET etag = $2, last_modified = $3, "
                              + "body_hash = $4, moved_to = coalesce($5, outlet_state.moved_to), updated_at = now()")
                      .executeBatch(validators));
    }
    return f.mapEmpty();
  }

  /**
   * At start, the detection journal's items (live headlines already pushed): one idempotent insert,
   * so those PostgreSQL already has stay as they are. With several nodes the rows it adds are
   * NOTIFYed like any batch: the others never had them (a batch is relayed only once committed).
   *
   * @return how many PostgreSQL did not have
   */
  public static Future<Integer> insertRecovered(Pool pool, List<Item> items, int notifyAsNode) {
    List<Boolean> live = new ArrayList<>(items.size());
    for (int k = 0; k < items.size(); k++) live.add(true);
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(ItemRows.INSERT_ALL + " RETURNING id")
                .execute(ItemRows.insertAllTuple(items, live))
                .compose(
                    rows -> {
                      List<Long> added = new ArrayList<>();
                      rows.forEach(r -> added.add(r.getLong(0)));
                      if (notifyAsNode < 0 || added.isEmpty())
                        return Future.succeededFuture(added.size());
                      return conn.preparedQuery(
                              "SELECT pg_notify('" + NewItemNotes.CHANNEL + "', $1)")
                          .executeBatch(NewItemNotes.payloads(notifyAsNode, added))
                          .map(added.size());
                    }));
  }

  private void completeDrain() {
    if (drainWaiters.isEmpty()) return;
    List<Promise<Void>> waiters = new ArrayList<>(drainWaiters);
    drainWaiters.clear();
    waiters.forEach(p -> p.tryComplete());
  }
}
