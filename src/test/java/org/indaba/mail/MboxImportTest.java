package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.DISCUSSION_MODERATOR;
import static org.indaba.db.schema.Tables.THEME;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.mail.in.MboxImport;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mailing-list archives imported into discussions. */
class MboxImportTest {
  static TestApp app;
  static MailWorld world;
  static final Path ARCHIVE = Path.of("src/test/resources/mail/scenarios/import_archive.mbox");
  static final Path THREE_WEEKS =
      Path.of("src/test/resources/mail/scenarios/archive_three_weeks_three_languages.mbox");

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
    List<String> progress = new ArrayList<>();

    MboxImport.Counts first = app.app.mboxImport.importFile(ARCHIVE, "archive", progress::add);
    assertThat(first).isEqualTo(new MboxImport.Counts(3, 0, 2, Map.of("automated", 1)));
    MboxImport.Counts second = app.app.mboxImport.importFile(ARCHIVE, "archive", progress::add);
    assertThat(second).isEqualTo(new MboxImport.Counts(0, 3, 0, Map.of("automated", 1)));
    assertThat(second.toString())
        .isEqualTo(
            "imported 0, duplicates 3, placeholder authors created 0, skipped 1 (automated: 1)");

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
    assertThat(third.getWeek()).as("dated 10 March, the second week").isEqualTo(2);

