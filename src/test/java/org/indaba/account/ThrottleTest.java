package org.indaba.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.testing.HttpSession;
import org.indaba.testing.RawHttp;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 12: wrong passwords slow down the pair (address, IP) with growing delays; nobody
 * can lock a member out from elsewhere, and successful sign-ins count against nothing.
 */
class ThrottleTest {
  TestApp app;

  @BeforeEach
  void start() {
    app = TestApp.start();
  }

  @AfterEach
  void stop() {
    app.close();
  }

  /** Signs in from a given loopback address (127.0.0.x) as a browser there would. */
  private int loginFrom(String ip, String email, String password) {
    int port = app.app.httpPort();
    var form = RawHttp.send(ip, port, "GET", "/login", Map.of(), null);
    Matcher cookie = Pattern.compile("indaba_csrf=([^;]+)").matcher(form.header("set-cookie"));
    Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(cookie.find() && token.find()).isTrue();
    String body =
        "_csrf="
            + token.group(1)
            + "&email="
            + URLEncoder.encode(email, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return RawHttp.send(
            ip, port, "POST", "/login", Map.of("Cookie", "indaba_csrf=" + cookie.group(1)), body)
        .status();
  }

  @Test
  void wrongPasswordsFromElsewhereDoNotKeepTheMemberOut() {
    app.member("target@example.org", "Target", "member");
    for (int i = 0; i < 12; i++) {
      loginFrom("127.0.0.2", "target@example.org", "guess number " + i);
    }
    assertThat(loginFrom("127.0.0.2", "target@example.org", TestApp.PASSWORD))
        .as("the attacker's pair waits")
        .isEqualTo(429);
    assertThat(loginFrom("127.0.0.3", "target@example.org", TestApp.PASSWORD))
        .as("the member, elsewhere, signs in")
        .isEqualTo(303);
  }

  @Test
  void eachWrongPasswordBeyondTheFirstFewDoublesTheWaitOfThePair() {
    app.member("slow@example.org", "Slow", "member");
    HttpSession attacker = app.browser();
    for (int i = 0; i < AccountService.FREE_FAILURES; i++) {
      assertThat(
              attacker
                  .post("/login", Map.of("email", "slow@example.org", "password", "wrong " + i))
                  .status())
          .isEqualTo(400);
    }
    long previous = 0;
    for (int round = 0; round < 4; round++) {
      var blocked =
          attacker.post("/login", Map.of("email", "slow@example.org", "password", "wrong again"));
      assertThat(blocked.status()).isEqualTo(429);
      assertThat(blocked.body()).contains("Too many sign-in attempts");
      long wait = Long.parseLong(blocked.header("retry-after"));
      assertThat(wait).as("round " + round).isGreaterThan(previous);
      previous = wait;
      app.clock.advance(Duration.ofSeconds(wait));
      assertThat(
              attacker
                  .post("/login", Map.of("email", "slow@example.org", "password", "still wrong"))
                  .status())
          .isEqualTo(400);
    }
    app.clock.advance(AccountService.MAX_DELAY);
    assertThat(
            attacker
                .post("/login", Map.of("email", "slow@example.org", "password", TestApp.PASSWORD))
                .status())
        .as("the right password works once the wait is over")
        .isEqualTo(303);
  }

  @Test
  void unknownAddressesAreSlowedDownLikeKnownOnes() {
    HttpSession attacker = app.browser();
    for (int i = 0; i < AccountService.FREE_FAILURES; i++) {
      attacker.post(
          "/login", Map.of("email", "ghost@example.org", "password", "guess number " + i));
    }
    assertThat(
            attacker
                .post("/login", Map.of("email", "ghost@example.org", "password", "one more"))
                .status())
        .isEqualTo(429);
  }

  @Test
  void oneAddressTryingManyAccountsIsThrottledPerIp() {
    HttpSession attacker = app.browser();
    int last = 0;
    for (int i = 0; i <= AccountService.LOGINS_PER_IP; i++) {
      last =
          attacker
              .post(
                  "/login",
                  Map.of("email", "spray" + i + "@example.org", "password", "password123"))
              .status();
    }
    assertThat(last).isEqualTo(429);
  }

  @Test
  void successfulSignInsDoNotCountAgainstTheLimitOfTheirIp() {
    app.member("office@example.org", "Office", "member");
    for (int i = 0; i <= AccountService.LOGINS_PER_IP + 5; i++) {
      HttpSession colleague = app.browser();
      assertThat(
              colleague
                  .post(
                      "/login", Map.of("email", "office@example.org", "password", TestApp.PASSWORD))
                  .status())
          .as("sign-in " + i)
          .isEqualTo(303);
    }
  }
}
