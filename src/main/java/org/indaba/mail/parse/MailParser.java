package org.indaba.mail.parse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.BodyFactory;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.ContentUtil;

/**
 * Parses raw RFC 5322 / MIME messages into {@link ParsedMail}. Never throws on malformed input:
 * whatever could be read is returned and the problems are listed in {@link ParsedMail#defects()}.
 * Stateless and thread-safe.
 */
public final class MailParser {

  /** Deeper MIME trees are not followed; real mail rarely nests beyond five levels. */
  static final int MAX_DEPTH = 40;

  private static final Set<String> DROPPED_TYPES =
      Set.of(
          "application/pgp-signature",
          "application/pkcs7-signature",
          "application/x-pkcs7-signature",
          "application/ms-tnef",
          "application/vnd.ms-tnef",
          "text/vcard",
          "text/x-vcard");

  private static final Pattern MSG_ID = Pattern.compile("<([^<>\\s]+)>");
  private static final Pattern BOUNDARY_LINE =
      Pattern.compile("(?m)^--([^\\s]{1,200})[ \\t]*\\r?$");
  private static final Pattern HTML_META_CHARSET =
      Pattern.compile("(?i)<meta[^>]+charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)");
  private static final Pattern LOOSE_ADDRESS =
      Pattern.compile("[^\\s<>,;:\"()\\[\\]]+@[^\\s<>,;:\"()\\[\\]]+");

  private static final ThreadLocal<long[]> FULL_PARSES = ThreadLocal.withInitial(() -> new long[1]);

  private MailParser() {}

  /** How many full MIME parses the calling thread has made: shows which paths avoid one. */
  public static long fullParsesOnThisThread() {
    return FULL_PARSES.get()[0];
  }

  /** The header fields of a message and the bytes of its body, not parsed any further. */
  record HeaderBlock(Headers headers, byte[] body) {}

