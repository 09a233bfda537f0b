package org.indaba.export;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV as RFC 4180 writes it (comma separated, CRLF line ends, a field quoted when it holds a comma,
 * a quote or a line break, quotes doubled), in UTF-8 with a byte order mark so that spreadsheets
 * open accented and Arabic text correctly. A field starting with {@code = + - @}, a tab or a
 * carriage return gets a leading apostrophe, so a spreadsheet shows a member's text instead of
 * running it as a formula.
 */
public final class Csv {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private final StringBuilder out = new StringBuilder();

  /** Appends one record. */
  public Csv row(List<?> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object f = fields.get(i);
      out.append(f instanceof Number ? f.toString() : field(f == null ? "" : f.toString()));
    }
    out.append("\r\n");
    return this;
  }

  public Csv row(Object... fields) {
    return row(java.util.Arrays.asList(fields));
  }

  /** One text field, neutralised and quoted as needed. */
  public static String field(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0
        || v.indexOf('"') >= 0
        || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  /** The document as UTF-8 bytes, with the byte order mark first. */
  public byte[] bytes() {
    byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[BOM.length + text.length];
    System.arraycopy(BOM, 0, all, 0, BOM.length);
    System.arraycopy(text, 0, all, BOM.length, text.length);
    return all;
  }
}
