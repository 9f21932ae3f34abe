package ma.manchette.fetch;

import java.time.Duration;

/**
 * What the outlet answered. {@code body} is null for a 304 or an error status. {@code permanentUrl}
 * is set when a 301/308 moved the feed; {@code retryAfter} when a 429/503 asked us to wait.
 */
public record FetchResult(
    int status,
    byte[] body,
    String contentType,
    String etag,
    String lastModified,
    String finalUrl,
    String permanentUrl,
    Duration retryAfter,
    String server) {
  public boolean notModified() {
    return status == 304;
  }

  public boolean ok() {
    return status >= 200 && status < 300 && body != null;
  }
}
