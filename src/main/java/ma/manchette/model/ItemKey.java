package ma.manchette.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The item's stable identity as clients see it: the outlet id and 64 bits of the SHA-256 of the
 * normalised guid/link key. The same headline keeps it across polls and restarts, whatever its id,
 * so a client can drop a repeat itself; the raw key (a guid, a link) is not exposed.
 */
public final class ItemKey {
  private ItemKey() {}

  public static String of(String outlet, String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return outlet + ":" + HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
