package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.discussion.DiscussionService;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.HttpSession;
import org.indaba.testing.RelayedApp;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A person with only a mailbox takes part, over real SMTP both ways and HTTP: joins by mail,
 * confirms, completes the profile through the mailed link, receives the week's theme, replies to it
 * by mail, and a moderator who only uses mail approves the reply.
 */
class JoinByMailEndToEndTest {
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

  private static String find(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, text).isTrue();
    return m.group(1);
  }

  private static SmtpClient.Outcome send(
      String scenario, String from, String to, Map<String, String> extra) {
    Map<String, String> v = new java.util.HashMap<>(extra);
    v.put("FROM", from);
    v.put("TO", to);
    v.put("MSGID", UUID.randomUUID().toString());
    SmtpClient.Outcome o = world.deliver(scenario, from, to, v);
    assertThat(o.accepted()).isTrue();
    return o;
  }

  @Test
  void aStrangerJoinsByMailCompletesTheProfileRepliesToTheThemeAndIsApprovedByMail()
      throws Exception {
    long moderator = app.member("moussa@example.org", "Moussa", "member");
    long d = world.discussion("kayes", "hold");
    world
        .dsl()
        .execute(
            "insert into discussion_moderator(discussion_id, member_id) values (?, ?)",
            d,
            moderator);
    long theme1 = world.theme(d, 1, false);
    // due in an hour: published after she has joined
    world
        .dsl()
        .execute(
            "update theme set publish_at = publish_at + interval '1 hour' where id = ?", theme1);
    String fatou = "fatou.sow@example.sn";

    // +subscribe from an unknown address: asked to confirm, at that address
    send("stranger_joins_by_mail", fatou, "kayes+subscribe@" + MailWorld.DOMAIN, Map.of());
    assertThat(app.app.accounts.byEmail(fatou)).isEmpty();
    String confirm =
        find("/mail/confirm/([A-Za-z0-9-]+)", RelayedApp.text(env.lastTo(fatou, "/mail/confirm/")));
    assertThat(app.browser().postRaw("/mail/confirm/" + confirm, Map.of()).status()).isEqualTo(200);
    app.app.background.runNow("mail-in");
    var member = app.app.accounts.byEmail(fatou).orElseThrow();
    assertThat(member.displayName()).isEqualTo("Fatou Sow");

    // the "joined" mail links to the profile page; the GET only shows the form
    String profileToken =
        find("/join/profile/([A-Za-z0-9-]+)", RelayedApp.text(env.lastTo(fatou, "/join/profile/")));
    HttpSession browser = app.browser();
    HttpSession.Response form = browser.get("/join/profile/" + profileToken);
    assertThat(form.status()).isEqualTo(200);
    assertThat(form.body()).contains("Fatou Sow").contains("name=\"organisation\"");
    assertThat(app.app.accounts.byId(member.id()).orElseThrow().organisation()).isEmpty();
    // without the page's CSRF token nothing is saved
    assertThat(
            browser
                .postRaw("/join/profile/" + profileToken, Map.of("organisation", "Forged"))
                .status())
        .isEqualTo(403);
    HttpSession.Response saved =
        browser.post(
            "/join/profile/" + profileToken,
            Map.of(
                "organisation", "Association des ressortissants de Kayes",
                "city", "Kayes",
                "country", "Mali",
                "preferredLanguage", "fr",
                "password", "un mot de passe assez long"));
    assertThat(saved.status()).isEqualTo(303);
    assertThat(saved.location()).isEqualTo("/profile");
    // signed in at once
    assertThat(browser.get("/profile").body())
        .contains("Association des ressortissants de Kayes")
        .contains("Kayes");
    var completed = app.app.accounts.byId(member.id()).orElseThrow();
    assertThat(completed.country()).as("stored as its code").isEqualTo("ML");
    assertThat(completed.preferredLanguage()).contains("fr");
    // the link works once
    HttpSession.Response again =
        app.browser().post("/join/profile/" + profileToken, Map.of("organisation", "Someone else"));
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body()).contains("This link has been used already or is too old");
    assertThat(app.app.accounts.byId(member.id()).orElseThrow().organisation())
        .isEqualTo("Association des ressortissants de Kayes");
    // and the password she chose signs her in on the web
    HttpSession web = app.browser();
    web.login(fatou, "un mot de passe assez long");
    assertThat(web.get("/profile").status()).isEqualTo(200);

    // the week's theme reaches her when it is published, with a reply address of her own
    app.clock.advance(java.time.Duration.ofHours(2));
    app.app.background.runNow(DiscussionService.THEME_JOB);
    MimeMessage theme = env.lastTo(fatou, "Remittances, week 1");
    String replyTo = theme.getHeader("Reply-To")[0];
    String replyAddress =
        find("(reply\\+[^@>\\s]+@" + Pattern.quote(MailWorld.DOMAIN) + ")", replyTo);
    String themeId = theme.getHeader("Message-ID")[0];

    // she replies by mail; a new member's first post waits for the moderators
    send("reply_by_token", fatou, replyAddress, Map.of("PARENT", themeId));
    List<ContributionRecord> cs = world.contributions(d);
    assertThat(cs).hasSize(1);
    ContributionRecord post = cs.get(0);
    assertThat(post.getAuthorId()).isEqualTo(member.id());
    assertThat(post.getStatus()).isEqualTo(ContributionStatus.PENDING);
    assertThat(post.getSource()).isEqualTo("email");

    // the moderator approves by replying to the alert
    MimeMessage alert = env.lastTo("moussa@example.org", "#" + post.getId());
    String moderation =
        find(
            "(reply\\+m[a-z0-9-]+@" + Pattern.quote(MailWorld.DOMAIN) + ")",
            alert.getHeader("Reply-To")[0]);
    send(
        "moderator_approves_by_reply",
        "moussa@example.org",
        moderation,
        Map.of("ID", Long.toString(post.getId())));
    assertThat(world.contributions(d).get(0).getStatus()).isEqualTo(ContributionStatus.APPROVED);
    // and she hears it is published, with its address
    assertThat(RelayedApp.text(env.lastTo(fatou, "/c/" + post.getId())))
        .contains("/c/" + post.getId());
  }
}