  /**
   * Reads only the header block (repaired as for {@link #parse}); the body is handed back as bytes
   * and no MIME structure is looked at. For the SMTP thread, which needs a key, not the text.
   */
  static HeaderBlock headerBlock(byte[] raw) {
    byte[] input = headerBlockRepaired(raw == null ? new byte[0] : raw);
    int end = input.length;
    int bodyStart = input.length;
    for (int i = 0; i < input.length; i++) {
      if (input[i] != '\n') {
        continue;
      }
      int j = i + 1;
      if (j < input.length && input[j] == '\r') {
        j++;
      }
      if (j < input.length && input[j] == '\n') {
        end = i + 1;
        bodyStart = j + 1;
        break;
      }
    }
    List<Headers.Header> fields = new ArrayList<>();
    try {
      org.apache.james.mime4j.dom.Header header =
          builder(EnumSet.noneOf(Defect.class))
              .parseHeader(new ByteArrayInputStream(headerBytes(input, end)));
      for (Field f : header.getFields()) {
        Headers.Header h = header(f);
        if (h != null) {
          fields.add(h);
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable header block has no Message-ID: the caller falls back to a full parse
      fields.clear();
    }
    return new HeaderBlock(
        new Headers(fields), java.util.Arrays.copyOfRange(input, bodyStart, input.length));
  }

  private static byte[] headerBytes(byte[] input, int end) {
    byte[] out = java.util.Arrays.copyOf(input, end + 2);
    out[end] = '\r';
    out[end + 1] = '\n';
    return out;
  }

  /** The first Message-ID of a header block, without angle brackets; null when there is none. */
  static String messageId(Headers headers) {
    return messageIds(headers.first("Message-ID").orElse(null)).stream().findFirst().orElse(null);
  }

  public static ParsedMail parse(byte[] raw) {
    FULL_PARSES.get()[0]++;
    byte[] input = headerBlockRepaired(raw == null ? new byte[0] : raw);
    Set<Defect> defects = EnumSet.noneOf(Defect.class);
    if (containsNul(input)) {
      defects.add(Defect.NUL_BYTES);
    }
    Message message;
    try {
      message = builder(defects).parseMessage(new ByteArrayInputStream(input));
    } catch (IOException | RuntimeException | StackOverflowError e) {
      defects.add(Defect.UNREADABLE);
      return salvage(input, defects);
    }
    Headers headers = headers(message, defects);
    Walker walker = new Walker(defects);
    try {
      walker.walk(message, 0, true, false);
    } catch (RuntimeException | StackOverflowError e) {
      defects.add(Defect.UNREADABLE);
    }
    return assemble(headers, walker.bodyText(), walker.fromHtml, walker.attachments, defects);
  }

  /**
   * Some clients and gateways start a message with an empty line, which a MIME parser takes for the
   * end of an empty header block (and the headers for the body); others end the header block with a
   * line of spaces, which it takes for a folded header. Both are repaired here: blank lines before
   * the first header are dropped, and the first line holding only spaces or tabs is made empty.
   * Returns the input itself when there is nothing to repair.
   */
  static byte[] headerBlockRepaired(byte[] raw) {
    return traceHeadersJoined(blankLinesRepaired(raw));
  }

  private static final Pattern HEADER_FIELD = Pattern.compile("^[!-9;-~]{1,76}:.*");
  private static final java.util.Set<String> TRACE_FIELDS =
      java.util.Set.of(
          "received", "return-path", "delivered-to", "x-original-to", "x-envelope-from");

  /**
   * The same empty first line behind the trace fields our receiving server (or a relay) put on top:
   * a header block of trace fields only, an empty line, then a header block with the message's own
   * fields. The empty line is dropped so the two blocks are one.
   */
  private static byte[] traceHeadersJoined(byte[] raw) {
    String text = new String(raw, 0, Math.min(raw.length, 64 * 1024), StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\n", -1);
    int i = 0;
    boolean traceOnly = true;
    while (i < lines.length && !lines[i].replace("\r", "").isEmpty()) {
      String line = lines[i].replace("\r", "");
      if (!(line.startsWith(" ") || line.startsWith("\t"))) {
        int colon = line.indexOf(':');
        String name = colon > 0 ? line.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        traceOnly &= TRACE_FIELDS.contains(name) || name.startsWith("x-");
      }
      i++;
    }
    if (i == 0 || !traceOnly || i + 1 >= lines.length) {
      return raw;
    }
    // the next block must be headers with fields of the message's own
    boolean ownFields = false;
    for (int k = i + 1; k < lines.length; k++) {
      String line = lines[k].replace("\r", "");
      if (line.isEmpty()) {
        break;
      }
      if (!(line.startsWith(" ") || line.startsWith("\t"))) {
        if (!HEADER_FIELD.matcher(line).matches()) {
          return raw;
        }
        String name = line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT);
        ownFields |=
            java.util.Set.of("from", "subject", "date", "message-id", "content-type", "to")
                .contains(name);
      }
    }
    if (!ownFields) {
      return raw;
    }
    int offset = 0;
    for (int k = 0; k < i; k++) {
      offset += lines[k].length() + 1;
    }
    int blankLength = lines[i].length() + 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    out.write(raw, 0, offset);
    out.write(raw, offset + blankLength, raw.length - offset - blankLength);
    return out.toByteArray();
  }

  private static byte[] blankLinesRepaired(byte[] raw) {
    int start = 0;
    while (true) {
      int end = start;
      while (end < raw.length && (raw[end] == ' ' || raw[end] == '\t' || raw[end] == '\r')) {
        end++;
      }
      if (end < raw.length && raw[end] == '\n') {
        start = end + 1;
      } else {
        break;
      }
    }
    // find the first line that holds only spaces or tabs (and not nothing) within the headers
    int lineStart = start;
    int blankFrom = -1;
    int blankTo = -1;
    while (lineStart < raw.length) {
      int lineEnd = lineStart;
      while (lineEnd < raw.length && raw[lineEnd] != '\n') {
        lineEnd++;
      }
      int contentEnd = lineEnd > lineStart && raw[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
      if (contentEnd == lineStart) {
        break; // the real separator
      }
      boolean spaces = true;
      for (int i = lineStart; i < contentEnd && spaces; i++) {
        spaces = raw[i] == ' ' || raw[i] == '\t';
      }
      if (spaces && lineStart > start) {
        blankFrom = lineStart;
        blankTo = contentEnd;
        break;
      }
      lineStart = lineEnd + 1;
    }
    if (start == 0 && blankFrom < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    if (blankFrom < 0) {
      out.write(raw, start, raw.length - start);
    } else {
      out.write(raw, start, blankFrom - start);
      out.write(raw, blankTo, raw.length - blankTo);
    }
    return out.toByteArray();
  }

  private static DefaultMessageBuilder builder(Set<Defect> defects) {
    DefaultMessageBuilder builder = new DefaultMessageBuilder();
    // No limits on line length, header count or size: the SMTP layer bounds message size, and a
    // limit here would turn a long but valid message into an exception.
    builder.setMimeEntityConfig(
        MimeConfig.custom()
            .setStrictParsing(false)
            .setMaxLineLen(-1)
            .setMaxHeaderLen(-1)
            .setMaxHeaderCount(-1)
            .setMaxContentLen(-1)
            .build());
    builder.setDecodeMonitor(
        new DecodeMonitor() {
          @Override
          public boolean warn(String error, String dummy) {
            defects.add(Defect.MALFORMED_MIME);
            return false; // false means: carry on
          }

          @Override
          public boolean isListening() {
            return true;
          }
        });
    builder.setFieldParser(LenientFieldParser.getParser());
    builder.setContentDecoding(true);
    builder.setBodyFactory(BINARY_BODIES);
    return builder;
  }

  /** Keeps every leaf as bytes so that charsets are decoded here, with our fallbacks. */
  private static final BodyFactory BINARY_BODIES =
      new BodyFactory() {
        @Override
        public org.apache.james.mime4j.dom.BinaryBody binaryBody(InputStream is)
            throws IOException {
          return BasicBodyFactory.INSTANCE.binaryBody(is);
        }

        @Override
        public org.apache.james.mime4j.dom.TextBody textBody(InputStream is, String mimeCharset)
            throws IOException {
          return BasicBodyFactory.INSTANCE.textBody(is.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
      };

  // ---------------------------------------------------------------- headers

  private static Headers headers(Entity entity, Set<Defect> defects) {
    List<Headers.Header> fields = new ArrayList<>();
    if (entity.getHeader() != null) {
      for (Field f : entity.getHeader().getFields()) {
        Headers.Header h = header(f);
        if (h != null) {
          fields.add(h);
        }
      }
    }
    return new Headers(fields);
  }

  private static Headers.Header header(Field field) {
    ByteSequence raw = field.getRaw();
    String name;
    String value;
    if (raw != null) {
      String text = Charsets.guess(raw.toByteArray());
      int colon = text.indexOf(':');
      if (colon <= 0) {
        return null;
      }
      name = text.substring(0, colon);
      value = text.substring(colon + 1);
    } else {
      name = field.getName();
      value = field.getBody() == null ? "" : field.getBody();
    }
    name = clean(name).strip();
    if (name.isEmpty()) {
      return null;
    }
    // RFC 5322 section 2.2.3: unfolding removes the CRLF before folding whitespace.
    value = clean(value.replaceAll("\\r?\\n(?=[ \\t])", "").replaceAll("[\\r\\n]", "")).strip();
    return new Headers.Header(name, value);
  }

  /** Removes NUL and other C0 controls except tab, which no header or text should carry. */
  static String clean(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
      if (bad && out == null) {
        out = new StringBuilder(s.length());
        out.append(s, 0, i);
      } else if (!bad && out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  private static String fieldValue(Entity entity, String name) {
    if (entity.getHeader() == null) {
      return null;
    }
    Field f = entity.getHeader().getField(name);
    if (f == null) {
      return null;
    }
    Headers.Header h = header(f);
    return h == null ? null : h.value();
  }

  // ---------------------------------------------------------------- assembly

  private static ParsedMail assemble(
      Headers headers,
      String body,
      boolean fromHtml,
      List<Attachment> attachments,
      Set<Defect> defects) {
    // an author needs a whole address: "Equipe Terrain" alone names nobody we can write to
    List<MailAddress> from =
        addresses(headers.all("From")).stream()
            .filter(a -> a.address().indexOf('@') > 0 && !a.address().endsWith("@"))
            .toList();
    OffsetDateTime date = headers.first("Date").flatMap(MailDates::parse).orElse(null);
    List<MailAddress> deliveredTo = new ArrayList<>();
    for (String v : headers.all("Delivered-To")) {
      deliveredTo.addAll(addresses(List.of(v)));
    }
    List<String> inReplyTo = messageIds(headers.first("In-Reply-To").orElse(null));
    return new ParsedMail(
        headers,
        from.isEmpty() ? null : from.get(0),
        addresses(headers.all("To")),
        addresses(headers.all("Cc")),
        addresses(headers.all("Reply-To")),
        deliveredTo,
        headers.first("Subject").map(EncodedWords::decode).map(String::strip).orElse(""),
        messageId(headers),
        inReplyTo.isEmpty() ? null : inReplyTo.get(0),
        messageIds(String.join(" ", headers.all("References"))),
        date,
        body,
        fromHtml,
        attachments,
        defects);
  }

  /**
   * Message ids from an RFC 5322 section 3.6.4 msg-id list. Ids without angle brackets, which some
   * mailers send, are accepted when they look like id-left@id-right.
   */
  static List<String> messageIds(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    Matcher m = MSG_ID.matcher(value);
    while (m.find()) {
      ids.add(m.group(1));
    }
    if (ids.isEmpty()) {
      for (String token : value.strip().split("[\\s,]+")) {
        if (token.indexOf('@') > 0 && token.indexOf('@') < token.length() - 1) {
          ids.add(token);
        }
      }
    }
    return List.copyOf(ids);
  }

  static List<MailAddress> addresses(List<String> values) {
    List<MailAddress> result = new ArrayList<>();
    for (String value : values) {
      if (value.isBlank()) {
        continue;
      }
      try {
        // Parse from UTF-8 bytes with a byte-length cursor: the CharSequence overload bounds the
        // cursor by character count, which cuts off the end of values with raw UTF-8 names.
        ByteSequence bytes = ContentUtil.encode(StandardCharsets.UTF_8, value);
        AddressList list =
            LenientAddressParser.DEFAULT.parseAddressList(
                bytes, new ParserCursor(0, bytes.length()));
        for (Mailbox mb : list.flatten()) {
          MailAddress a = address(mb);
          if (a != null) {
            result.add(a);
          }
        }
      } catch (RuntimeException unparsable) {
        Matcher m = LOOSE_ADDRESS.matcher(value);
        while (m.find()) {
          result.add(new MailAddress(normaliseAddress(m.group()), null));
        }
      }
    }
    return result;
  }

  private static MailAddress address(Mailbox mb) {
    String local = mb.getLocalPart() == null ? "" : mb.getLocalPart().strip();
    if (local.isEmpty()) {
      return null;
    }
    String domain = mb.getDomain();
    String address =
        domain == null || domain.isBlank()
            ? local
            : local + "@" + domain.strip().toLowerCase(Locale.ROOT);
    String name = mb.getName();
    if (name != null) {
      name = clean(EncodedWords.decode(name)).strip();
      if (name.isEmpty()) {
        name = null;
      }
    }
    return new MailAddress(address, name);
  }

  private static String normaliseAddress(String address) {
    int at = address.lastIndexOf('@');
    return address.substring(0, at) + address.substring(at).toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------- salvage

  /**
   * Reads a message that the MIME parser gave up on: the header block split by hand, the rest as
   * text. Only reached on input so broken that the parser threw.
   */
  private static ParsedMail salvage(byte[] raw, Set<Defect> defects) {
    String text = Charsets.guess(raw).replace("\r\n", "\n");
    int end = text.indexOf("\n\n");
    String head = end < 0 ? text : text.substring(0, end);
    String body = end < 0 ? "" : text.substring(end + 2);
    List<Headers.Header> fields = new ArrayList<>();
    for (String line : head.split("\n(?![ \\t])")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        String name = clean(line.substring(0, colon)).strip();
        String value = clean(line.substring(colon + 1).replaceAll("\\n[ \\t]", " ")).strip();
        if (!name.isEmpty() && !name.contains(" ")) {
          fields.add(new Headers.Header(name, value));
        }
      }
    }
    return assemble(new Headers(fields), clean(body).strip(), false, List.of(), defects);
  }

  private static boolean containsNul(byte[] raw) {
    for (byte b : raw) {
      if (b == 0) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- MIME tree

  /** Walks the MIME tree, collecting the body text and the attachments. */
  private static final class Walker {
    private final Set<Defect> defects;
    private final List<String> texts = new ArrayList<>();
    final List<Attachment> attachments = new ArrayList<>();
    boolean fromHtml;

    Walker(Set<Defect> defects) {
      this.defects = defects;
    }

    String bodyText() {
      StringBuilder out = new StringBuilder();
      for (String t : texts) {
        if (t.isBlank()) {
          continue;
        }
        if (out.length() > 0) {
          out.append("\n\n");
        }
        out.append(t.strip());
      }
      return out.toString();
    }

    /**
     * @param bodyAllowed false for the alternatives not chosen as the body: their text duplicates
     *     the body, but their other parts (images of an HTML alternative) are still kept
     * @param relatedResource true for the non-root parts of a multipart/related
     */
    void walk(Entity entity, int depth, boolean bodyAllowed, boolean relatedResource) {
      if (depth > MAX_DEPTH) {
        defects.add(Defect.TOO_DEEP);
        return;
      }
      MimeParams type = contentType(entity);
      Body body = entity.getBody();
      if (body instanceof Multipart multipart) {
        multipart(multipart, type, depth, bodyAllowed);
      } else if (body instanceof Message message) {
        attachMessage(entity, message, relatedResource);
      } else if (body instanceof SingleBody single) {
        if (type.value().startsWith("multipart/")) {
          unboundedMultipart(single, type, depth, bodyAllowed);
        } else {
          leaf(entity, single, type, bodyAllowed, relatedResource);
        }
      }
    }

    private void multipart(Multipart multipart, MimeParams type, int depth, boolean bodyAllowed) {
      List<Entity> parts = multipart.getBodyParts();
      if (parts.isEmpty()) {
        // the boundary never appears: everything is in the preamble, which is the text
        defects.add(Defect.MISSING_BOUNDARY);
        String preamble = multipart.getPreamble();
        if (bodyAllowed && preamble != null && !preamble.isBlank()) {
          texts.add(normaliseText(preamble));
        }
        return;
      }
      String subtype =
          type.value().startsWith("multipart/")
              ? type.value().substring("multipart/".length())
              : multipart.getSubType() == null
                  ? "mixed"
                  : multipart.getSubType().toLowerCase(Locale.ROOT);
      switch (subtype) {
        case "alternative" -> alternative(parts, depth, bodyAllowed);
        case "related" -> {
          int root = relatedRoot(parts, type.param("start"));
          for (int i = 0; i < parts.size(); i++) {
            walk(parts.get(i), depth + 1, bodyAllowed, i != root);
          }
        }
        // multipart/mixed, report (RFC 6522: first part is human-readable), signed (RFC 1847:
        // first part is the content), digest and anything unknown (RFC 2046 section 5.1.7: treat
        // as mixed) all read part by part.
        default -> {
          for (Entity part : parts) {
            walk(part, depth + 1, bodyAllowed, false);
          }
        }
      }
    }

    /**
     * RFC 2046 section 5.1.4 orders alternatives from plainest to richest. A plain-text body is
     * preferred because it is what the author saw in a plain-text client and what the reply trimmer
     * reads best; HTML is converted only when no usable plain text was sent.
     */
    private void alternative(List<Entity> parts, int depth, boolean bodyAllowed) {
      int chosen = -1;
      for (int i = 0; i < parts.size() && bodyAllowed; i++) {
        Entity p = parts.get(i);
        if (contentType(p).value().equals("text/plain") && !isAttachment(p) && !text(p).isBlank()) {
          chosen = i;
          break;
        }
      }
      if (chosen < 0 && bodyAllowed) {
        for (int i = parts.size() - 1; i >= 0; i--) {
          String t = contentType(parts.get(i)).value();
          if (t.equals("text/html") || t.startsWith("multipart/")) {
            chosen = i;
            break;
          }
        }
      }
      if (chosen < 0 && bodyAllowed && !parts.isEmpty()) {
        chosen = 0;
      }
      for (int i = 0; i < parts.size(); i++) {
        walk(parts.get(i), depth + 1, i == chosen, false);
      }
    }

    /** RFC 2387 section 3.2: the root is the part named by the start parameter, else the first. */
    private int relatedRoot(List<Entity> parts, String start) {
      if (start != null) {
        String wanted = stripAngles(start);
        for (int i = 0; i < parts.size(); i++) {
          String id = fieldValue(parts.get(i), "Content-ID");
          if (id != null && stripAngles(id).equals(wanted)) {
            return i;
          }
        }
      }
      return 0;
    }

    /**
     * A multipart without a boundary parameter cannot be split by the MIME parser. If a line of the
     * body looks like a delimiter (RFC 2046 section 5.1.1: "--" boundary), the body is parsed again
     * with that boundary; otherwise it is read as plain text so that nothing is lost.
     */
    private void unboundedMultipart(
        SingleBody single, MimeParams type, int depth, boolean bodyAllowed) {
      defects.add(Defect.MISSING_BOUNDARY);
      byte[] bytes = bytes(single);
      Matcher m = BOUNDARY_LINE.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
      if (m.find()) {
        String boundary = m.group(1);
        if (boundary.endsWith("--")) {
          boundary = boundary.substring(0, boundary.length() - 2);
        }
        String head = "Content-Type: " + type.value() + "; boundary=\"" + boundary + "\"\r\n\r\n";
        ByteArrayOutputStream synthetic = new ByteArrayOutputStream(bytes.length + head.length());
        synthetic.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        synthetic.writeBytes(bytes);
        try {
          Message reparsed =
              builder(defects).parseMessage(new ByteArrayInputStream(synthetic.toByteArray()));
          if (reparsed.getBody() instanceof Multipart multipart) {
            multipart(
                multipart,
                MimeParams.parse(fieldValue(reparsed, "Content-Type")),
                depth,
                bodyAllowed);
            return;
          }
        } catch (IOException | RuntimeException e) {
          // fall through to plain text
        }
      }
      if (bodyAllowed) {
        texts.add(normaliseText(Charsets.guess(bytes)));
      }
    }

    private void leaf(
        Entity entity,
        SingleBody single,
        MimeParams type,
        boolean bodyAllowed,
        boolean relatedResource) {
      String mime = type.value().isEmpty() ? "text/plain" : type.value();
      boolean textual = mime.equals("text/plain") || mime.equals("text/html");
      if (textual && !isAttachment(entity) && !relatedResource) {
        if (bodyAllowed) {
          String text = text(entity);
          if (mime.equals("text/html")) {
            text = HtmlToText.convert(text);
            if (!text.isBlank()) {
              fromHtml = true;
            }
          }
          texts.add(text);
        }
        return;
      }
      MimeParams disposition = MimeParams.parse(fieldValue(entity, "Content-Disposition"));
      String filename = filename(entity, type, disposition);
      if (dropped(mime, filename)) {
        return;
      }
      String contentId = fieldValue(entity, "Content-ID");
      contentId = contentId == null || contentId.isBlank() ? null : stripAngles(contentId);
      // Inline when the sender says so (RFC 2183), or when the part is a resource of a
      // multipart/related that the root refers to by Content-ID (RFC 2387).
      boolean inline =
          disposition.value().equals("inline")
              || (relatedResource && disposition.value().isEmpty() && contentId != null);
      String contentType = mime.contains("/") ? mime : "application/octet-stream";
      attachments.add(new Attachment(filename, contentType, bytes(single), contentId, inline));
    }

    private void attachMessage(Entity entity, Message message, boolean relatedResource) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        new DefaultMessageWriter().writeMessage(message, out);
      } catch (IOException | RuntimeException e) {
        defects.add(Defect.MALFORMED_MIME);
      }
      MimeParams type = contentType(entity);
      MimeParams disposition = MimeParams.parse(fieldValue(entity, "Content-Disposition"));
      String contentId = fieldValue(entity, "Content-ID");
      attachments.add(
          new Attachment(
              filename(entity, type, disposition),
              "message/rfc822",
              out.toByteArray(),
              contentId == null || contentId.isBlank() ? null : stripAngles(contentId),
              disposition.value().equals("inline") || relatedResource));
    }

    private String text(Entity entity) {
      if (!(entity.getBody() instanceof SingleBody single)) {
        return "";
      }
      MimeParams type = contentType(entity);
      byte[] bytes = bytes(single);
      String declared = type.param("charset");
      if (declared != null && !declared.isBlank() && Charsets.lookup(declared).isEmpty()) {
        defects.add(Defect.UNKNOWN_CHARSET);
      }
      if ((declared == null || declared.isBlank()) && type.value().equals("text/html")) {
        declared = metaCharset(bytes);
      }
      String text = normaliseText(Charsets.decode(bytes, declared));
      // RFC 3676: undo the soft line breaks of format=flowed.
      if (type.value().equals("text/plain") && "flowed".equalsIgnoreCase(type.param("format"))) {
        text = FlowedText.decode(text, "yes".equalsIgnoreCase(type.param("delsp")));
      }
      return text;
    }

    private static String metaCharset(byte[] html) {
      String head = new String(html, 0, Math.min(html.length, 4096), StandardCharsets.ISO_8859_1);
      Matcher m = HTML_META_CHARSET.matcher(head);
      return m.find() ? m.group(1) : null;
    }

    private MimeParams contentType(Entity entity) {
      return MimeParams.parse(fieldValue(entity, "Content-Type"));
    }

    private static boolean isAttachment(Entity entity) {
      MimeParams disposition = MimeParams.parse(fieldValue(entity, "Content-Disposition"));
      return disposition.value().equals("attachment")
          || filename(entity, MimeParams.parse(fieldValue(entity, "Content-Type")), disposition)
              != null;
    }

    private byte[] bytes(SingleBody body) {
      try (InputStream in = body.getInputStream()) {
        return in.readAllBytes();
      } catch (IOException | RuntimeException e) {
        defects.add(Defect.MALFORMED_MIME);
        return new byte[0];
      }
    }
  }

  /** RFC 2183 filename, falling back to the older Content-Type name parameter. */
  private static String filename(Entity entity, MimeParams type, MimeParams disposition) {
    String name = disposition.param("filename");
    if (name == null || name.isBlank()) {
      name = type.param("name");
    }
    return sanitiseFilename(name);
  }

  /** Keeps only the last path segment and drops control characters; blank becomes null. */
  static String sanitiseFilename(String name) {
    if (name == null) {
      return null;
    }
    String n = clean(name).replaceAll("[\\r\\n\\t]", " ");
    int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    n = n.substring(slash + 1).strip();
    return n.isEmpty() || n.equals(".") || n.equals("..") ? null : n;
  }

  /**
   * Parts that carry no content for readers: signatures (RFC 3156, RFC 8551), Outlook's TNEF
   * wrapper and vCards that clients attach automatically. The raw message keeps them.
   */
  static boolean dropped(String contentType, String filename) {
    if (DROPPED_TYPES.contains(contentType)) {
      return true;
    }
    if (filename == null) {
      return false;
    }
    String f = filename.toLowerCase(Locale.ROOT);
    return f.equals("smime.p7s")
        || f.endsWith(".p7s")
        || f.equals("winmail.dat")
        || f.endsWith(".vcf");
  }

  private static String normaliseText(String text) {
    return clean(text.replace("\r\n", "\n").replace('\r', '\n'));
  }

  static String stripAngles(String id) {
    String s = id.strip();
    if (s.startsWith("<")) {
      s = s.substring(1);
    }
    if (s.endsWith(">")) {
      s = s.substring(0, s.length() - 1);
    }
    return s.strip();
  }
}
