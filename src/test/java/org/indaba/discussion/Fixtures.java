package org.indaba.discussion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.indaba.testing.HttpSession;

/** Steps that several discussion tests take through HTTP, as a browser would. */
final class Fixtures {
  private Fixtures() {}

  static HttpSession.Response createDiscussion(
      HttpSession moderator,
      String slug,
      String startsOn,
      int weeks,
      boolean preModerated,
      String moderators) {
    Map<String, String> form =
        new HashMap<>(
            Map.of(
                "slug",
                slug,
                "title",
                "Diaspora and local development " + slug,
                "summary",
                "How diaspora communities invest in their towns of origin.",
                "introduction",
                "Welcome. *Remittances* matter.",
                "welcomedLanguages",
                "en, fr, es",
                "moderators",
                moderators,
                "startsOn",
                startsOn,
                "timeZone",
                "Europe/Paris",
                "weeks",
                String.valueOf(weeks)));
    if (preModerated) {
      form.put("preModerated", "on");
    }
    HttpSession.Response r = moderator.post("/d/new", form);
    assertThat(r.status()).as(r.body()).isEqualTo(303);
    return r;
  }

  static void setTheme(
      HttpSession moderator, String slug, int week, String title, String question) {
    HttpSession.Response r =
        moderator.post(
            "/d/" + slug + "/themes/" + week + "/edit",
            Map.of("title", title, "question", question, "publishAt", ""));
    assertThat(r.status()).as(r.body()).isEqualTo(303);
  }

  static HttpSession.Response post(
      HttpSession member, String slug, Integer week, String body, Long replyTo) {
    Map<String, String> form = new HashMap<>(Map.of("body", body));
    if (week != null) {
      form.put("week", String.valueOf(week));
    }
    if (replyTo != null) {
      form.put("replyTo", String.valueOf(replyTo));
    }
    return member.post("/d/" + slug + "/contributions", form);
  }

  static long idFrom(HttpSession.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(303);
    assertThat(r.location()).startsWith("/c/");
    return Long.parseLong(r.location().substring(3));
  }

  record Part(String name, String filename, String contentType, byte[] bytes) {
    static Part field(String name, String value) {
      return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Posts a multipart form (file uploads) with the session's CSRF token. */
  static HttpSession.Response multipart(HttpSession s, String path, List<Part> parts) {
    String boundary = "----indaba" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Part> all = new java.util.ArrayList<>(parts);
    all.add(Part.field("_csrf", s.csrfToken()));
    for (Part p : all) {
      StringBuilder h =
          new StringBuilder(
              "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\"");
      if (p.filename() != null) {
        h.append("; filename=\"")
            .append(p.filename())
            .append("\"\r\nContent-Type: ")
            .append(p.contentType());
      }
      h.append("\r\n\r\n");
      out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
      out.writeBytes(p.bytes());
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return s.send(
        HttpRequest.newBuilder(URI.create(s.base() + path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())),
        Map.of());
  }
}
