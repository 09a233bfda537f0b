package org.indaba.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.API_TOKEN;
import static org.indaba.db.schema.Tables.EMAIL_TOKEN;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.WEB_SESSION;

import java.net.HttpCookie;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets handed to a person are stored only as digests: a copy of the database gives no one a live
 * session, link or API token, nor a password. The flows that mint them run over HTTP (registration,
 * the verification link, sign-in, an API token, a password reset and its link), then every column
 * of every table is read and none holds a raw secret. Mail tokens (reply addresses, unsubscribe and
 * confirmation links, join-profile links) are HMACs and stored nowhere. The one table that holds
 * them is {@code mail_outbox}: the mail that carries a link to its reader keeps it, as sent, for 30
 * days ({@code SentMailTextRemovedTest}).
 */
class SecretsStoredHashedTest {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String linkToken(String text, String prefix) {
    Matcher m =
        Pattern.compile("http://[^/\\s]+" + Pattern.quote(prefix) + "([A-Za-z0-9_-]+)")
            .matcher(text);
    assertThat(m.find()).as("link %s in %s", prefix, text).isTrue();
    return m.group(1);
  }

  private static String onlyMail(String to, String kind) {
    var mails = app.outboxTo(to).stream().filter(m -> m.getKind().equals(kind)).toList();
    assertThat(mails).hasSize(1);
    return mails.get(0).getTextBody();
  }

  @Test
  void noRawSecretHandedOutIsFoundInAnyColumnOfTheDatabase() {
    String email = "secrets@example.org";
    String password = "a long secret passphrase 7";
    HttpSession browser = app.browser();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("email", email);
    form.put("password", password);
    form.put("displayName", "Keeper of Secrets");
    form.put("organisation", "");
    form.put("city", "Dakar");
    form.put("country", "Senegal");
    form.put("preferredLanguage", "en");
    form.put("timeZone", "Africa/Dakar");
    assertThat(browser.post("/register", form).status()).isEqualTo(303);
    String verifyToken = linkToken(onlyMail(email, "verify"), "/verify/");
    assertThat(browser.post("/verify/" + verifyToken, Map.of()).status()).isLessThan(400);

    browser.login(email, password);
    String session = sessionCookie(browser);
    assertThat(browser.get("/profile").status()).isEqualTo(200);

    var tokenPage = browser.post("/profile/tokens", Map.of("name", "laptop"));
    Matcher apiToken =
        Pattern.compile("<code class=\"token\">([^<]+)</code>").matcher(tokenPage.body());
    assertThat(apiToken.find()).as("the new token is shown once").isTrue();
    String api = apiToken.group(1);

    HttpSession other = app.browser();
    other.post("/reset", Map.of("email", email));
    String resetToken = linkToken(onlyMail(email, "reset"), "/reset/");
    String newPassword = "another secret passphrase 8";
    assertThat(other.post("/reset/" + resetToken, Map.of("password", newPassword)).body())
        .contains("has been changed");
    other.login(email, newPassword);
    String secondSession = sessionCookie(other);

    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("first password", password);
    secrets.put("new password", newPassword);
    secrets.put("verification link token", verifyToken);
    secrets.put("session cookie", session);
    secrets.put("second session cookie", secondSession);
    secrets.put("API token", api);
    secrets.put("reset link token", resetToken);

    DSLContext dsl = app.app.db.dsl();
    List<String> found = new ArrayList<>();
    List<String> tables =
        dsl.fetch(
                "select table_name from information_schema.tables"
                    + " where table_schema = 'public' and table_type = 'BASE TABLE'"
                    + " and table_name not in ('flyway_schema_history', 'mail_outbox')"
                    + " order by table_name")
            .getValues(0, String.class);
    assertThat(tables).contains("member", "web_session", "email_token", "api_token");
    for (String table : tables) {
      for (String row :
          dsl.fetch("select row_to_json(t)::text from \"" + table + "\" t")
              .getValues(0, String.class)) {
        secrets.forEach(
            (what, secret) -> {
              if (row.contains(secret)) {
                found.add(what + " in " + table);
              }
            });
      }
    }
    assertThat(found).as("raw secrets stored").isEmpty();

    // and what is stored is the digest the server looks them up by
    long id = dsl.fetchValue(MEMBER.ID, MEMBER.EMAIL.eq(email));
    assertThat(dsl.fetchValue(MEMBER.PASSWORD_HASH, MEMBER.ID.eq(id))).startsWith("$argon2id$");
    assertThat(dsl.fetchValues(WEB_SESSION.ID_HASH, WEB_SESSION.MEMBER_ID.eq(id)))
        .contains(Tokens.sha256(secondSession));
    assertThat(dsl.fetchValue(API_TOKEN.TOKEN_HASH, API_TOKEN.MEMBER_ID.eq(id)))
        .isEqualTo(Tokens.sha256(api));
    assertThat(dsl.fetchValues(EMAIL_TOKEN.TOKEN_HASH, EMAIL_TOKEN.MEMBER_ID.eq(id)))
        .contains(Tokens.sha256(verifyToken), Tokens.sha256(resetToken));
  }

  private static String sessionCookie(HttpSession s) {
    return s.cookies().getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("indaba_session"))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie"));
  }
}
