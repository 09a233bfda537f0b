package org.indaba.discussion;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.indaba.model.Reason;
import org.indaba.model.Refusal;

/**
 * Which files members and moderators may upload, and how they are served back. A stored file is
 * never shown as anything but one of the allowed types, and only images open in the browser:
 * everything else downloads, so an uploaded HTML or SVG file can never run on our origin.
 */
public final class FilePolicy {
  public static final int MAX_ATTACHMENTS = 10;

  private static final Map<String, String> BY_EXTENSION = new LinkedHashMap<>();

  static {
    BY_EXTENSION.put("pdf", "application/pdf");
    BY_EXTENSION.put("doc", "application/msword");
    BY_EXTENSION.put(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    BY_EXTENSION.put("xls", "application/vnd.ms-excel");
    BY_EXTENSION.put("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    BY_EXTENSION.put("ppt", "application/vnd.ms-powerpoint");
    BY_EXTENSION.put(
        "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation");
    BY_EXTENSION.put("odt", "application/vnd.oasis.opendocument.text");
    BY_EXTENSION.put("ods", "application/vnd.oasis.opendocument.spreadsheet");
    BY_EXTENSION.put("odp", "application/vnd.oasis.opendocument.presentation");
    BY_EXTENSION.put("png", "image/png");
    BY_EXTENSION.put("jpg", "image/jpeg");
    BY_EXTENSION.put("jpeg", "image/jpeg");
    BY_EXTENSION.put("gif", "image/gif");
    BY_EXTENSION.put("webp", "image/webp");
    BY_EXTENSION.put("txt", "text/plain");
    // a forwarded message attached whole
    BY_EXTENSION.put("eml", "message/rfc822");
  }

  private static final Set<String> ALLOWED = Set.copyOf(BY_EXTENSION.values());
  private static final Set<String> IMAGES =
      Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  private FilePolicy() {}

  public static boolean isImage(String contentType) {
    return IMAGES.contains(contentType);
  }

  /**
   * The allowed content type for an upload: the declared one when it is on the list, else the one
   * its extension implies (browsers and mail clients often declare application/octet-stream).
   * Refuses anything else with a 415 that names the file.
   */
  public static String acceptedType(String filename, String declared) {
    return typeOf(filename, declared)
        .orElseThrow(
            () ->
                new Refusal(
                    Refusal.Kind.UNSUPPORTED_TYPE,
                    Reason.ATTACHMENT_TYPE,
                    "discussion.error.attachmentType",
                    safeFilename(filename)));
  }

  /** The accepted type of a file (as {@link #acceptedType}), or empty when it is refused. */
  public static Optional<String> typeOf(String filename, String declared) {
    String d = declared == null ? "" : declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return ALLOWED.contains(d) ? Optional.of(d) : byExtension(filename);
  }

  static Optional<String> byExtension(String filename) {
    String f = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
    int dot = f.lastIndexOf('.');
    return dot < 0 ? Optional.empty() : Optional.ofNullable(BY_EXTENSION.get(f.substring(dot + 1)));
  }

  /**
   * Whether the content is what its type says, by the first bytes (magic numbers): a program named
   * {@code .pdf} or declared {@code application/pdf} is not a PDF. Text must hold no NUL byte and
   * not start like a program or an archive.
   */
  public static boolean contentMatches(String type, byte[] b) {
    return switch (type) {
      case "application/pdf" -> indexOf(b, "%PDF-".getBytes(), 1024) >= 0;
      case "image/png" -> starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
      case "image/jpeg" -> starts(b, 0xFF, 0xD8, 0xFF);
      case "image/gif" -> starts(b, 'G', 'I', 'F', '8');
      case "image/webp" ->
          starts(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E';
      case "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint" ->
          starts(b, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1);
      case "text/plain", "message/rfc822" ->
          indexOf(b, new byte[] {0}, 8192) < 0
              && !starts(b, 'M', 'Z')
              && !starts(b, 0x7F, 'E', 'L', 'F')
              && !starts(b, 'P', 'K', 3, 4);
      // the OOXML and OpenDocument formats are zip archives
      default -> starts(b, 'P', 'K', 3, 4);
    };
  }

  /** The type a file's extension implies, when it is one we accept. */
  public static Optional<String> typeOfExtension(String filename) {
    return byExtension(filename);
  }

  private static boolean starts(byte[] b, int... magic) {
    if (b.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((b[i] & 0xFF) != (magic[i] & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, byte[] what, int within) {
    int end = Math.min(b.length, within) - what.length;
    for (int i = 0; i <= end; i++) {
      int k = 0;
      while (k < what.length && b[i + k] == what[k]) {
        k++;
      }
      if (k == what.length) {
        return i;
      }
    }
    return -1;
  }

  /** Refuses a file over the limit, naming the limit in megabytes. */
  public static void checkSize(long size, long maxBytes) {
    if (size > maxBytes) {
      throw new Refusal(
          Refusal.Kind.TOO_LARGE,
          Reason.ATTACHMENT_TOO_LARGE,
          "discussion.error.attachmentTooLarge",
          megabytes(maxBytes));
    }
  }

  static double megabytes(long bytes) {
    return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
  }

  /** A file name without directories or control characters, at most 255 characters. */
  public static String safeFilename(String name) {
    String n = name == null ? "" : name;
    n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
    n = n.replaceAll("[\\p{Cntrl}\"]", "").trim();
    if (n.isEmpty()) {
      n = "file";
    }
    return n.length() > 255 ? n.substring(n.length() - 255) : n;
  }

  /** The type to serve a stored file as: its own only when it is still on the list. */
  public static String servedType(String storedType) {
    return ALLOWED.contains(storedType)
        ? (storedType.equals("text/plain") ? "text/plain; charset=utf-8" : storedType)
        : "application/octet-stream";
  }

  /** Headers for serving a stored file: images inline, everything else as a download. */
  public static Map<String, String> downloadHeaders(String filename, String storedType) {
    String safe = safeFilename(filename);
    String ascii = safe.replaceAll("[^A-Za-z0-9._ -]", "_");
    String encoded = URLEncoder.encode(safe, StandardCharsets.UTF_8).replace("+", "%20");
    String disposition = isImage(storedType) ? "inline" : "attachment";
    Map<String, String> h = new LinkedHashMap<>();
    h.put(
        "Content-Disposition",
        disposition + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Cache-Control", "private, max-age=3600");
    return h;
  }
}
