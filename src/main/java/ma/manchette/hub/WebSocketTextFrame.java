package ma.manchette.hub;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * A whole server-to-client text frame (RFC 6455 §5.2: FIN, opcode 1, no mask), encoded once per
 * event so that every WebSocket connection is sent the same bytes instead of encoding its own.
 * Uncompressed (RSV1 clear), which a client that negotiated permessage-deflate also reads.
 */
public final class WebSocketTextFrame {
  private static final int FIN_TEXT = 0x81;

  private WebSocketTextFrame() {}

  public static Buffer of(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int n = payload.length;
    Buffer frame = Buffer.buffer(n + 10).appendByte((byte) FIN_TEXT);
    if (n < 126) {
      frame.appendByte((byte) n);
    } else if (n <= 0xFFFF) {
      frame.appendByte((byte) 126).appendUnsignedShort(n);
    } else {
      frame.appendByte((byte) 127).appendLong(n);
    }
    return frame.appendBytes(payload);
  }
}
