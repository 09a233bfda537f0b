package org.indaba.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.indaba.testing.TestApp;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL that a server started like {@code bin/indaba serve} runs is durable: a
 * commit acknowledged to a sender survives a crash of the machine. Only throw-away databases of
 * tests and benchmarks turn that off.
 */
class DurableEmbeddedDatabaseTest {

  private static Map<String, String> settings(DSLContext dsl) {
    return Map.of(
        "fsync", dsl.fetchValue("SHOW fsync").toString(),
        "synchronous_commit", dsl.fetchValue("SHOW synchronous_commit").toString(),
        "full_page_writes", dsl.fetchValue("SHOW full_page_writes").toString());
  }

  @Test
  void aServerStartedAsTheLauncherDoesRunsItsDatabaseWithFsyncSynchronousCommitAndFullPageWrites(
      @TempDir Path dir) {
    try (TestApp server = TestApp.startEmbedded(dir.resolve("data"), Map.of())) {
      assertThat(server.app.embedded).isNotNull();
      assertThat(settings(server.app.db.dsl()))
          .containsExactlyInAnyOrderEntriesOf(EmbeddedPostgres.DURABLE)
          .containsEntry("fsync", "on")
          .containsEntry("synchronous_commit", "on")
          .containsEntry("full_page_writes", "on");
    }
  }

  @Test
  void onlyAThrowAwayDatabaseTurnsDurabilityOff() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary();
        Database db = new Database(pg.jdbcUrl("postgres"), "postgres", "", 1)) {
      assertThat(settings(db.dsl()))
          .containsEntry("fsync", "off")
          .containsEntry("synchronous_commit", "off")
          .containsEntry("full_page_writes", "off");
    }
  }
}
