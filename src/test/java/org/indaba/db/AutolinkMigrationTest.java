package org.indaba.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.Flyway;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Contributions stored while bare URLs stayed plain text get their links from a migration that
 * renders their Markdown again: links appear, citations resolve as an edit would resolve them, raw
 * HTML stays escaped, a contribution without a URL is left as it was, and the discussion's page
 * version is raised so no cached page keeps the old text.
 */
class AutolinkMigrationTest {

  @Test
  void aContributionStoredWithTheOldRenderingGetsLinksAfterTheMigration() {
    String url = TestDatabase.freshDatabaseUrl();
    String admin = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    try (Database a = new Database(admin, "postgres", "", 1)) {
      a.dsl().execute("CREATE DATABASE html_before_autolink");
    }
    String target = url.substring(0, url.lastIndexOf('/') + 1) + "html_before_autolink";
    try (Database db = new Database(target, "postgres", "", 2)) {
      Flyway.configure()
          .dataSource(db.dataSource())
          .locations("classpath:migrations", "classpath:org/indaba/db/migration")
          .target("220")
          .load()
          .migrate();
      var dsl = db.dsl();
      long author =
          dsl.fetchOne(
                  "INSERT INTO member (email, display_name, created_at) VALUES"
                      + " ('fatou@example.org', 'Fatou Diop', now()) RETURNING id")
              .get(0, Long.class);
      long water = discussion(db, "water");
      long other = discussion(db, "other");
      long cited = contribution(db, water, author, "Councils first.", "<p>Councils first.</p>");
      String body =
          "See https://example.org/report?id=1 and www.example.net, as [#"
              + cited
              + "] said. <script>alert(1)</script>";
      long old =
          contribution(
              db,
              water,
              author,
              body,
              "<p>See https://example.org/report?id=1 and www.example.net, as <a href=\"/c/"
                  + cited
                  + "\">Fatou Diop</a> said. &lt;script&gt;alert(1)&lt;/script&gt;</p>");
      long elsewhere =
          contribution(
              db,
              other,
              author,
              "Read https://example.org/a as [#" + cited + "] did.",
              "<p>Read https://example.org/a as [#" + cited + "] did.</p>");
      long plain = contribution(db, water, author, "No address here.", "<p>kept as stored</p>");
      long versionBefore = version(db, water);

      db.migrate();

      String html = html(db, old);
      assertThat(html)
          .contains("href=\"https://example.org/report?id=1\"")
          .contains("href=\"https://www.example.net\"")
          .contains("href=\"/c/" + cited + "\"")
          .contains("&lt;script&gt;")
          .doesNotContain("<script>");
      // a citation of another discussion's contribution stays as written
      assertThat(html(db, elsewhere))
          .contains("href=\"https://example.org/a\"")
          .contains("[#" + cited + "]")
          .doesNotContain("/c/" + cited);
      assertThat(html(db, plain)).isEqualTo("<p>kept as stored</p>");
      assertThat(version(db, water)).isGreaterThan(versionBefore);
    }
  }

  private static long discussion(Database db, String slug) {
    return db.dsl()
        .fetchOne(
            "INSERT INTO discussion (slug, title, starts_on, time_zone, weeks, draft, created_at,"
                + " updated_at) VALUES (?, ?, date '2026-03-02', 'UTC', 4, false, now(), now())"
                + " RETURNING id",
            slug,
            "About " + slug)
        .get(0, Long.class);
  }

  private static long contribution(
      Database db, long discussion, long author, String body, String html) {
    return db.dsl()
        .fetchOne(
            "INSERT INTO contribution (discussion_id, week, author_id, body, body_html, language,"
                + " status, source, created_at, updated_at) VALUES (?, 1, ?, ?, ?, 'en',"
                + " 'approved', 'web', now(), now()) RETURNING id",
            discussion,
            author,
            body,
            html)
        .get(0, Long.class);
  }

  private static String html(Database db, long id) {
    return db.dsl()
        .fetchOne("SELECT body_html FROM contribution WHERE id = ?", id)
        .get(0, String.class);
  }

  private static long version(Database db, long discussion) {
    var r =
        db.dsl().fetchOne("SELECT version FROM page_version WHERE discussion_id = ?", discussion);
    return r == null ? 0 : r.get(0, Long.class);
  }
}
