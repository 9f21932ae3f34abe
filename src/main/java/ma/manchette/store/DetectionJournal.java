package ma.manchette.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import ma.manchette.model.Item;
import ma.manchette.model.ItemJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New live headlines made durable before their push, so a hard kill between the push and the
 * PostgreSQL write cannot announce them again under new ids: at the next start the entries are
 * written to PostgreSQL first ({@link #recover}), and the detector then knows them by their
 * original id.
 *
 * <p>One thread of its own does all file I/O: whatever arrived while the previous {@code force()}
 * ran goes out as one write and one {@code force()} (group commit). Entries live in segments of
 * {@link #SEGMENT_BYTES}; a full segment is deleted once PostgreSQL has every item in it ({@link
 * #stored}), so the journal holds about one segment plus the items the writer still has queued.
 */
public final class DetectionJournal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionJournal.class);
  public static final long SEGMENT_BYTES = 1L << 20;
  private static final String PREFIX = "detections-";
  private static final String SUFFIX = ".jsonl";

  private record Pending(List<Item> items, Context context, Promise<Void> done) {}

  /** A segment's file and how many of its items PostgreSQL does not have yet. */
  private static final class Segment {
    final Path path;
    int unwritten;

    Segment(Path path) {
      this.path = path;
    }
  }

  private final Path dir;
  private final FileChannel lockFile;
  private final ExecutorService thread;
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  // the journal thread's own state
  private final TreeMap<Integer, Segment> segments = new TreeMap<>();
  private final Map<Long, Segment> segmentOf = new HashMap<>();
  private FileChannel current;
  private long currentBytes;
  private int currentSeq;

  /** Group commits done and entries made durable (metrics, and the size of a group). */
  public final LongAdder commits = new LongAdder();

  public final LongAdder entries = new LongAdder();

  private DetectionJournal(Path dir, FileChannel lockFile, int firstSeq) {
    this.dir = dir;
    this.lockFile = lockFile;
    this.currentSeq = firstSeq - 1;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "detection-journal");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Takes the folder for this process (an OS file lock, released when the process dies), or null
   * when another live process on this machine holds it. Blocking: a worker.
   */
  public static DetectionJournal claim(Path dir) throws IOException {
    Files.createDirectories(dir);
    FileChannel lockFile =
        FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockFile.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very JVM (two servers in one test process)
    }
    if (lock == null) {
      lockFile.close();
      return null;
    }
    TreeMap<Integer, Path> old = segmentFiles(dir);
    return new DetectionJournal(dir, lockFile, old.isEmpty() ? 1 : old.lastKey() + 1);
  }

  /** The items of the previous run's segments, oldest first (before {@link #start}; blocking). */
  public List<Item> recover() throws IOException {
    return read(dir);
  }

  /** The items in the segments under {@code dir}, oldest first; torn lines skipped. */
  static List<Item> read(Path dir) throws IOException {
    List<Item> items = new ArrayList<>();
    for (Path p : segmentFiles(dir).values()) {
      int line = 0;
      // decoded leniently: a kill may cut a line inside a multi-byte character (Arabic titles)
      for (String l : new String(Files.readAllBytes(p), StandardCharsets.UTF_8).split("\n")) {
        line++;
        if (l.isBlank()) continue;
        try {
          JsonObject j = new JsonObject(l);
          items.add(ItemJson.parse(j.getJsonObject("item"), j.getString("key")));
        } catch (RuntimeException e) {
          // a line torn by the kill was never forced, hence never pushed: nothing to keep
          LOG.warn("detection journal: {} line {} unreadable, skipped: {}", p, line, e.toString());
        }
      }
    }
    return items;
  }

  /**
   * Once PostgreSQL has the recovered items: the previous run's segments go and a fresh one opens.
   */
  public DetectionJournal start() throws IOException {
    for (Path p : segmentFiles(dir).values()) Files.delete(p);
    try {
      thread.submit(this::rotate).get();
    } catch (Exception e) {
      thread.shutdownNow();
      throw new IOException("cannot open the detection journal under " + dir, e);
    }
    return this;
  }

  /**
   * Completes on {@code context} once these items are on disk, in the order appended. A failed
   * write fails the future (the caller decides; the journal tries again with the next group).
   */
  public Future<Void> append(List<Item> items, Context context) {
    Promise<Void> done = Promise.promise();
    if (items.isEmpty()) {
      done.complete();
      return done.future();
    }
    pending.add(new Pending(List.copyOf(items), context, done));
    if (scheduled.compareAndSet(false, true)) thread.execute(this::commitGroup);
    return done.future();
  }

  /** PostgreSQL committed these ids: segments with nothing left unwritten can go. */
  public void stored(List<Long> ids) {
    thread.execute(
        () -> {
          for (Long id : ids) {
            Segment s = segmentOf.remove(id);
            if (s != null) s.unwritten--;
          }
          dropWritten();
        });
  }

  /** Bytes in the journal's files now (blocking; tests and the size check). */
  public long sizeOnDisk() throws IOException {
    long n = 0;
    for (Path p : segmentFiles(dir).values()) n += Files.size(p);
    return n;
  }

  public Path dir() {
    return dir;
  }

  /** After a clean stop with everything written, the next start has nothing to replay. */
  @Override
  public void close() {
    thread.execute(
        () -> {
          if (!segmentOf.isEmpty()) return;
          try {
            current.close();
            for (Segment s : segments.values()) Files.deleteIfExists(s.path);
            segments.clear();
            current = null;
          } catch (IOException e) {
            LOG.warn("detection journal: not emptied at stop: {}", e.toString());
          }
        });
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) thread.shutdownNow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (current != null) current.close();
      lockFile.close();
    } catch (IOException e) {
      LOG.warn("detection journal: close failed: {}", e.toString());
    }
  }

  private void commitGroup() {
    scheduled.set(false); // an append from now on schedules the next group
    List<Pending> group = new ArrayList<>();
    for (Pending p; (p = pending.poll()) != null; ) group.add(p);
    if (group.isEmpty()) return;
    try {
      StringBuilder text = new StringBuilder();
      for (Pending p : group)
        for (Item i : p.items())
          text.append(new JsonObject().put("key", i.key()).put("item", ItemJson.of(i)).encode())
              .append('\n');
      ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) current.write(bytes);
      current.force(false);
      currentBytes += bytes.limit();
      Segment seg = segments.get(currentSeq);
      for (Pending p : group)
        for (Item i : p.items()) {
          segmentOf.put(i.id(), seg);
          seg.unwritten++;
          entries.increment();
        }
      commits.increment();
      for (Pending p : group) p.context().runOnContext(v -> p.done().complete());
      if (currentBytes >= SEGMENT_BYTES) rotate();
      dropWritten();
    } catch (IOException | RuntimeException e) {
      LOG.error("detection journal: write failed under {}: {}", dir, e.toString());
      for (Pending p : group) p.context().runOnContext(v -> p.done().fail(e));
    }
  }

  private Void rotate() throws IOException {
    if (current != null) current.close();
    currentSeq++;
    Path p = dir.resolve(String.format("%s%06d%s", PREFIX, currentSeq, SUFFIX));
    current = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    currentBytes = 0;
    segments.put(currentSeq, new Segment(p));
    // the new file's name must survive a power cut too, not only its bytes
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.debug("detection journal: directory not synced: {}", e.toString());
    }
    return null;
  }

  private void dropWritten() {
    var it = segments.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Integer, Segment> e = it.next();
      if (e.getKey() == currentSeq || e.getValue().unwritten > 0) continue;
      try {
        Files.deleteIfExists(e.getValue().path);
        it.remove();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
  }

  private static TreeMap<Integer, Path> segmentFiles(Path dir) throws IOException {
    TreeMap<Integer, Path> found = new TreeMap<>();
    if (!Files.isDirectory(dir)) return found;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        try {
          found.put(
              Integer.parseInt(n.substring(PREFIX.length(), n.length() - SUFFIX.length())), p);
        } catch (NumberFormatException e) {
          LOG.warn("detection journal: {} is not one of its segments, left alone", p);
        }
      }
    }
    return found;
  }
}
