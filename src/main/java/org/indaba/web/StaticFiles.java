package org.indaba.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stylesheets and images under {@code static/} on the class path, read once and answered from
 * memory with an ETag: no file system call and no paused request per hit (a request paused and
 * never resumed stays counted as active in the HTTP metrics).
 */
final class StaticFiles {
  private static final Map<String, String> TYPES =
      Map.of(
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "woff2", "font/woff2",
          "txt", "text/plain; charset=utf-8");

  private record File(Buffer bytes, String type, String etag) {}

  private final String root;
  private final long maxAgeSeconds;
  private final Map<String, Optional<File>> files = new ConcurrentHashMap<>();

  StaticFiles(String root, long maxAgeSeconds) {
    this.root = root;
    this.maxAgeSeconds = maxAgeSeconds;
  }

  void handle(RoutingContext ctx) {
    String name = ctx.normalizedPath().substring("/static/".length());
    if (name.isEmpty() || name.contains("..") || name.contains("\\")) {
      ctx.fail(404);
      return;
    }
    Optional<File> f = files.computeIfAbsent(name, this::load);
    if (f.isEmpty()) {
      ctx.fail(404);
      return;
    }
    File file = f.get();
    var res = ctx.response();
    res.putHeader("ETag", file.etag())
        .putHeader("Cache-Control", "public, max-age=" + maxAgeSeconds);
    String match = ctx.request().getHeader("If-None-Match");
    if (file.etag().equals(match)) {
      res.setStatusCode(304).end();
      return;
    }
    res.putHeader("Content-Type", file.type()).end(file.bytes());
  }

  private Optional<File> load(String name) {
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
    if (type == null) {
      return Optional.empty();
    }
    try (InputStream in =
        StaticFiles.class.getClassLoader().getResourceAsStream(root + "/" + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      String etag =
          "\""
              + HexFormat.of()
                  .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                  .substring(0, 16)
              + "\"";
      return Optional.of(new File(Buffer.buffer(bytes), type, etag));
    } catch (IOException | NoSuchAlgorithmException e) {
      return Optional.empty();
    }
  }
}
