package ma.manchette.moderation;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A 64-bit difference hash (dHash): the picture shrunk to 9x8 grey pixels, one bit per "left
 * brighter than right". Re-encoding, resizing or a light crop keep it within a few bits, so a
 * hidden image is recognised under another URL. Pure and CPU-bound: call on a worker thread.
 */
public final class ImageHash {
  /** Hashes this many bits apart or fewer are the same picture. */
  public static final int MATCH_DISTANCE = 8;

  private static final long MAX_PIXELS = 40_000_000L; // refuse decompression bombs before decoding
  private static final int DECODE_TARGET = 256;

  private ImageHash() {}

  /**
   * @throws IOException when the bytes are not a decodable image or are too large
   */
  public static long dhash(byte[] bytes) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      if (in == null) throw new IOException("not an image");
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) throw new IOException("unknown image format");
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0 || (long) w * h > MAX_PIXELS)
          throw new IOException("image of " + w + "x" + h + " refused");
        ImageReadParam param = reader.getDefaultReadParam();
        // decode only every n-th pixel: a hash of 9x8 needs little, and memory stays bounded
        int step = Math.max(1, Math.min(w, h) / DECODE_TARGET);
        param.setSourceSubsampling(step, step, 0, 0);
        return of(reader.read(0, param));
      } finally {
        reader.dispose();
      }
    }
  }

  /**
   * Area-averages the picture into 9x8 grey cells (robust to resizing), then compares neighbours.
   */
  public static long of(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    double[] sum = new double[72];
    int[] n = new int[72];
    for (int y = 0; y < h; y++) {
      int cy = Math.min(7, y * 8 / h);
      for (int x = 0; x < w; x++) {
        int cx = Math.min(8, x * 9 / w);
        int rgb = img.getRGB(x, y);
        double grey =
            0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
        sum[cy * 9 + cx] += grey;
        n[cy * 9 + cx]++;
      }
    }
    long hash = 0;
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        hash <<= 1;
        double left = sum[y * 9 + x] / Math.max(1, n[y * 9 + x]);
        double right = sum[y * 9 + x + 1] / Math.max(1, n[y * 9 + x + 1]);
        if (left > right) hash |= 1;
      }
    }
    return hash;
  }

  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }
}
