package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.HttpSession;
import org.indaba.testing.RelayedApp;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Held and flagged contributions reach their moderators by mail, moderators decide by replying, and
 * authors hear what became of their mailed posts. Everything goes through real SMTP both ways: our
 * listener for what members send, a GreenMail relay for what we send.
 */
class NobodyWaitsUnseenTest {
  static RelayedApp env;
  static TestApp app;
  static MailWorld world;

  @BeforeAll
  static void start() {
    env = RelayedApp.start();
    app = env.app;
    world = new MailWorld(app);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  /** The last mail to {@code address} whose subject contains {@code subjectPart}. */
  private static MimeMessage lastWithSubject(String address, String subjectPart) {
    List<MimeMessage> all = env.deliveredTo(address, subjectPart);
    if (all.isEmpty()) {
      throw new AssertionError("no mail to " + address + " with subject containing " + subjectPart);
    }
    return all.getLast();
  }

  private static String body(MimeMessage m) {
    return GreenMailUtil.getBody(m);
  }

  /** A pre-moderated discussion with week 1 published and one listed moderator. */
  private static long discussionModeratedBy(String slug, long moderatorId) {
    long d = world.discussion(slug, "hold");
    world.theme(d, 1, true);
    world
        .dsl()
        .execute(
            "insert into discussion_moderator(discussion_id, member_id) values (?, ?)",
            d,
            moderatorId);
    return d;
  }

  private static long member(String email, String name, String lang) {
    long id = app.member(email, name, "member");
    world.dsl().execute("update member set preferred_language = ? where id = ?", lang, id);
    return id;
  }

  private static ContributionRecord mailPost(long d, String slug, String from) {
    SmtpClient.Outcome o =
        world.deliver(
            "member_posts_to_current_week",
            from,
            slug + "@" + MailWorld.DOMAIN,
            Map.of("FROM", from, "TO", slug + "@" + MailWorld.DOMAIN, "MSGID", id()));
    assertThat(o.accepted()).isTrue();
    List<ContributionRecord> all = world.contributions(d);
    return all.get(all.size() - 1);
  }

  private static String replyAddress(MimeMessage alert) throws Exception {
    Matcher m =
        Pattern.compile("reply\\+(m[a-z0-9-]+)@" + Pattern.quote(MailWorld.DOMAIN))
            .matcher(alert.getHeader("Reply-To")[0]);
    assertThat(m.find()).as("a moderation reply address").isTrue();
    return m.group();
  }

  private static void answer(String scenario, String from, String to, long contributionId) {
    SmtpClient.Outcome o =
        world.deliver(
            scenario,
            from,
            to,
            Map.of("FROM", from, "TO", to, "MSGID", id(), "ID", Long.toString(contributionId)));
    assertThat(o.accepted()).isTrue();
  }

  private static String status(long contributionId) {
    return world
        .dsl()
        .fetchValue("select status from contribution where id = ?", contributionId)
        .toString();
  }

  @Test
  void aHeldMailedPostReachesTheModeratorWithItsDetailsAndTheAuthorHearsItWaits() throws Exception {
    long mod = member("fatou@example.org", "Fatou Sow", "en");
    long d = discussionModeratedBy("kayes", mod);
    member("aminata@example.org", "Aminata Diallo", "fr");
    ContributionRecord c = mailPost(d, "kayes", "aminata@example.org");
    assertThat(c.getStatus()).isEqualTo(ContributionStatus.PENDING);

    MimeMessage alert = lastWithSubject("fatou@example.org", "#" + c.getId());
    assertThat(alert.getSubject())
        .contains("Waiting for moderation")
        .contains("Diaspora and kayes");
    String t = RelayedApp.text(alert);
    assertThat(t)
        .contains("Aminata Diallo")
        .contains("aminata@example.org")
        .contains("Org of Aminata Diallo")
        .contains("Senegal")
        .contains("Week 1")
        .contains("Remittances, week 1")
        .contains("In Kayes, money sent home pays for wells")
        .contains("Language: " + c.getLanguage());
    assertThat(replyAddress(alert)).startsWith("reply+m" + c.getId() + "-" + mod + "-");

    MimeMessage waiting = lastWithSubject("aminata@example.org", "attente de modération");
    assertThat(body(waiting)).contains("Diaspora and kayes");
  }

  @Test
  void aModeratorApprovesByReplyingAndTheAuthorIsToldItIsPublished() throws Exception {
    long mod = member("moussa@example.org", "Moussa", "en");
    long d = discussionModeratedBy("bamako", mod);
    member("ines@example.org", "Inès", "es");
    ContributionRecord c = mailPost(d, "bamako", "ines@example.org");
    String to = replyAddress(lastWithSubject("moussa@example.org", "#" + c.getId()));

    answer("moderator_approves_by_reply", "moussa@example.org", to, c.getId());

    assertThat(status(c.getId())).isEqualTo("approved");
    assertThat(
            world
                .dsl()
                .fetchValue(
                    "select count(*) from audit_log where action = 'approve' and target_id = ?"
                        + " and actor_id = ?",
                    c.getId(),
                    mod))
        .isEqualTo(1L);
    MimeMessage published = lastWithSubject("ines@example.org", "Publicada");
    assertThat(body(published)).contains("/c/" + c.getId());
    assertThat(lastWithSubject("moussa@example.org", "#" + c.getId() + " approved")).isNotNull();
  }

  @Test
  void aModeratorRejectsInFrenchWithAReasonThatReachesTheAuthor() throws Exception {
    long mod = member("awa@example.org", "Awa", "fr");
    long d = discussionModeratedBy("thies", mod);
    member("omar@example.org", "Omar", "en");
    ContributionRecord c = mailPost(d, "thies", "omar@example.org");
    String to = replyAddress(lastWithSubject("awa@example.org", "n° " + c.getId()));

    answer("moderator_rejects_in_french_by_reply", "awa@example.org", to, c.getId());

    assertThat(status(c.getId())).isEqualTo("rejected");
    assertThat(
            world
                .dsl()
                .fetchValue("select reject_reason from contribution where id = ?", c.getId()))
        .isEqualTo("hors sujet pour cette semaine, merci de le proposer en semaine 3.");
    // the notice waits a moment, in case the moderator takes the decision back
    app.clock.advance(org.indaba.moderation.ModerationService.NOTICE_GRACE.plusSeconds(1));
    assertThat(RelayedApp.text(lastWithSubject("omar@example.org", "was not published")))
        .contains("hors sujet pour cette semaine");
  }

  @Test
  void aRejectionWithoutReasonDoesNothingAndAsksForTheReason() throws Exception {
    long mod = member("binta@example.org", "Binta", "en");
    long d = discussionModeratedBy("kaolack", mod);
    member("salif@example.org", "Salif", "en");
    ContributionRecord c = mailPost(d, "kaolack", "salif@example.org");
    String to = replyAddress(lastWithSubject("binta@example.org", "#" + c.getId()));

    answer("moderator_reply_reject_without_reason", "binta@example.org", to, c.getId());

    assertThat(status(c.getId())).isEqualTo("pending");
    MimeMessage ask = lastWithSubject("binta@example.org", "Nothing done with #" + c.getId());
    assertThat(RelayedApp.text(ask)).contains("needs a reason");
    assertThat(ask.getHeader("Reply-To")[0]).contains(to);
  }

  @Test
  void aModerationAddressUsedFromAnotherMembersAddressDecidesNothing() throws Exception {
    long mod = member("ndeye@example.org", "Ndèye", "en");
    long d = discussionModeratedBy("louga", mod);
    member("karim@example.org", "Karim Benali", "en");
    member("penda@example.org", "Penda", "en");
    ContributionRecord c = mailPost(d, "louga", "penda@example.org");
    String to = replyAddress(lastWithSubject("ndeye@example.org", "#" + c.getId()));

    answer("moderation_token_used_by_another_member", "karim@example.org", to, c.getId());

    assertThat(status(c.getId())).isEqualTo("pending");
    assertThat(
            world
                .dsl()
                .fetchValue(
                    "select reason from inbound_mail where envelope_from = 'karim@example.org'"
                        + " order by id desc limit 1"))
        .isEqualTo("reply_not_yours");
  }

  @Test
  void aModeratorInDigestModeGetsOneDigestAfterTheirIntervalInsteadOfAMailPerPost()
      throws Exception {
    long mod = member("coumba@example.org", "Coumba", "en");
    long d = discussionModeratedBy("ziguinchor", mod);
    HttpSession modWeb = app.browser();
    modWeb.login("coumba@example.org", TestApp.PASSWORD);
    HttpSession.Response saved =
        modWeb.post(
            "/profile/notices",
            Map.of("moderationMode", "digest", "digestHours", "3", "authorNotices", "on"));
    assertThat(saved.status()).isEqualTo(303);
    member("lamine@example.org", "Lamine", "en");
    ContributionRecord first = mailPost(d, "ziguinchor", "lamine@example.org");
    ContributionRecord second = mailPost(d, "ziguinchor", "lamine@example.org");
    env.deliveredTo("coumba@example.org");
    app.app.background.runNow("moderation-digest");
    assertThat(env.deliveredTo("coumba@example.org")).isEmpty();

    app.clock.advance(Duration.ofHours(3).plusMinutes(1));
    app.app.background.runNow("moderation-digest");
    List<MimeMessage> got = env.deliveredTo("coumba@example.org");
    assertThat(got).hasSize(1);
    assertThat(got.get(0).getSubject()).contains("Moderation digest: 2");
    String t = RelayedApp.text(got.get(0));
    assertThat(t)
        .contains("#" + first.getId())
        .contains("#" + second.getId())
        .contains("reply+m" + first.getId() + "-" + mod)
        .contains("reply+m" + second.getId() + "-" + mod);

    app.app.background.runNow("moderation-digest");
    assertThat(env.deliveredTo("coumba@example.org")).hasSize(1);
  }

  @Test
  void theAlertForAReplyWithAnAttachmentNamesTheFileAndQuotesThePostItAnswers() throws Exception {
    long mod = member("yacine@example.org", "Yacine", "en");
    long d = discussionModeratedBy("matam", mod);
    world.dsl().execute("insert into trusted_member values (?, ?, null, now())", d, mod);
    long aminata = member("aicha@example.org", "Aïcha", "en");
    world.dsl().execute("insert into trusted_member values (?, ?, null, now())", d, aminata);
    ContributionRecord parent = mailPost(d, "matam", "aicha@example.org");
    assertThat(parent.getStatus()).isEqualTo(ContributionStatus.APPROVED);
    member("samba@example.org", "Samba", "en");
    String to = "matam@" + MailWorld.DOMAIN;
    world.deliver(
        "member_replies_with_attachment",
        "samba@example.org",
        to,
        Map.of(
            "FROM",
            "samba@example.org",
            "TO",
            to,
            "MSGID",
            id(),
            "PARENT",
            "<contribution-" + parent.getId() + "@" + MailWorld.DOMAIN + ">"));
    List<ContributionRecord> all = world.contributions(d);
    ContributionRecord reply = all.get(all.size() - 1);
    assertThat(reply.getStatus()).isEqualTo(ContributionStatus.PENDING);

    String t = RelayedApp.text(lastWithSubject("yacine@example.org", "#" + reply.getId()));
    assertThat(t)
        .contains("budget-kayes.pdf")
        .contains("/c/" + reply.getId() + "/attachments/")
        .contains("In reply to Aïcha")
        .contains("In Kayes, money sent home");

    HttpSession modWeb = app.browser();
    modWeb.login("yacine@example.org", TestApp.PASSWORD);
    String queue = modWeb.get("/moderation/matam").body();
    assertThat(queue)
        .contains("budget-kayes.pdf")
        .contains("/c/" + parent.getId())
        .contains("Org of Samba")
        .contains("Senegal");
  }

  @Test
  void aFlagOnAPublishedPostReachesTheModeratorsAndKeepingItByMailDismissesTheFlag()
      throws Exception {
    long mod = member("rama@example.org", "Rama", "en");
    long d = discussionModeratedBy("podor", mod);
    long author = member("modou@example.org", "Modou", "en");
    world.dsl().execute("insert into trusted_member values (?, ?, null, now())", d, author);
    ContributionRecord c = mailPost(d, "podor", "modou@example.org");
    assertThat(c.getStatus()).isEqualTo(ContributionStatus.APPROVED);

    HttpSession reader = app.signedIn("reader-podor@example.org", "member");
    HttpSession.Response flagged =
        reader.post("/c/" + c.getId() + "/flag", Map.of("reason", "Personal data in the text"));
    assertThat(flagged.status()).isEqualTo(303);

    MimeMessage alert = lastWithSubject("rama@example.org", "Flagged: #" + c.getId());
    assertThat(RelayedApp.text(alert))
        .contains("Personal data in the text")
        .contains("reader-podor");
    answer("moderator_approves_by_reply", "rama@example.org", replyAddress(alert), c.getId());

    assertThat(status(c.getId())).isEqualTo("approved");
    assertThat(
            world
                .dsl()
                .fetchValue(
                    "select count(*) from flag where contribution_id = ? and resolved_at is null",
                    c.getId()))
        .isEqualTo(0L);
  }

  @Test
  void anAuthorWhoSwitchedNoticesOffHearsNothingOfTheirHeldPost() throws Exception {
    long mod = member("khady@example.org", "Khady", "en");
    long d = discussionModeratedBy("kolda", mod);
    member("quiet-author@example.org", "Quiet", "en");
    HttpSession web = app.browser();
    web.login("quiet-author@example.org", TestApp.PASSWORD);
    assertThat(web.post("/profile/notices", Map.of()).status()).isEqualTo(303);

    ContributionRecord c = mailPost(d, "kolda", "quiet-author@example.org");
    assertThat(lastWithSubject("khady@example.org", "#" + c.getId())).isNotNull();
    assertThat(env.deliveredTo("quiet-author@example.org")).isEmpty();
  }
}
