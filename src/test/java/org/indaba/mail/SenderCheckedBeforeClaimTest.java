package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.SUBSCRIPTION;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.db.schema.tables.records.InboundMailRecord;
import org.indaba.mail.in.Dns;
import org.indaba.mail.in.FixedDns;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The senders of mailed posts and commands are checked in DNS (SPF and DMARC records here) while no
 * claim of the inbound queue is held: a slow resolver must not keep messages locked, nor the
 * connection of their transaction. Each lookup asks PostgreSQL, on a connection of its own, whether
 * any transaction holds rows of {@code inbound_mail} for update, as a claim does until it commits.
 */
class SenderCheckedBeforeClaimTest {
  static final String DOMAIN = "checked-first.test";

  static TestApp app;
  static MailWorld world;
  static Connection watcher;
  static final List<String> lookups = new ArrayList<>();
  static final List<String> lookupsWhileClaimed = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    String url = TestDatabase.freshDatabaseUrl();
    app = TestApp.start(url, Map.of());
    world = new MailWorld(app);
    watcher = DriverManager.getConnection(url, "postgres", "");
    // SPF allows this machine, and the domain publishes DMARC
    Dns answers = FixedDns.sendersFrom(List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), DOMAIN);
    app.app
        .mailProcessor
        .authentication()
        .useDns(
            (type, name) -> {
              synchronized (lookups) {
                lookups.add(type + " " + name);
                if (claimsHeld() > 0) {
                  lookupsWhileClaimed.add(type + " " + name);
                }
              }
              return answers.lookup(type, name);
            });
  }

  @AfterAll
  static void stop() throws SQLException {
    watcher.close();
    app.close();
  }

  /** Transactions other than the watcher's holding row locks on the inbound queue. */
  private static int claimsHeld() {
    try (var s =
            watcher.prepareStatement(
                "select count(*) from pg_locks l join pg_class c on c.oid = l.relation"
                    + " where l.database = (select oid from pg_database"
                    + " where datname = current_database())"
                    + " and c.relname = 'inbound_mail' and l.mode = 'RowShareLock'"
                    + " and l.pid <> pg_backend_pid()");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subscription(long discussion, long member) {
    return world
        .dsl()
        .select(SUBSCRIPTION.MODE)
        .from(SUBSCRIPTION)
        .where(SUBSCRIPTION.DISCUSSION_ID.eq(discussion).and(SUBSCRIPTION.MEMBER_ID.eq(member)))
        .fetchOne(SUBSCRIPTION.MODE);
  }

  private static Map<String, String> values(String from, String to) {
    Map<String, String> v = new HashMap<>();
    v.put("FROM", from);
    v.put("TO", to);
    v.put("MSGID", UUID.randomUUID().toString());
    return v;
  }

  @Test
  void aMailedPostAndASubscribeCommandHaveTheirSendersCheckedWhileNoClaimIsHeld() throws Exception {
    long d = world.discussion("checked-first", "hold");
    world.dsl().execute("update discussion set pre_moderated = false where id = " + d);
    world.theme(d, 1, true);
    String aminata = "aminata@" + DOMAIN;
    long member = app.member(aminata, "Aminata", "member");
    assertThat(subscription(d, member)).isNull();
    String post = "checked-first@" + MailWorld.DOMAIN;
    String subscribe = "checked-first+subscribe@" + MailWorld.DOMAIN;
    assertThat(
            SmtpClient.send(
                    world.smtpPort(),
                    aminata,
                    post,
                    MailWorld.scenario("member_posts_to_current_week", values(aminata, post)))
                .accepted())
        .isTrue();
    assertThat(
            SmtpClient.send(
                    world.smtpPort(),
                    aminata,
                    subscribe,
                    MailWorld.scenario("subscribe_by_mail", values(aminata, subscribe)))
                .accepted())
        .isTrue();

    app.app.background.runNow("mail-in");

    // both were taken as Aminata's own acts: DMARC passed through SPF for this machine
    assertThat(world.contributions(d))
        .extracting(ContributionRecord::getAuthorId)
        .containsExactly(member);
    assertThat(subscription(d, member)).isEqualTo("each");
    assertThat(world.inboundFrom(aminata))
        .extracting(InboundMailRecord::getAuthDetail)
        .allMatch(detail -> detail.contains("dmarc=pass") && detail.contains("spf=pass"));
    synchronized (lookups) {
      assertThat(lookups).as("DNS lookups").contains("TXT _dmarc." + DOMAIN, "TXT " + DOMAIN);
      assertThat(lookupsWhileClaimed).as("lookups while a claim was held").isEmpty();
    }
  }
}
