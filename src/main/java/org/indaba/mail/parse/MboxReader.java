package org.indaba.mail.parse;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads messages one at a time from an mbox file (RFC 4155). Only the current message is held in
 * memory. Messages are separated by lines starting with "From "; body lines that started with "From
 * " were escaped as ">From " (mboxrd escapes ">From " as ">>From " too), and one level of that
 * escaping is removed. LF and CRLF line endings are both accepted and kept as found.
 *
 * <p>Not thread-safe. Read errors surface as {@link UncheckedIOException} from the iterator.
 */
public final class MboxReader implements Iterator<MboxMessage>, Closeable {

  /**
   * RFC 4155 section 2: the separator carries the envelope sender and an asctime timestamp. Asking
   * for a time of day keeps an unescaped body line such as "From the field office..." from
   * splitting a message when a careless writer did not escape it.
   */
  private static final Pattern SEPARATOR =
      Pattern.compile("^From \\S+.*\\b\\d{1,2}:\\d{2}(?::\\d{2})?\\b.*$");

  private static final Pattern ESCAPED_FROM = Pattern.compile("^>+From ");

  private final InputStream in;
  private long position;
  private long index;
  private byte[] separatorLine;
  private long separatorOffset;
  private boolean firstLine = true;
  private boolean eof;
  private MboxMessage next;

  public MboxReader(InputStream in) {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024);
  }

  public static MboxReader open(Path path) throws IOException {
    return new MboxReader(Files.newInputStream(path));
  }

  /** The remaining messages as a sequential stream; closing the stream closes the reader. */
  public Stream<MboxMessage> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(
            () -> {
              try {
                close();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = readMessage();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return next != null;
  }

  @Override
  public MboxMessage next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    MboxMessage m = next;
    next = null;
    return m;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private MboxMessage readMessage() throws IOException {
    while (!eof) {
      byte[] from = separatorLine;
      long offset = from == null ? position : separatorOffset;
      separatorLine = null;
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] line;
      while ((line = readLine()) != null) {
        long lineOffset = position - line.length;
        boolean first = firstLine;
        firstLine = false;
        if (isSeparator(line, first)) {
          if (from == null && body.size() == 0) {
            // The file's first separator: nothing before it.
            from = line;
            offset = lineOffset;
            continue;
          }
          separatorLine = line;
          separatorOffset = lineOffset;
          break;
        }
        writeUnescaped(body, line);
      }
      if (line == null) {
        eof = true;
      }
      byte[] raw = withoutSeparatorBlankLine(body.toByteArray());
      if (raw.length > 0 && !(from == null && isBlank(raw))) {
        return new MboxMessage(index++, offset, from == null ? null : text(from), raw);
      }
    }
    return null;
  }

  private static boolean isSeparator(byte[] line, boolean firstLineOfFile) {
    if (line.length < 5
        || line[0] != 'F'
        || line[1] != 'r'
        || line[2] != 'o'
        || line[3] != 'm'
        || line[4] != ' ') {
      return false;
    }
    return firstLineOfFile || SEPARATOR.matcher(text(line)).matches();
  }

  private static void writeUnescaped(ByteArrayOutputStream out, byte[] line) {
    if (line.length > 5
        && line[0] == '>'
        && ESCAPED_FROM
            .matcher(new String(line, 0, Math.min(line.length, 200), StandardCharsets.ISO_8859_1))
            .find()) {
      out.write(line, 1, line.length - 1);
    } else {
      out.writeBytes(line);
    }
  }

  /**
   * RFC 4155 section 2: writers put an empty line before each separator; it is not part of the
   * message. A final message may end without any newline at all.
   */
  private static byte[] withoutSeparatorBlankLine(byte[] raw) {
    int n = raw.length;
    if (n >= 4
        && raw[n - 4] == '\r'
        && raw[n - 3] == '\n'
        && raw[n - 2] == '\r'
        && raw[n - 1] == '\n') {
      return java.util.Arrays.copyOf(raw, n - 2);
    }
    if (n >= 2 && raw[n - 2] == '\n' && raw[n - 1] == '\n') {
      return java.util.Arrays.copyOf(raw, n - 1);
    }
    return raw;
  }

  private static boolean isBlank(byte[] raw) {
    for (byte b : raw) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  /** The separator line without its line ending; its bytes are ASCII by RFC 4155. */
  private static String text(byte[] line) {
    int end = line.length;
    while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r')) {
      end--;
    }
    return new String(line, 0, end, StandardCharsets.ISO_8859_1);
  }

  /** One line including its terminator, or null at end of input. */
  private byte[] readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != -1) {
      line.write(b);
      if (b == '\n') {
        break;
      }
    }
    position += line.size();
    return line.size() == 0 ? null : line.toByteArray();
  }
}
