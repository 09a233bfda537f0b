package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.CONSOLIDATED_REPLY;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.DISCUSSION_MODERATOR;
import static org.indaba.db.schema.Tables.MEMBER;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.indaba.content.MarkdownRenderer;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.discussion.Contribution;
import org.indaba.discussion.NewContribution;
import org.indaba.mail.in.MboxImport;
import org.indaba.mail.parse.MboxReader;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /d/{slug}/export.mbox}, and reading it back with {@code import-mbox}. */
class MboxExportTest {
  static TestApp app;
  static MailWorld world;
  static long source;
  static long moderator;
  static HttpSession moderatorBrowser;
  static long aminata;
  static long karim;
  static long lucia;
  static long pending;
  static long deleted;

  static final String FIELD_NOTE =
      "From the field office in Thiès we hear the same.\n"
          + ">From a note of 2019, quoted as written:\n"
          + "> Remittances pay for wells first.\n\n"
          + "That is still true, and I would add the school.";

  @BeforeAll
  static void start() {
    app = TestApp.start(TestDatabase.freshDatabaseUrl(), Map.of());
    world = new MailWorld(app);
    source = world.discussion("remittances", "hold");
    world
        .dsl()
        .update(DISCUSSION)
        .set(DISCUSSION.PRE_MODERATED, false)
        .where(DISCUSSION.ID.eq(source))
        .execute();
    for (int w = 1; w <= 3; w++) {
      world.theme(source, w, true);
    }
    moderatorBrowser = app.signedIn("facilitator@example.org", "member");
    moderator = app.app.accounts.byEmail("facilitator@example.org").orElseThrow().id();
    world
        .dsl()
        .insertInto(DISCUSSION_MODERATOR)
        .set(DISCUSSION_MODERATOR.DISCUSSION_ID, source)
        .set(DISCUSSION_MODERATOR.MEMBER_ID, moderator)
        .execute();
    aminata = app.member("aminata@example.org", "Aminata Diallo", "member");
    karim = app.member("karim@example.net", "Karim Benali", "member");
    lucia = app.member("lucia@example.es", "Lucía Pérez", "member");
    world
        .dsl()
        .update(MEMBER)
        .set(MEMBER.ORGANISATION, "Asociación de Vecinos «La Huerta»")
        .set(MEMBER.CITY, "València")
        .set(MEMBER.COUNTRY, "Spain")
        .where(MEMBER.ID.eq(lucia))
        .execute();

    long root =
        post(
            aminata,
            1,
            "Remittances in our region pay for wells and for the school fees.",
            null,
            "en",
            1);
    long reply =
        post(
            karim,
            1,
            "À Oran, c'est plutôt le logement que les puits qui en profite.",
            root,
            null,
            2);
    post(
        lucia,
        1,
        "En Valencia las asociaciones cofinancian los proyectos con el ayuntamiento.",
        reply,
        "es",
        3);
    post(aminata, 2, FIELD_NOTE, null, null, 30);
    post(karim, 3, "تحويلات المغتربين تمول المدارس والعيادات في قريتنا منذ سنوات.", null, "ar", 60);
    post(lucia, 3, "ok", null, null, 61);
    pending =
        app.app
            .contributions
            .postContribution(
                NewContribution.byMember(
                        karim,
                        "remittances",
                        3,
                        "A post still waiting.",
                        NewContribution.Source.WEB)
                    .withCreatedAt(at(62))
                    .withForceHold("premoderated"))
            .id();
    deleted = post(karim, 2, "A post a moderator removed.", null, "en", 40);
    world
        .dsl()
        .update(CONTRIBUTION)
        .set(CONTRIBUTION.STATUS, ContributionStatus.DELETED)
        .where(CONTRIBUTION.ID.eq(deleted))
        .execute();
    OffsetDateTime now = OffsetDateTime.now(app.clock);
    world
        .dsl()
        .insertInto(CONSOLIDATED_REPLY)
        .set(CONSOLIDATED_REPLY.DISCUSSION_ID, source)
        .set(CONSOLIDATED_REPLY.LANGUAGE, "en")
        .set(CONSOLIDATED_REPLY.TITLE, "What we heard about remittances")
        .set(CONSOLIDATED_REPLY.BODY, "Thank you all [#" + root + "].")
        .set(CONSOLIDATED_REPLY.BODY_HTML, MarkdownRenderer.render("Thank you all."))
        .set(CONSOLIDATED_REPLY.STATUS, "published")
        .set(CONSOLIDATED_REPLY.PUBLISHED_AT, now.plusWeeks(3))
        .set(CONSOLIDATED_REPLY.CREATED_AT, now)
        .set(CONSOLIDATED_REPLY.UPDATED_AT, now)
        .execute();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static Instant at(int hours) {
    return Instant.parse("2026-03-02T09:00:00Z").plus(hours, ChronoUnit.HOURS);
  }

  static long post(long author, int week, String body, Long replyTo, String lang, int hours) {
    Contribution c =
        app.app.contributions.postContribution(
            NewContribution.byMember(author, "remittances", week, body, NewContribution.Source.WEB)
                .withReplyTo(replyTo)
                .withLanguage(lang)
                .withCreatedAt(at(hours)));
    return c.id();
  }

  static Path saved(HttpSession.Response r) throws Exception {
    return saved(r.body());
  }

  static Path saved(String mbox) throws Exception {
    Path file = Files.createTempFile("export", ".mbox");
    file.toFile().deleteOnExit();
    Files.writeString(file, mbox, StandardCharsets.UTF_8);
    return file;
  }

  static List<ContributionRecord> live(long discussionId) {
    return world.contributions(discussionId).stream()
        .filter(c -> c.getStatus() != ContributionStatus.DELETED)
        .toList();
  }

  @Test
  void aModeratorsExportReadBackIntoAFreshDiscussionGivesTheSameContributions() throws Exception {
    HttpSession.Response r = moderatorBrowser.get("/d/remittances/export.mbox");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/mbox");
    assertThat(r.header("Content-Disposition")).contains("remittances.mbox");
    long copy = world.discussion("remittances-copy", "hold");
    for (int w = 1; w <= 4; w++) {
      world.theme(copy, w, false);
    }

    MboxImport.Counts counts =
        app.app.mboxImport.importFile(
            saved(r), "remittances-copy", new MboxImport.Options(true), s -> {});

    // launch, three themes and the consolidated reply are not contributions
    assertThat(counts.imported()).isEqualTo(7);
    assertThat(counts.skipped()).isEqualTo(Map.of("not_a_contribution", 5));
    List<ContributionRecord> before = live(source);
    List<ContributionRecord> after = live(copy);
    assertThat(after).hasSameSizeAs(before);
    Map<Long, Long> idInCopy = new HashMap<>();
    for (int i = 0; i < before.size(); i++) {
      ContributionRecord a = before.get(i);
      ContributionRecord b = after.get(i);
      idInCopy.put(a.getId(), b.getId());
      assertThat(b.getAuthorId()).as("author of " + a.getBody()).isEqualTo(a.getAuthorId());
      assertThat(b.getWeek()).as("week of " + a.getBody()).isEqualTo(a.getWeek());
      assertThat(b.getBody()).isEqualTo(a.getBody());
      assertThat(b.getLanguage()).as("language of " + a.getBody()).isEqualTo(a.getLanguage());
      assertThat(b.getStatus()).as("status of " + a.getBody()).isEqualTo(a.getStatus());
      assertThat(b.getReplyToId())
          .as("parent of " + a.getBody())
          .isEqualTo(a.getReplyToId() == null ? null : idInCopy.get(a.getReplyToId()));
      assertThat(b.getCreatedAt().toInstant())
          .isEqualTo(a.getCreatedAt().toInstant().truncatedTo(ChronoUnit.SECONDS));
      assertThat(b.getSource()).isEqualTo("import");
    }
    assertThat(after).extracting(ContributionRecord::getBody).contains(FIELD_NOTE);

    // importing the same file again adds nothing, into the copy or into the original
    assertThat(
            app.app.mboxImport.importFile(
                saved(r), "remittances-copy", new MboxImport.Options(true), s -> {}))
        .extracting(MboxImport.Counts::imported, MboxImport.Counts::duplicates)
        .containsExactly(0, 7);
    assertThat(
            app.app.mboxImport.importFile(
                saved(r), "remittances", new MboxImport.Options(true), s -> {}))
        .extracting(MboxImport.Counts::imported, MboxImport.Counts::duplicates)
        .containsExactly(0, 7);
  }

  @Test
  void theExportHoldsLaunchThemesThreadsAuthorsAndTheConsolidatedReply() throws Exception {
    String mbox = moderatorBrowser.get("/d/remittances/export.mbox").body();
    List<String> kinds;
    try (MboxReader reader =
        MboxReader.open(saved(moderatorBrowser.get("/d/remittances/export.mbox")))) {
      kinds =
          reader.stream()
              .map(m -> org.indaba.mail.parse.MailParser.parse(m.raw()))
              .map(m -> org.indaba.mail.parse.ArchiveHeaders.kind(m).orElse("?"))
              .toList();
    }
    assertThat(kinds)
        .containsExactly(
            "launch",
            "theme",
            "theme",
            "theme",
            "contribution",
            "contribution",
            "contribution",
            "contribution",
            "contribution",
            "contribution",
            "contribution",
            "consolidated-reply");
    assertThat(mbox)
        .contains("X-Indaba-Author-Organisation: =?UTF-8?")
        .contains("X-Indaba-Author-City: =?UTF-8?")
        .contains("From: =?UTF-8?")
        .contains("X-Indaba-Author-Country: Spain")
        .contains("From: Aminata Diallo <aminata@example.org>")
        .contains("X-Indaba-Status: pending")
        .contains("\n>From the field office in Thiès")
        .contains("\n>>From a note of 2019")
        .contains("Content-Language: ar")
        .contains("Subject: What we heard about remittances")
        .doesNotContain("A post a moderator removed.");
    assertThat(mbox).containsPattern("In-Reply-To: <contribution-\\d+@lists.indaba.test>");
  }

  @Test
  void anAnonymousReaderExportsOnlyPublishedPostsAndNoAddresses() throws Exception {
    HttpSession.Response r = app.browser().get("/d/remittances/export.mbox");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .doesNotContain("aminata@example.org")
        .doesNotContain("karim@example.net")
        .doesNotContain("A post still waiting.")
        .doesNotContain("A post a moderator removed.")
        .contains("Aminata Diallo <member-" + aminata + "@lists.indaba.test>");

    long copy = world.discussion("remittances-public", "hold");
    for (int w = 1; w <= 4; w++) {
      world.theme(copy, w, false);
    }
    // a Message-ID is stored once per site: this copy gets ids of its own (another test may have
    // imported the same export already); threads still join through them
    MboxImport.Counts counts =
        app.app.mboxImport.importFile(
            saved(r.body().replace("<contribution-", "<public-contribution-")),
            "remittances-public",
            new MboxImport.Options(true),
            s -> {});
    assertThat(counts.imported()).isEqualTo(6);
    // the authors come back as placeholders with their names and profiles
    var copyOfLucia =
        app.app.accounts.byEmail("member-" + lucia + "@lists.indaba.test").orElseThrow();
    assertThat(copyOfLucia.placeholder()).isTrue();
    assertThat(copyOfLucia.displayName()).isEqualTo("Lucía Pérez");
    var profile =
        world.dsl().selectFrom(MEMBER).where(MEMBER.ID.eq(copyOfLucia.id())).fetchSingle();
    assertThat(profile.getOrganisation()).isEqualTo("Asociación de Vecinos «La Huerta»");
    assertThat(profile.getCity()).isEqualTo("València");
    assertThat(profile.getCountry()).as("the country as its code").isEqualTo("ES");
  }

  @Test
  void aDraftDiscussionsExportIsNotFoundForAnyoneButItsModerators() {
    long draft = world.discussion("remittances-draft", "hold");
    world
        .dsl()
        .update(DISCUSSION)
        .set(DISCUSSION.DRAFT, true)
        .where(DISCUSSION.ID.eq(draft))
        .execute();
    world
        .dsl()
        .insertInto(DISCUSSION_MODERATOR)
        .set(DISCUSSION_MODERATOR.DISCUSSION_ID, draft)
        .set(DISCUSSION_MODERATOR.MEMBER_ID, moderator)
        .execute();

    assertThat(app.browser().get("/d/remittances-draft/export.mbox").status()).isEqualTo(404);
    assertThat(moderatorBrowser.get("/d/remittances-draft/export.mbox").status()).isEqualTo(200);
    assertThat(app.browser().get("/d/no-such-discussion/export.mbox").status()).isEqualTo(404);
  }
}
