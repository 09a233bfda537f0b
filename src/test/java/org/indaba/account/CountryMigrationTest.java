package org.indaba.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.indaba.db.Database;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** Countries typed as free text before they became ISO codes are converted by a migration. */
class CountryMigrationTest {

  @Test
  void namesInAnyInterfaceLanguageAndCodesBecomeCodesAndTheRestIsKeptForAdmins() {
    String url = TestDatabase.freshDatabaseUrl();
    String admin = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    try (Database a = new Database(admin, "postgres", "", 1)) {
      a.dsl().execute("CREATE DATABASE countries_as_text");
    }
    String target = url.substring(0, url.lastIndexOf('/') + 1) + "countries_as_text";
    try (Database db = new Database(target, "postgres", "", 2)) {
      // the schema as it was just before the conversion ran
      Flyway.configure()
          .dataSource(db.dataSource())
          .locations("classpath:migrations")
          .target("170")
          .load()
          .migrate();
      Map<String, String> typed = new LinkedHashMap<>();
      typed.put("en@example.org", "Senegal");
      typed.put("fr@example.org", "Sénégal");
      typed.put("fr2@example.org", "  allemagne ");
      typed.put("es@example.org", "Marruecos");
      typed.put("ar@example.org", "المغرب");
      typed.put("code@example.org", "ml");
      typed.put("iso3@example.org", "GHA");
      typed.put("uk@example.org", "UK");
      typed.put("already@example.org", "BE");
      typed.put("none@example.org", "");
      typed.put("unknown@example.org", "Atlantis");
      typed.put("city@example.org", "Dakar, Senegal");
      for (var e : typed.entrySet()) {
        db.dsl()
            .execute(
                "INSERT INTO member (email, display_name, country, created_at) VALUES (?, ?, ?,"
                    + " now())",
                e.getKey(),
                e.getKey().substring(0, e.getKey().indexOf('@')),
                e.getValue());
      }

      db.migrate();

      Map<String, String> after = new LinkedHashMap<>();
      db.dsl()
          .fetch("SELECT email, country FROM member ORDER BY id")
          .forEach(r -> after.put(r.get(0, String.class), r.get(1, String.class)));
      assertThat(after)
          .containsEntry("en@example.org", "SN")
          .containsEntry("fr@example.org", "SN")
          .containsEntry("fr2@example.org", "DE")
          .containsEntry("es@example.org", "MA")
          .containsEntry("ar@example.org", "MA")
          .containsEntry("code@example.org", "ML")
          .containsEntry("iso3@example.org", "GH")
          .containsEntry("uk@example.org", "GB")
          .containsEntry("already@example.org", "BE")
          .containsEntry("none@example.org", "")
          .containsEntry("unknown@example.org", "")
          .containsEntry("city@example.org", "");
      Map<String, String> kept = new LinkedHashMap<>();
      db.dsl()
          .fetch(
              "SELECT m.email, u.original_text FROM country_unmapped u JOIN member m ON m.id ="
                  + " u.member_id ORDER BY m.email")
          .forEach(r -> kept.put(r.get(0, String.class), r.get(1, String.class)));
      assertThat(kept)
          .containsExactly(
              Map.entry("city@example.org", "Dakar, Senegal"),
              Map.entry("unknown@example.org", "Atlantis"));

      // applying the migrations again changes nothing
      db.migrate();
      assertThat(db.dsl().fetchCount(db.dsl().selectFrom("country_unmapped"))).isEqualTo(2);
    }
  }
}
