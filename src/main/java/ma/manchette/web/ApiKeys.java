package ma.manchette.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import ma.manchette.config.AccessConfig.ApiKey;

/**
 * Optional API keys (X-Api-Key) and the short-lived signed tokens that carry a key's identity in a
 * URL for EventSource, which cannot send headers: {@code
 * base64url(name:expiry).base64url(HMAC-SHA256)}. Keys are looked up by their SHA-256 so comparing
 * them takes the same time whatever the input.
 */
public final class ApiKeys {
  private final Map<String, ApiKey> byDigest = new HashMap<>();
  private final Map<String, ApiKey> byName = new HashMap<>();
  private final byte[] secret;
  private final Duration ttl;

  public ApiKeys(List<ApiKey> keys, byte[] secret, Duration ttl) {
    for (ApiKey k : keys) {
      byDigest.put(digest(k.key()), k);
      byName.put(k.name(), k);
    }
    this.secret = secret.clone();
    this.ttl = ttl;
  }

  public ApiKey byKey(String key) {
    return key == null ? null : byDigest.get(digest(key));
  }

  public record Token(String value, Instant expiresAt) {}

  public Token issue(ApiKey key) {
    Instant exp = Instant.now().plus(ttl);
    String payload = b64(key.name() + ":" + exp.getEpochSecond());
    return new Token(payload + "." + b64(hmac(payload)), exp);
  }

  /** The key a token was issued for, or null if it is forged, malformed or expired. */
  public ApiKey verify(String token) {
    if (token == null || token.length() > 512) return null;
    int dot = token.indexOf('.');
    if (dot <= 0) return null;
    String payload = token.substring(0, dot);
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!MessageDigest.isEqual(given, hmac(payload))) return null;
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0) return null;
    try {
      if (Instant.ofEpochSecond(Long.parseLong(text.substring(colon + 1))).isBefore(Instant.now()))
        return null;
    } catch (NumberFormatException e) {
      return null;
    }
    return byName.get(text.substring(0, colon));
  }

  /** SHA-256 of a secret-salted value, hex: how reporters' addresses and cookies are stored. */
  public String pseudonym(String value) {
    return java.util.HexFormat.of().formatHex(hmac(value));
  }

  private byte[] hmac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String digest(String s) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