    var karim = app.app.accounts.byEmail("karim@example.net").orElseThrow();
    assertThat(karim.placeholder()).isTrue();
    assertThat(karim.verified()).isFalse();
    assertThat(karim.displayName()).isEqualTo("Karim Benali");
    assertThat(reply.getAuthorId()).isEqualTo(karim.id());
  }

  @Test
  void eachMessageGoesToTheWeekOfItsDateWithItsLanguageEvenBeforeTheWeeksArePublished()
      throws Exception {
    long d = world.discussion("weeks", "hold");
    for (int w = 1; w <= 4; w++) {
      world.theme(d, w, false);
    }
    // the detector has to be loaded by the import itself, not by an earlier test
    List<String> progress = new ArrayList<>();

    MboxImport.Counts counts =
        app.app.mboxImport.importFile(
            tagged(THREE_WEEKS, "weeks"), "weeks", new MboxImport.Options(true), progress::add);

    assertThat(counts.imported()).isEqualTo(3);
    assertThat(counts.skipped()).isEqualTo(Map.of("no_sender", 1, "automated", 1, "undated", 1));
    assertThat(counts.toString())
        .isEqualTo(
            "imported 3, duplicates 0, placeholder authors created 3, skipped 3"
                + " (automated: 1, no_sender: 1, undated: 1)");
    List<ContributionRecord> cs = world.contributions(d);
    assertThat(cs).extracting(ContributionRecord::getWeek).containsExactly(1, 2, 3);
    assertThat(cs).extracting(ContributionRecord::getLanguage).containsExactly("fr", "es", "en");
    assertThat(cs)
        .extracting(ContributionRecord::getStatus)
        .containsOnly(ContributionStatus.APPROVED);
    assertThat(cs).extracting(ContributionRecord::getSource).containsOnly("import");
    assertThat(cs.get(1).getReplyToId()).isEqualTo(cs.get(0).getId());
    assertThat(cs.get(1).getBody()).doesNotContain("escribió");
    // the weeks the archive fills are published (quietly, at their own time); the fourth is not
    assertThat(
            world
                .dsl()
                .select(THEME.WEEK)
                .from(THEME)
                .where(THEME.DISCUSSION_ID.eq(d).and(THEME.PUBLISHED_AT.isNotNull()))
                .orderBy(THEME.WEEK)
                .fetch(THEME.WEEK))
        .containsExactly(1, 2, 3);
    assertThat(app.app.languageDetector.isReady()).isTrue();
  }

  @Test
  void anImportMailsNobodyNeitherSubscribersNorAuthorsNorModerators() throws Exception {
    long held = world.discussion("quiet-held", "hold");
    long open = world.discussion("quiet-open", "hold");
    for (long d : List.of(held, open)) {
      world.theme(d, 1, true);
      world.theme(d, 2, true);
    }
    long reader = app.member("each-reader@example.org", "Reader", "member");
    long moderator = app.member("quiet-moderator@example.org", "Moderator", "member");
    for (long d : List.of(held, open)) {
      app.app.subscriptions.set(d, reader, Subscriptions.EACH);
      app.app.subscriptions.set(d, moderator, Subscriptions.EACH);
      world
          .dsl()
          .insertInto(DISCUSSION_MODERATOR)
          .set(DISCUSSION_MODERATOR.DISCUSSION_ID, d)
          .set(DISCUSSION_MODERATOR.MEMBER_ID, moderator)
          .execute();
    }
    int before = app.outbox().size();

    app.app.mboxImport.importFile(tagged(ARCHIVE, "quiet-held"), "quiet-held", s -> {});
    app.app.mboxImport.importFile(
        tagged(THREE_WEEKS, "quiet-open"), "quiet-open", new MboxImport.Options(true), s -> {});
    app.app.background.runNow("mail-events");

    assertThat(world.contributions(held))
        .extracting(ContributionRecord::getStatus)
        .containsOnly(ContributionStatus.PENDING);
    assertThat(world.contributions(open))
        .extracting(ContributionRecord::getStatus)
        .containsOnly(ContributionStatus.APPROVED);
    // a moderator approving a held archived message later tells nobody either
    var mod = app.app.accounts.byId(moderator).orElseThrow().toViewer();
    app.app.moderation.approve(
        java.util.Optional.of(mod), world.contributions(held).get(0).getId());
    app.app.background.runNow("mail-events");
    assertThat(app.outbox()).hasSize(before);
  }

  @Test
  void aTrustedArchiveIsPublishedWithApproveAndHeldWithoutInAPreModeratedDiscussion()
      throws Exception {
    long held = world.discussion("premod-held", "hold");
    long trusted = world.discussion("premod-trusted", "hold");
    for (long d : List.of(held, trusted)) {
      assertThat(
              world
                  .dsl()
                  .select(DISCUSSION.PRE_MODERATED)
                  .from(DISCUSSION)
                  .where(DISCUSSION.ID.eq(d))
                  .fetchSingle(DISCUSSION.PRE_MODERATED))
          .isTrue();
      world.theme(d, 1, true);
      world.theme(d, 2, true);
    }

    app.app.mboxImport.importFile(
        tagged(ARCHIVE, "premod-held"), "premod-held", MboxImport.Options.DEFAULT, s -> {});
    app.app.mboxImport.importFile(
        tagged(ARCHIVE, "premod-trusted"), "premod-trusted", new MboxImport.Options(true), s -> {});

    assertThat(world.contributions(held))
        .hasSize(3)
        .extracting(ContributionRecord::getStatus)
        .containsOnly(ContributionStatus.PENDING);
    assertThat(world.contributions(trusted))
        .hasSize(3)
        .extracting(ContributionRecord::getStatus)
        .containsOnly(ContributionStatus.APPROVED);
  }

  @Test
  void progressIsPrintedEveryHundredMessages(@TempDir Path dir) throws Exception {
    long d = world.discussion("busy-archive", "hold");
    world.theme(d, 1, true);
    Path big = dir.resolve("busy.mbox");
    StringBuilder mbox = new StringBuilder();
    for (int i = 1; i <= 250; i++) {
      mbox.append("From member")
          .append(i)
          .append("@example.org Mon Mar  2 10:00:00 2026\n")
          .append("From: Member ")
          .append(i)
          .append(" <member")
          .append(i)
          .append("@example.org>\nSubject: Note ")
          .append(i)
          .append("\nDate: Mon, 02 Mar 2026 10:00:00 +0000\nMessage-ID: <busy-")
          .append(i)
          .append("@archive.example.org>\n\nA note numbered ")
          .append(i)
          .append(" about the wells of the village.\n\n");
    }
    java.nio.file.Files.writeString(big, mbox);
    List<String> progress = new ArrayList<>();

    MboxImport.Counts counts =
        app.app.mboxImport.importFile(
            big, "busy-archive", new MboxImport.Options(true), progress::add);

    assertThat(counts.imported()).isEqualTo(250);
    assertThat(progress)
        .filteredOn(line -> line.contains("messages read"))
        .containsExactly(
            "100 messages read: 100 imported, 0 duplicates, 0 skipped",
            "200 messages read: 200 imported, 0 duplicates, 0 skipped");
  }

  /**
   * A copy of an archive whose Message-IDs and sender addresses carry {@code tag}, so that each
   * test imports messages and authors of its own into the shared database.
   */
  static Path tagged(Path archive, String tag) throws java.io.IOException {
    String text =
        java.nio.file.Files.readString(archive)
            .replace("@archive.example.org>", "@" + tag + ".archive.example.org>")
            .replaceAll("([a-z]+)@example\\.(org|net|es|sn)", "$1." + tag + "@example.$2");
    Path copy = java.nio.file.Files.createTempFile(tag, ".mbox");
    copy.toFile().deleteOnExit();
    java.nio.file.Files.writeString(copy, text);
    return copy;
  }
}
