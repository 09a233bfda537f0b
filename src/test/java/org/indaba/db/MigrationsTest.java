package org.indaba.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

  @Test
  void migrationsApplyToAnEmptyDatabaseAndASecondRunChangesNothing() {
    String url = TestDatabase.freshDatabaseUrl();
    String empty = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    try (Database admin = new Database(empty, "postgres", "", 1)) {
      admin.dsl().execute("CREATE DATABASE migrations_empty");
    }
    String target = url.substring(0, url.lastIndexOf('/') + 1) + "migrations_empty";
    try (Database db = new Database(target, "postgres", "", 2)) {
      db.migrate();
      int applied = db.dsl().fetchCount(db.dsl().selectFrom("flyway_schema_history"));
      assertThat(applied).isGreaterThanOrEqualTo(2);
      assertThat(db.dsl().fetchCount(db.dsl().selectFrom("member"))).isZero();
      db.migrate();
      assertThat(db.dsl().fetchCount(db.dsl().selectFrom("flyway_schema_history")))
          .isEqualTo(applied);
    }
  }

  @Test
  void aLockFileLeftByACrashedServerIsRemoved(@TempDir Path dir) throws Exception {
    Path pid = dir.resolve("postmaster.pid");
    Files.writeString(pid, "999999999\n/data\n");
    EmbeddedPostgres.removeStaleLock(dir);
    assertThat(pid).doesNotExist();
  }

  @Test
  void aLockFileNamingALiveProcessThatIsNotPostgresIsRemoved(@TempDir Path dir) throws Exception {
    Path pid = dir.resolve("postmaster.pid");
    // after a crash and a reboot the old pid may belong to another program (here: this JVM)
    Files.writeString(pid, ProcessHandle.current().pid() + "\n");
    EmbeddedPostgres.removeStaleLock(dir);
    assertThat(pid).doesNotExist();
  }
}
