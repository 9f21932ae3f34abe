package ma.manchette.fetch;

import java.time.Duration;

/** The caps on one fetch: bytes after decompression, whole-request deadline, redirects. */
public record FetchLimits(
    long maxBytes, Duration connectTimeout, Duration deadline, int maxRedirects) {
  public static final FetchLimits DEFAULT =
      new FetchLimits(8L * 1024 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(30), 5);

  /**
   * The defaults with the body cap and deadline the operator chose (MANCHETTE_FETCH_MAX_BYTES /
   * _DEADLINE_SECONDS).
   */
  public static FetchLimits of(long maxBytes, Duration deadline) {
    Duration connect =
        deadline.compareTo(DEFAULT.connectTimeout) < 0 ? deadline : DEFAULT.connectTimeout;
    return new FetchLimits(maxBytes, connect, deadline, DEFAULT.maxRedirects);
  }
}
