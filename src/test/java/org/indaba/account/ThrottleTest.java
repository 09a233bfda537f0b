package org.indaba.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

  @Test
  void afterFiveWrongPasswordsEvenTheRightOneIsRefusedUntilTheWindowPasses() {
    app.member("target@example.org", "Target", "member");
    HttpSession attacker = app.browser();
    for (int i = 0; i < AccountService.FAILED_LOGINS_PER_ACCOUNT; i++) {
      assertThat(
              attacker
                  .post(
                      "/login",
                      Map.of("email", "target@example.org", "password", "guess number " + i))
                  .status())
          .isEqualTo(400);
    }
    var blocked =
        attacker.post(
            "/login", Map.of("email", "target@example.org", "password", TestApp.PASSWORD));
    assertThat(blocked.status()).isEqualTo(429);
    assertThat(blocked.body()).contains("Too many sign-in attempts");

    app.clock.advance(Duration.ofMinutes(16));
    assertThat(
            attacker
                .post("/login", Map.of("email", "target@example.org", "password", TestApp.PASSWORD))
                .status())
        .isEqualTo(303);
  }

  @Test
  void unknownAddressesAreThrottledLikeKnownOnes() {
    HttpSession attacker = app.browser();
    for (int i = 0; i < AccountService.FAILED_LOGINS_PER_ACCOUNT; i++) {
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
}
