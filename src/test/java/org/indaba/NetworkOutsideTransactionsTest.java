package org.indaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.TRANSLATION;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.db.schema.tables.records.InboundMailRecord;
import org.indaba.discussion.NewContribution;
import org.indaba.mail.MailWorld;
import org.indaba.mail.SmtpClient;
import org.indaba.mail.in.Dns;
import org.indaba.model.NetworkGuard;
import org.indaba.testing.HttpSession;
import org.indaba.testing.RelayedApp;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing waits on the network inside a database transaction. The flows that reach out (a mailed
 * post whose DKIM signature and DMARC policy are looked up in DNS, its announcement delivered to a
 * real SMTP relay, a machine translation requested over HTTP) run against real servers, and {@link
 * NetworkGuard} counts every outbound call and every one made while the thread had a transaction
 * open.
 */
class NetworkOutsideTransactionsTest {
  static final String SIGNED = "signed-guard.test";

  static RelayedApp env;
  static TestApp app;
  static MailWorld world;
  static KeyPair dkimKey;
  static HttpServer translator;
  static int translations;

  @BeforeAll
  static void start() throws Exception {
    translator = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    translator.createContext(
        "/translate",
        exchange -> {
          translations++;
          JsonObject in =
              new JsonObject(new String(exchange.getRequestBody().readAllBytes(), UTF8));
          byte[] out =
              new JsonObject()
                  .put("translatedText", "[brouillon] " + in.getString("q"))
                  .encode()
                  .getBytes(UTF8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, out.length);
          exchange.getResponseBody().write(out);
          exchange.close();
        });
    translator.start();
    env =
        RelayedApp.start(
            Map.of(
                "INDABA_TRANSLATE_URL", "http://localhost:" + translator.getAddress().getPort()));
    app = env.app;
    world = new MailWorld(app);
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    dkimKey = g.generateKeyPair();
    app.app
        .mailProcessor
        .authentication()
        .useDns(
            TestApp.TEST_DNS
                .with(Dns.Type.TXT, "_dmarc." + SIGNED, "v=DMARC1; p=quarantine")
                .with(
                    Dns.Type.TXT,
                    "sel1._domainkey." + SIGNED,
                    "v=DKIM1; k=rsa; p="
                        + Base64.getEncoder().encodeToString(dkimKey.getPublic().getEncoded())));
  }

  @AfterAll
  static void stop() {
    env.close();
    translator.stop(0);
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static long signedPost(String slug, String from) throws Exception {
    long d = world.discussion(slug, "hold");
    world.dsl().execute("update discussion set pre_moderated = false where id = " + d);
    world.theme(d, 1, true);
    String to = slug + "@" + MailWorld.DOMAIN;
    SmtpClient.Outcome o =
        SmtpClient.send(world.smtpPort(), "fwd@forward.example", to, dkimSigned(from, to));
    assertThat(o.accepted()).isTrue();
    return d;
  }

  @Test
  void anApprovedContributionIsDeliveredToTheRelayOutsideAnyTransaction() throws Exception {
    app.member("ousmane@" + SIGNED, "Ousmane", "member");
    long reader = app.member("reader@example.org", "Reader", "member");
    long d = signedPost("delivered", "ousmane@" + SIGNED);
    app.app.subscriptions.set(d, reader, "each");
    app.app.background.runNow("mail-in");
    assertThat(world.contributions(d)).hasSize(1);
    long callsBefore = NetworkGuard.calls();
    long violationsBefore = NetworkGuard.violations();

    assertThat(env.deliveredTo("reader@example.org")).isNotEmpty();

    assertThat(NetworkGuard.calls()).as("the SMTP delivery").isGreaterThan(callsBefore);
    assertThat(NetworkGuard.violations()).isEqualTo(violationsBefore);
  }

  /**
   * The processor checks a sender (DKIM keys, SPF and DMARC records looked up in DNS) before the
   * transaction that claims the message: a slow resolver holds neither the connection nor the
   * message's row lock.
   */
  @Test
  void aMailedPostsSenderIsVerifiedInDnsOutsideAnyTransaction() throws Exception {
    long ousmane = app.member("ousmane.dns@" + SIGNED, "Ousmane", "member");
    long d = signedPost("verified", "ousmane.dns@" + SIGNED);
    long callsBefore = NetworkGuard.calls();
    long violationsBefore = NetworkGuard.violations();

    app.app.background.runNow("mail-in");

    assertThat(world.contributions(d))
        .extracting(ContributionRecord::getAuthorId)
        .containsExactly(ousmane);
    InboundMailRecord in = world.inboundFrom("fwd@forward.example").getLast();
    assertThat(in.getAuthDetail()).contains("dkim=pass header.d=" + SIGNED);
    assertThat(NetworkGuard.calls()).as("DNS lookups").isGreaterThan(callsBefore);
    assertThat(NetworkGuard.violations()).isEqualTo(violationsBefore);
  }

  @Test
  void aMachineTranslationIsRequestedOutsideAnyTransaction() {
    HttpSession moderator = app.signedIn("mod@example.org", "moderator");
    long d = world.discussion("machine-guard", "hold");
    world.dsl().execute("update discussion set welcomed_languages = 'en,fr' where id = " + d);
    world.theme(d, 1, true);
    long author = app.app.accounts.byEmail("mod@example.org").orElseThrow().id();
    world
        .dsl()
        .execute(
            "insert into discussion_moderator (discussion_id, member_id) values (?, ?)", d, author);
    long c =
        app.app
            .contributions
            .postContribution(
                NewContribution.byMember(
                        author,
                        "machine-guard",
                        1,
                        "Remittances pay for school fees.",
                        NewContribution.Source.WEB)
                    .withLanguage("en"))
            .id();
    int requestsBefore = translations;
    long violationsBefore = NetworkGuard.violations();

    var r = moderator.post("/translations/contribution/" + c + "/fr/machine", Map.of());

    assertThat(r.status()).isEqualTo(303);
    assertThat(translations).isEqualTo(requestsBefore + 1);
    assertThat(
            world
                .dsl()
                .select(TRANSLATION.BODY)
                .from(TRANSLATION)
                .where(TRANSLATION.ENTITY_ID.eq(c).and(TRANSLATION.ENTITY_TYPE.eq("contribution")))
                .fetchSingle()
                .value1())
        .isEqualTo("[brouillon] Remittances pay for school fees.");
    assertThat(NetworkGuard.violations()).isEqualTo(violationsBefore);
  }

  private static byte[] dkimSigned(String from, String to) {
    Map<String, String> v = new HashMap<>();
    v.put("FROM", from);
    v.put("TO", to);
    v.put("MSGID", UUID.randomUUID().toString());
    return MailWorld.dkimSigned("thunderbird_post_via_forwarder", v, SIGNED, dkimKey.getPrivate());
  }
}
