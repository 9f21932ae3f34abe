package ma.manchette.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ma.manchette.config.OutletConfig;
import ma.manchette.hub.EncodedEvent;
import ma.manchette.ingest.ItemNormalizer;
import ma.manchette.model.EventType;
import ma.manchette.model.Filter;
import ma.manchette.model.Item;
import ma.manchette.parse.CharsetSniffer;
import ma.manchette.parse.FeedParseException;
import ma.manchette.parse.FeedParser;
import ma.manchette.parse.ParsedEntry;
import ma.manchette.parse.ParsedFeed;
import ma.manchette.support.Fixtures;
import ma.manchette.text.TextFold;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks of the per-headline hot paths: SSE/WS encoding (once per event), filter
 * matching (once per subscriber per event), normalising with its dedup key (once per feed entry)
 * text folding, and decoding and parsing a feed (once per changed poll). Run: bench/jmh.sh
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HotPathsBenchmark {
  private static final OutletConfig OUTLET =
      new OutletConfig(
          "hespress-fr",
          "Hespress FR",
          "https://fr.hespress.com",
          "fr",
          null,
          null,
          Duration.ofSeconds(60),
          null,
          null,
          List.of("https://fr.hespress.com/feed"),
          null,
          true,
          null);
  private final Item item =
      new Item(
          7_300_000_000_000_000L,
          "hespress-fr",
          "Hespress FR",
          "g:https://fr.hespress.com/?p=1",
          "Le gouvernement adopte le projet de loi de finances 2027 en deuxième lecture",
          "https://fr.hespress.com/412345-loi-de-finances.html",
          "La Chambre des représentants a adopté, en deuxième lecture, le projet de loi de finances 2027.",
          "https://fr.hespress.com/wp-content/uploads/2026/11/parlement.jpg",
          null,
          "politique",
          "fr",
          null,
          List.of("Politique"),
          Instant.parse("2026-11-28T18:00:00Z"),
          Instant.parse("2026-11-28T18:00:01Z"),
          null);
  private final ParsedEntry entry =
      new ParsedEntry(
          "https://fr.hespress.com/?p=412345",
          "https://fr.hespress.com/412345-loi.html?utm_source=rss",
          "Le gouvernement adopte le <b>projet</b> de loi de finances 2027",
          "<p>La Chambre des représentants a adopté &amp; voté.</p>",
          null,
          "Rédaction",
          List.of("Politique"),
          Instant.parse("2026-11-28T18:00:00Z"),
          null);
  private final EncodedEvent event = EncodedEvent.headline(item);
  private final Filter byLang = Filter.fromQuery(Map.of("lang", "fr,ar")::get);
  private final Filter byKeyword = Filter.fromQuery(Map.of("q", "finances")::get);
  private final byte[] corpusFeed = new IngestCorpus(1, 50, 9L).feeds.get(0);
  private final byte[] hespressFeed = Fixtures.bytes("feeds/rss20-hespress-fr.xml");
  private final byte[] contentEncodedFeed = Fixtures.bytes("feeds/rss20-content-encoded.xml");
  private final byte[] atomFeed = Fixtures.bytes("feeds/atom-le360.xml");
  private final String arabic = "الحكومة تُصادق على مشروع قانون المالية لسنة 2027 في قراءة ثانية";

  private final byte[] utf8Feed = feed("rss20-arabic-utf8-undeclared.xml");
  private final byte[] windows1256Feed = feed("rss20-arabic-windows1256-undeclared.xml");

  private static byte[] feed(String name) {
    return Fixtures.bytes("feeds/charsets/" + name);
  }

  @Benchmark
  public CharsetSniffer.Decoded sniffUtf8Undeclared() {
    return CharsetSniffer.decode(utf8Feed, "text/xml");
  }

  @Benchmark
  public CharsetSniffer.Decoded sniffWindows1256Undeclared() {
    return CharsetSniffer.decode(windows1256Feed, "text/xml");
  }

  @Benchmark
  public ParsedFeed parseUtf8Undeclared() throws Exception {
    return FeedParser.parse(utf8Feed, "text/xml");
  }

  @Benchmark
  public ParsedFeed parseWindows1256Undeclared() throws Exception {
    return FeedParser.parse(windows1256Feed, "text/xml");
  }

  @Benchmark
  public EncodedEvent encodeEvent() {
    return EncodedEvent.of(EventType.HEADLINE, item, item.id());
  }

  @Benchmark
  public boolean filterByLang() {
    return event.matches(byLang);
  }

  @Benchmark
  public boolean filterByKeyword() {
    return event.matches(byKeyword);
  }

  @Benchmark
  public Item normalizeWithKey() {
    return ItemNormalizer.normalize(OUTLET, "https://fr.hespress.com/feed", entry, Instant.EPOCH);
  }

  @Benchmark
  public String foldArabic() {
    return TextFold.fold(arabic);
  }

  /** 50 items like the ingest bench's: HTML descriptions, a third with media:content/enclosure. */
  @Benchmark
  public ParsedFeed parseCorpusFeed() throws FeedParseException {
    return FeedParser.parse(corpusFeed, "application/rss+xml");
  }

  @Benchmark
  public ParsedFeed parseHespressFeed() throws FeedParseException {
    return FeedParser.parse(hespressFeed, "application/rss+xml");
  }

  /** Pictures only in the items' HTML (content:encoded), behind emoji, pixels and lazy-loading. */
  @Benchmark
  public ParsedFeed parseContentEncodedFeed() throws FeedParseException {
    return FeedParser.parse(contentEncodedFeed, "application/rss+xml");
  }

  @Benchmark
  public ParsedFeed parseAtomFeed() throws FeedParseException {
    return FeedParser.parse(atomFeed, "application/atom+xml");
  }
}
