package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.mail.in.MboxImport;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A mailing-list archive imported into a discussion, twice. */
class MboxImportTest {
  static TestApp app;
  static MailWorld world;

  @BeforeAll
  static void start() {
    app = TestApp.start(TestDatabase.freshDatabaseUrl(), Map.of());
    world = new MailWorld(app);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void anArchiveImportedTwiceKeepsDatesThreadsAndAddsNothingTheSecondTime() throws Exception {
    long d = world.discussion("archive", "hold");
    world.theme(d, 1, true);
    world.theme(d, 2, true);
    long aminata = app.member("aminata@example.org", "Aminata", "member");
    Path file = Path.of("src/test/resources/mail/scenarios/import_archive.mbox");
    List<String> progress = new ArrayList<>();

    MboxImport.Counts first = app.app.mboxImport.importFile(file, "archive", progress::add);
    assertThat(first).isEqualTo(new MboxImport.Counts(3, 0, 2, 1, 0));
    MboxImport.Counts second = app.app.mboxImport.importFile(file, "archive", progress::add);
    assertThat(second).isEqualTo(new MboxImport.Counts(0, 3, 0, 1, 0));

    List<ContributionRecord> cs = world.contributions(d);
    assertThat(cs).hasSize(3);
    ContributionRecord root = cs.get(0);
    ContributionRecord reply = cs.get(1);
    ContributionRecord third = cs.get(2);
    assertThat(root.getAuthorId()).isEqualTo(aminata);
    assertThat(root.getSource()).isEqualTo("import");
    assertThat(root.getCreatedAt().toInstant())
        .isEqualTo(OffsetDateTime.parse("2026-03-02T09:00:00Z").toInstant());
    assertThat(root.getWeek()).isEqualTo(1);
    assertThat(reply.getReplyToId()).isEqualTo(root.getId());
    assertThat(reply.getBody()).contains("Oran").doesNotContain("> Remittances");
    assertThat(reply.getTrimmed()).contains("Remittances in our region");
    assertThat(third.getReplyToId()).isEqualTo(reply.getId());
    assertThat(third.getMessageId()).isEqualTo("reply-3@archive.example.org");

    var karim = app.app.accounts.byEmail("karim@example.net").orElseThrow();
    assertThat(karim.placeholder()).isTrue();
    assertThat(karim.verified()).isFalse();
    assertThat(karim.displayName()).isEqualTo("Karim Benali");
    assertThat(reply.getAuthorId()).isEqualTo(karim.id());
  }
}
