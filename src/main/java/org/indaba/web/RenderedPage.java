package org.indaba.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The bytes of a rendered page, kept to be sent many times: as they are and gzip-compressed, both
 * made once. A page with forms holds a placeholder where each reader's CSRF token goes; the page is
 * kept cut at the placeholders, and each piece is compressed on its own, ending on a byte boundary
 * (a deflate sync flush), so a token can be put between compressed pieces as a stored deflate block
 * (RFC 1951 §3.2.4) without compressing the page again. Only the gzip trailer's CRC-32 is computed
 * for each reader.
 */
public final class RenderedPage {
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /** A final, empty stored block: closes the deflate stream after the last sync-flushed piece. */
  private static final byte[] FINAL_BLOCK = {1, 0, 0, (byte) 0xff, (byte) 0xff};

  private final List<byte[]> plain;
  private final List<byte[]> deflated;
  private final int plainLength;
  private final int deflatedLength;
  private final String etag;

  /** With no placeholder, the whole page compressed, ready to send. */
  private final byte[] wholeGzip;

  private final byte[] wholePlain;

  private RenderedPage(List<byte[]> plain, List<byte[]> deflated, String etag) {
    this.plain = plain;
    this.deflated = deflated;
    this.plainLength = plain.stream().mapToInt(b -> b.length).sum();
    this.deflatedLength = deflated.stream().mapToInt(b -> b.length).sum();
    this.etag = etag;
    this.wholePlain = plain.size() == 1 ? plain.getFirst() : null;
    this.wholeGzip = plain.size() == 1 ? gzip("") : null;
  }

  /** Cuts {@code html} at each {@code placeholder} and compresses the pieces. */
  public static RenderedPage of(String html, String placeholder) {
    List<byte[]> pieces = new ArrayList<>();
    int from = 0;
    for (int at = html.indexOf(placeholder); at >= 0; at = html.indexOf(placeholder, from)) {
      pieces.add(html.substring(from, at).getBytes(StandardCharsets.UTF_8));
      from = at + placeholder.length();
    }
    pieces.add(html.substring(from).getBytes(StandardCharsets.UTF_8));
    List<byte[]> deflated = new ArrayList<>(pieces.size());
    for (byte[] p : pieces) {
      deflated.add(deflatePiece(p));
    }
    return new RenderedPage(List.copyOf(pieces), List.copyOf(deflated), digest(pieces));
  }

  /** Whether each reader's CSRF token must be put in (the page has forms). */
  public boolean needsToken() {
    return plain.size() > 1;
  }

  /**
   * A strong validator of the uncompressed bytes, for pages without a token; the compressed form
   * gets its own (RFC 9110 §8.8.3: one per representation).
   */
  public String etag(boolean gzip) {
    return "\"" + etag + (gzip ? "-gz" : "") + "\"";
  }

  /** Whether an If-None-Match header value names this page in either of its forms. */
  public boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null || needsToken()) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(etag(false)) || t.equals(etag(true))) {
        return true;
      }
    }
    return false;
  }

  public int size() {
    return plainLength + deflatedLength;
  }

  /** The page as UTF-8 bytes, with {@code token} in place of each placeholder. */
  public byte[] plain(String token) {
    if (wholePlain != null) {
      return wholePlain;
    }
    byte[] t = token.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[plainLength + t.length * (plain.size() - 1)];
    int at = 0;
    for (int i = 0; i < plain.size(); i++) {
      if (i > 0) {
        System.arraycopy(t, 0, out, at, t.length);
        at += t.length;
      }
      byte[] p = plain.get(i);
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** The same bytes, gzip-compressed (RFC 1952). */
  public byte[] gzip(String token) {
    if (wholeGzip != null) {
      return wholeGzip;
    }
    byte[] t = token.getBytes(StandardCharsets.US_ASCII);
    if (t.length > 0xffff) {
      throw new IllegalArgumentException("token too long for one stored block");
    }
    int tokens = plain.size() - 1;
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(
            GZIP_HEADER.length + deflatedLength + tokens * (5 + t.length) + 5 + 8);
    out.writeBytes(GZIP_HEADER);
    CRC32 crc = new CRC32();
    for (int i = 0; i < plain.size(); i++) {
      if (i > 0) {
        // stored block: BFINAL 0, BTYPE 00, then LEN and its complement, little-endian
        out.write(0);
        out.write(t.length & 0xff);
        out.write(t.length >>> 8);
        out.write(~t.length & 0xff);
        out.write((~t.length >>> 8) & 0xff);
        out.writeBytes(t);
        crc.update(t);
      }
      out.writeBytes(deflated.get(i));
      crc.update(plain.get(i));
    }
    out.writeBytes(FINAL_BLOCK);
    int size = plainLength + tokens * t.length;
    writeIntLe(out, (int) crc.getValue());
    writeIntLe(out, size);
    return out.toByteArray();
  }

  private static void writeIntLe(ByteArrayOutputStream out, int v) {
    out.write(v & 0xff);
    out.write((v >>> 8) & 0xff);
    out.write((v >>> 16) & 0xff);
    out.write((v >>> 24) & 0xff);
  }

  /** Raw deflate of one piece, ended by a sync flush (so it stops on a byte boundary). */
  private static byte[] deflatePiece(byte[] piece) {
    if (piece.length == 0) {
      return new byte[0];
    }
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      d.setInput(piece);
      ByteArrayOutputStream out = new ByteArrayOutputStream(piece.length / 4 + 64);
      byte[] buf = new byte[16 * 1024];
      int n;
      do {
        n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        out.write(buf, 0, n);
      } while (n == buf.length);
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static String digest(List<byte[]> pieces) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : pieces) {
        md.update(p);
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(Arrays.copyOf(md.digest(), 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
