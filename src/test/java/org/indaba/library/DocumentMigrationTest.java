package org.indaba.library;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.Flyway;
import org.indaba.db.Database;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** Background documents uploaded before the library existed become resources of it. */
class DocumentMigrationTest {

  /** The newest migration older than the library's first one, whoever added it. */
  static String lastVersionBeforeTheLibrary() {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("migrations"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches("V[0-9]+__.*\\.sql"))
          .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
          .filter(v -> v < 120)
          .max(Integer::compare)
          .map(String::valueOf)
          .orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void eachBackgroundDocumentBecomesAPublishedReportAttachedToItsDiscussionInUploadOrder() {
    String url = TestDatabase.freshDatabaseUrl();
    String admin = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    try (Database a = new Database(admin, "postgres", "", 1)) {
      a.dsl().execute("CREATE DATABASE documents_before_library");
    }
    String target = url.substring(0, url.lastIndexOf('/') + 1) + "documents_before_library";
    try (Database db = new Database(target, "postgres", "", 2)) {
      Flyway.configure()
          .dataSource(db.dataSource())
          .locations("classpath:migrations")
          .target(lastVersionBeforeTheLibrary())
          .load()
          .migrate();
      var dsl = db.dsl();
      dsl.execute(
          "INSERT INTO member (email, display_name, created_at) VALUES ('m@example.org', 'M', now())");
      dsl.execute(
          "INSERT INTO discussion (slug, title, language, starts_on, time_zone, weeks, created_at,"
              + " updated_at) VALUES ('old', 'Old', 'fr', '2025-01-06', 'UTC', 2, now(), now())");
      dsl.execute(
          "INSERT INTO blob (sha256, size_bytes, content, created_at) VALUES ('a', 3, 'abc', now()),"
              + " ('b', 2, 'de', now())");
      dsl.execute(
          "INSERT INTO discussion_document (discussion_id, blob_sha256, filename, content_type,"
              + " size_bytes, uploaded_by, created_at) SELECT d.id, 'a', 'Termes de référence.pdf',"
              + " 'application/pdf', 3, m.id, '2025-01-02T10:00:00Z' FROM discussion d, member m");
      dsl.execute(
          "INSERT INTO discussion_document (discussion_id, blob_sha256, filename, content_type,"
              + " size_bytes, uploaded_by, created_at) SELECT d.id, 'b', 'notes', 'text/plain', 2,"
              + " m.id, '2025-01-03T10:00:00Z' FROM discussion d, member m");

      db.migrate();

      var rows =
          dsl.fetch(
              "SELECT r.title, r.kind, r.language, r.status, r.posted_on::text AS posted, f.filename,"
                  + " f.size_bytes, dr.position FROM resource r JOIN resource_file f ON"
                  + " f.resource_id = r.id JOIN discussion_resource dr ON dr.resource_id = r.id"
                  + " ORDER BY dr.position");
      assertThat(rows).hasSize(2);
      assertThat(rows.get(0).get("title")).isEqualTo("Termes de référence");
      assertThat(rows.get(0).get("kind")).isEqualTo("report");
      assertThat(rows.get(0).get("language")).isEqualTo("fr");
      assertThat(rows.get(0).get("status")).isEqualTo("published");
      assertThat(rows.get(0).get("posted")).isEqualTo("2025-01-02");
      assertThat(rows.get(0).get("filename")).isEqualTo("Termes de référence.pdf");
      assertThat(rows.get(1).get("title")).isEqualTo("notes");
      assertThat(rows.get(1).get("position", Integer.class)).isEqualTo(2);
      assertThat(dsl.fetchCount(dsl.selectFrom("search_outbox").where("entity_type = 'resource'")))
          .isEqualTo(2);
      assertThat(
              dsl.fetchCount(
                  dsl.selectFrom("information_schema.tables")
                      .where("table_name = 'discussion_document'")))
          .isZero();
    }
  }
}
