package org.indaba.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Mail written before {@code mail_outbox.discussion_id} existed is given the discussion its {@code
 * List-Id} names; mail without one, or naming no discussion, stays about none.
 */
class OutboxDiscussionMigrationTest {

  @Test
  void earlierMailGetsTheDiscussionItsListIdNames() {
    String url = TestDatabase.freshDatabaseUrl();
    String admin = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    try (Database a = new Database(admin, "postgres", "", 1)) {
      a.dsl().execute("CREATE DATABASE outbox_by_list_id");
    }
    String target = url.substring(0, url.lastIndexOf('/') + 1) + "outbox_by_list_id";
    try (Database db = new Database(target, "postgres", "", 2)) {
      // the schema as it was before the column (the latest migration of then)
      Flyway.configure()
          .dataSource(db.dataSource())
          .locations("classpath:migrations", "classpath:org/indaba/db/migration")
          .target("190")
          .load()
          .migrate();
      for (String slug : new String[] {"water", "water-rights"}) {
        db.dsl()
            .execute(
                "INSERT INTO discussion (slug, title, starts_on, time_zone, weeks, created_at,"
                    + " updated_at) VALUES (?, ?, date '2026-03-02', 'UTC', 4, now(), now())",
                slug,
                "Title of " + slug);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put(
          "copy@example.org", "{\"List-Id\": \"\\\"Title of water\\\" <water.lists.test>\"}");
      headers.put(
          "rights@example.org",
          "{\"List-Id\": \"=?UTF-8?Q?Droits?= <water-rights.lists.test>\", \"Precedence\": \"list\"}");
      headers.put("gone@example.org", "{\"List-Id\": \"<deleted.lists.test>\"}");
      headers.put("notice@example.org", "{\"Auto-Submitted\": \"auto-generated\"}");
      headers.put("account@example.org", null);
      for (var e : headers.entrySet()) {
        db.dsl()
            .execute(
                "INSERT INTO mail_outbox (recipient, kind, subject, text_body, headers,"
                    + " next_attempt_at, created_at) VALUES (?, 'contribution', 's', 't',"
                    + " cast(? as json), now(), now())",
                e.getKey(),
                e.getValue());
      }

      db.migrate();

      Map<String, String> about = new LinkedHashMap<>();
      db.dsl()
          .fetch(
              "SELECT o.recipient, d.slug FROM mail_outbox o LEFT JOIN discussion d ON d.id ="
                  + " o.discussion_id ORDER BY o.id")
          .forEach(r -> about.put(r.get(0, String.class), r.get(1, String.class)));
      assertThat(about)
          .containsEntry("copy@example.org", "water")
          .containsEntry("rights@example.org", "water-rights")
          .containsEntry("gone@example.org", null)
          .containsEntry("notice@example.org", null)
          .containsEntry("account@example.org", null);
    }
  }
}
