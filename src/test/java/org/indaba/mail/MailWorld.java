package org.indaba.mail;

import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.INBOUND_MAIL;
import static org.indaba.db.schema.Tables.THEME;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.james.jdkim.DKIMSigner;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.db.schema.tables.records.InboundMailRecord;
import org.indaba.testing.TestApp;
import org.jooq.DSLContext;

/**
 * Discussions, themes and scenario messages for the mail tests, written straight to the database.
 */
public final class MailWorld {
  public static final String DOMAIN = "lists.indaba.test";
  private final TestApp app;

  public MailWorld(TestApp app) {
    this.app = app;
  }

  public DSLContext dsl() {
    return app.app.db.dsl();
  }

  public int smtpPort() {
    return app.app.smtpPort();
  }

  /** A published discussion that started on the test clock's day, welcoming English and French. */
  public long discussion(String slug, String nonMemberMail) {
    OffsetDateTime now = OffsetDateTime.now(app.clock);
    return dsl()
        .insertInto(DISCUSSION)
        .set(DISCUSSION.SLUG, slug)
        .set(DISCUSSION.TITLE, "Diaspora and " + slug)
        .set(DISCUSSION.STARTS_ON, LocalDate.now(app.clock))
        .set(DISCUSSION.TIME_ZONE, "UTC")
        .set(DISCUSSION.WEEKS, 4)
        .set(DISCUSSION.WELCOMED_LANGUAGES, "en,fr")
        .set(DISCUSSION.NON_MEMBER_MAIL, nonMemberMail)
        .set(DISCUSSION.DRAFT, false)
        .set(DISCUSSION.CREATED_AT, now)
        .set(DISCUSSION.UPDATED_AT, now)
        .returning(DISCUSSION.ID)
        .fetchSingle()
        .getId();
  }

  public void close(long discussionId) {
    dsl()
        .update(DISCUSSION)
        .set(DISCUSSION.CLOSED_AT, OffsetDateTime.now(app.clock))
        .where(DISCUSSION.ID.eq(discussionId))
        .execute();
  }

  public long theme(long discussionId, int week, boolean published) {
    OffsetDateTime now = OffsetDateTime.now(app.clock);
    return dsl()
        .insertInto(THEME)
        .set(THEME.DISCUSSION_ID, discussionId)
        .set(THEME.WEEK, week)
        .set(THEME.TITLE, "Remittances, week " + week)
        .set(THEME.QUESTION, "How do remittances change your town?")
        .set(THEME.QUESTION_HTML, "<p>How do remittances change your town?</p>")
        .set(THEME.LANGUAGE, "en")
        .set(THEME.PUBLISH_AT, now.plusWeeks(week - 1))
        .set(THEME.PUBLISHED_AT, published ? now : null)
        .set(THEME.CREATED_AT, now)
        .set(THEME.UPDATED_AT, now)
        .returning(THEME.ID)
        .fetchSingle()
        .getId();
  }

  public List<ContributionRecord> contributions(long discussionId) {
    return dsl()
        .selectFrom(CONTRIBUTION)
        .where(CONTRIBUTION.DISCUSSION_ID.eq(discussionId))
        .orderBy(CONTRIBUTION.ID)
        .fetch();
  }

  public List<InboundMailRecord> inboundFrom(String envelopeFrom) {
    return dsl()
        .selectFrom(INBOUND_MAIL)
        .where(INBOUND_MAIL.ENVELOPE_FROM.eq(envelopeFrom))
        .orderBy(INBOUND_MAIL.ID)
        .fetch();
  }

  /**
   * A scenario message from {@code src/test/resources/mail/scenarios/<name>.eml}, with {@code
   * ${KEY}} placeholders replaced, so one fixture serves tests with their own addresses.
   */
  public static byte[] scenario(String name, Map<String, String> values) {
    try (InputStream in = MailWorld.class.getResourceAsStream("/mail/scenarios/" + name + ".eml")) {
      if (in == null) {
        throw new IllegalArgumentException("no scenario " + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (var e : values.entrySet()) {
        text = text.replace("${" + e.getKey() + "}", e.getValue());
      }
      text = text.replace("${DOMAIN}", DOMAIN);
      return text.getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A scenario signed with DKIM as {@code domain}'s outgoing server would (selector {@code sel1},
   * relaxed canonicalisation), with CRLF line ends.
   */
  public static byte[] dkimSigned(
      String name, Map<String, String> values, String domain, PrivateKey key) {
    try {
      String text =
          new String(scenario(name, values), StandardCharsets.UTF_8)
              .replace("\r\n", "\n")
              .replace("\n", "\r\n");
      String header =
          new DKIMSigner(
                  "v=1; a=rsa-sha256; c=relaxed/relaxed; d="
                      + domain
                      + "; s=sel1; h=from:to:subject:date:message-id; bh=; b=;",
                  key)
              .sign(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      return (header + "\r\n" + text).getBytes(StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends a scenario through SMTP and processes the queue. */
  public SmtpClient.Outcome deliver(
      String name, String envelopeFrom, String to, Map<String, String> values) {
    try {
      SmtpClient.Outcome o = SmtpClient.send(smtpPort(), envelopeFrom, to, scenario(name, values));
      app.app.background.runNow("mail-in");
      return o;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
