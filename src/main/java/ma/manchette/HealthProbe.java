package ma.manchette;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container's health check: {@code java -cp /app/classes ma.manchette.HealthProbe} exits 0 when
 * {@code /health/ready} answers 200, else 1. JDK classes only, so it starts in a fraction of the
 * server's time.
 */
public final class HealthProbe {
  private HealthProbe() {}

  public static void main(String[] args) {
    String port = System.getenv().getOrDefault("MANCHETTE_HTTP_PORT", "8080");
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/health/ready").toURL().openConnection();
      c.setConnectTimeout(2_000);
      c.setReadTimeout(3_000);
      int status = c.getResponseCode();
      System.out.println("/health/ready: " + status);
      System.exit(status == 200 ? 0 : 1);
    } catch (IOException | IllegalArgumentException e) {
      System.out.println("/health/ready: " + e.getMessage());
      System.exit(1);
    }
  }
}
