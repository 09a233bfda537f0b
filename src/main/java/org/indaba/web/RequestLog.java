package org.indaba.web;

import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request, with every secret masked: the segment after a token-bearing path
 * prefix, any segment or query value that looks like a random token, and every query parameter
 * whose name says it carries one.
 */
public final class RequestLog {
  private static final Logger log = LoggerFactory.getLogger("org.indaba.web.requests");
  static final String MASK = "****";

  /** Path segments followed by a secret (email links, one-click actions). */
  private static final Set<String> TOKEN_PREFIXES =
      Set.of("verify", "reset", "unsubscribe", "confirm", "join", "token");

  private static final Set<String> TOKEN_PARAMS =
      Set.of("token", "key", "code", "t", "sig", "signature", "secret", "confirm", "password");

  /** Random tokens: long runs of base64url or base32 characters holding both letters and digits. */
  private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_-]{20,}");

  private RequestLog() {}

  public static void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addBodyEndHandler(
        v -> {
          if (log.isInfoEnabled()) {
            var a = ctx.request().remoteAddress();
            log.info(
                "{} - {} {} {} {} - {} ms",
                a == null ? "-" : a.hostAddress(),
                ctx.request().method(),
                mask(ctx.request().uri()),
                ctx.response().getStatusCode(),
                ctx.response().bytesWritten(),
                (System.nanoTime() - start) / 1_000_000);
          }
        });
    ctx.next();
  }

  /** The request target with every secret replaced by {@value #MASK}. */
  public static String mask(String uri) {
    if (uri == null) {
      return "";
    }
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    StringBuilder out = new StringBuilder(uri.length());
    String[] segments = path.split("/", -1);
    boolean secretNext = false;
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      String s = segments[i];
      if (!s.isEmpty() && (secretNext || looksLikeToken(s))) {
        out.append(MASK);
      } else {
        out.append(s);
      }
      secretNext = TOKEN_PREFIXES.contains(s.toLowerCase(Locale.ROOT));
    }
    if (q >= 0) {
      out.append('?');
      String[] pairs = uri.substring(q + 1).split("&", -1);
      for (int i = 0; i < pairs.length; i++) {
        if (i > 0) {
          out.append('&');
        }
        String p = pairs[i];
        int eq = p.indexOf('=');
        String name = eq < 0 ? p : p.substring(0, eq);
        String value = eq < 0 ? "" : p.substring(eq + 1);
        String lower = name.toLowerCase(Locale.ROOT);
        if (eq >= 0
            && (TOKEN_PARAMS.contains(lower) || lower.contains("token") || looksLikeToken(value))) {
          out.append(name).append('=').append(MASK);
        } else {
          out.append(p);
        }
      }
    }
    return out.toString();
  }

  private static boolean looksLikeToken(String s) {
    if (!TOKEN_LIKE.matcher(s).matches()) {
      return false;
    }
    boolean digit = false;
    boolean letter = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      digit |= Character.isDigit(c);
      letter |= Character.isLetter(c);
    }
    return digit && letter;
  }
}
