package ma.manchette.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket upgraded by hand on a plain socket, so a test can end it the ways a real network
 * does: a TCP reset without a close handshake, silence, half a handshake.
 */
public final class RawWebSocket implements AutoCloseable {
  /** A frame as read from the server: opcode, and for a close frame its code and reason. */
  public record Frame(int opcode, byte[] payload) {
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    }

    public String closeReason() {
      return payload.length > 2
          ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
          : "";
    }
  }

  public final Socket socket;

  /** The HTTP status line and headers the server answered the upgrade with. */
  public final String response;

  private RawWebSocket(Socket socket, String response) {
    this.socket = socket;
    this.response = response;
  }

  public int status() {
    return Integer.parseInt(response.substring(9, 12));
  }

  /** GET /api/ws from {@code localAddress} (a 127.x.y.z) with the given extra header lines. */
  public static RawWebSocket open(int port, String localAddress, String headers)
      throws IOException {
    return open(port, localAddress, headers, 0);
  }

  /** The same with a receive buffer of this size (0: the OS default): a small window fills fast. */
  public static RawWebSocket open(int port, String localAddress, String headers, int receiveBuffer)
      throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
    if (localAddress != null) s.bind(new InetSocketAddress(localAddress, 0));
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(10_000);
    s.getOutputStream()
        .write(
            ("GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    return new RawWebSocket(s, readHead(s.getInputStream()));
  }

  /** A well-formed upgrade request. */
  public static RawWebSocket upgrade(int port, String localAddress) throws IOException {
    return upgrade(port, localAddress, 0);
  }

  public static RawWebSocket upgrade(int port, String localAddress, int receiveBuffer)
      throws IOException {
    return open(
        port,
        localAddress,
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n",
        receiveBuffer);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) break;
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** One client frame (masked, as the protocol requires), {@code fin} false for a fragment. */
  public void send(int opcode, boolean fin, byte[] payload) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(frameHeader(opcode, fin, payload.length));
    byte[] masked = payload.clone(); // the mask is zero: the payload goes as it is
    out.write(masked);
    out.flush();
  }

  /** A header announcing {@code length} bytes; the caller writes (or does not write) them. */
  public static byte[] frameHeader(int opcode, boolean fin, long length) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    h.write((fin ? 0x80 : 0) | opcode);
    if (length < 126) h.write(0x80 | (int) length);
    else if (length < 65536) {
      h.write(0x80 | 126);
      h.write((int) (length >> 8));
      h.write((int) length);
    } else {
      h.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) h.write((int) (length >> (8 * i)));
    }
    h.writeBytes(new byte[4]); // mask key
    return h.toByteArray();
  }

  public void sendText(String text) throws IOException {
    send(0x1, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next frame from the server. */
  public Frame read() throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long len = b1 & 0x7f;
    if (len == 126) len = in.readUnsignedShort();
    else if (len == 127) len = in.readLong();
    byte[] payload = new byte[(int) len];
    in.readFully(payload);
    return new Frame(b0 & 0x0f, payload);
  }

  /** Frames until a close frame; null when the connection ended without one. */
  public Frame readUntilClose() {
    try {
      while (true) {
        Frame f = read();
        if (f.opcode() == 0x8) return f;
      }
    } catch (IOException ended) {
      return null;
    }
  }

  /** Frames until a close frame; null when none came within {@code boundMs} or it dropped. */
  public Frame readUntilClose(long boundMs) throws IOException {
    long deadline = System.nanoTime() + boundMs * 1_000_000;
    try {
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        Frame f = read();
        if (f.opcode() == 0x8) return f;
      }
    } catch (IOException endedOrSilent) {
      // dropped, reset or silent until the bound
    }
    return null;
  }

  /** What a phone losing its network looks like from the server: a reset, no close frame. */
  public void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
