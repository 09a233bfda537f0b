package org.indaba.mail.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Authentication-Results header fields (RFC 8601).
 *
 * <p>Any relay, and the sender, can add such a field, so only fields whose authserv-id names our
 * own receiving host are believed (RFC 8601 section 5; that host must remove fields carrying its id
 * that arrive from outside).
 */
public final class AuthenticationResults {

  /** One "method=result" statement of a field. */
  record Statement(String method, String result) {}

  /** A parsed field: the authserv-id and its statements. */
  record Field(String authservId, List<Statement> statements) {}

  private AuthenticationResults() {}

  /**
   * True when an Authentication-Results field from {@code trustedAuthservId} reports {@code
   * dmarc=fail}. Fields from other hosts are ignored.
   */
  public static boolean dmarcFailed(ParsedMail mail, String trustedAuthservId) {
    if (trustedAuthservId == null || trustedAuthservId.isBlank()) {
      return false;
    }
    for (String value : mail.headers().all("Authentication-Results")) {
      Field field = parse(value);
      // authserv-id is a domain name in practice; domains compare case-insensitively.
      if (field == null || !field.authservId().equalsIgnoreCase(trustedAuthservId.strip())) {
        continue;
      }
      for (Statement s : field.statements()) {
        if (s.method().equals("dmarc") && s.result().equals("fail")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The dmarc result ("pass", "fail", "none"...) of the topmost Authentication-Results field whose
   * authserv-id is {@code trustedAuthservId} and that reports one; empty when there is none or no
   * host is trusted. Fields from any other host are not believed.
   */
  public static java.util.Optional<String> trustedDmarc(ParsedMail mail, String trustedAuthservId) {
    if (trustedAuthservId == null || trustedAuthservId.isBlank()) {
      return java.util.Optional.empty();
    }
    for (String value : mail.headers().all("Authentication-Results")) {
      Field field = parse(value);
      if (field == null || !field.authservId().equalsIgnoreCase(trustedAuthservId.strip())) {
        continue;
      }
      for (Statement s : field.statements()) {
        if (s.method().equals("dmarc")) {
          return java.util.Optional.of(s.result());
        }
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * Parses a field value: {@code authserv-id [version] ; method[/version]=result properties ; ...}
   * (RFC 8601 section 2.2), with comments removed first. Null when there is no authserv-id.
   */
  static Field parse(String value) {
    String text = withoutComments(value);
    List<String> parts = splitOnSemicolons(text);
    if (parts.isEmpty()) {
      return null;
    }
    String[] head = parts.get(0).strip().split("\\s+");
    if (head.length == 0 || head[0].isEmpty()) {
      return null;
    }
    List<Statement> statements = new ArrayList<>();
    for (int i = 1; i < parts.size(); i++) {
      String resinfo = parts.get(i).strip();
      int eq = resinfo.indexOf('=');
      if (eq <= 0) {
        continue; // "none" or garbage
      }
      String method = resinfo.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      int slash = method.indexOf('/');
      if (slash >= 0) {
        method = method.substring(0, slash).strip();
      }
      String rest = resinfo.substring(eq + 1).strip();
      int end = 0;
      while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
        end++;
      }
      statements.add(new Statement(method, rest.substring(0, end).toLowerCase(Locale.ROOT)));
    }
    return new Field(head[0], statements);
  }

  /** Removes RFC 5322 comments, which nest, outside quoted strings. */
  private static String withoutComments(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        if (depth == 0) {
          out.append(c).append(s.charAt(i + 1));
        }
        i++;
      } else if (c == '"' && depth == 0) {
        quoted = !quoted;
        out.append(c);
      } else if (c == '(' && !quoted) {
        depth++;
      } else if (c == ')' && !quoted && depth > 0) {
        depth--;
        out.append(' ');
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static List<String> splitOnSemicolons(String s) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ';' && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }
}
