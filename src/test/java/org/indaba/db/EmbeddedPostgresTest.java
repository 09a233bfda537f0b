package org.indaba.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

  @Test
  void dataSurvivesARestartAndASecondServerOnTheSameDirectoryIsRefused(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("postgres");
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(data)) {
      assertThatThrownBy(() -> EmbeddedPostgres.start(data))
          .isInstanceOf(EmbeddedPostgres.InUse.class)
          .hasMessageContaining("INDABA_DATA_DIR");
      try (Database db = new Database(pg.jdbcUrl("postgres"), "postgres", "", 1)) {
        db.dsl().execute("CREATE TABLE kept (v INT)");
        db.dsl().execute("INSERT INTO kept VALUES (42)");
      }
    }
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(data);
        Database db = new Database(pg.jdbcUrl("postgres"), "postgres", "", 1)) {
      assertThat(db.dsl().fetchValue("SELECT v FROM kept")).isEqualTo(42);
    }
  }
}
