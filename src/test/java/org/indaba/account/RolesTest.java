package org.indaba.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RolesTest {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void anAnonymousReaderIsSentToTheLoginPageForAdministration() {
    var r = app.browser().get("/admin");
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.location()).isEqualTo("/login?next=%2Fadmin");
  }

  @Test
  void aMemberAndAModeratorAreRefusedAdministration() {
    assertThat(app.signedIn("plain@example.org", "member").get("/admin").status()).isEqualTo(403);
    assertThat(app.signedIn("mod@example.org", "moderator").get("/admin").status()).isEqualTo(403);
  }

  @Test
  void anAdminSeesMembersAndChangesARole() {
    long id = app.member("promote@example.org", "Promote Me", "member");
    var admin = app.signedIn("boss@example.org", "admin");
    var page = admin.get("/admin");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Promote Me");
    assertThat(admin.post("/admin/members/" + id + "/role", Map.of("role", "moderator")).status())
        .isEqualTo(303);
    assertThat(app.app.accounts.byId(id).orElseThrow().role()).isEqualTo("moderator");
  }

  @Test
  void aMemberCannotChangeRolesEvenWithAValidForm() {
    long id = app.member("victim2@example.org", "Victim", "member");
    var member = app.signedIn("climber@example.org", "member");
    assertThat(member.post("/admin/members/" + id + "/role", Map.of("role", "admin")).status())
        .isEqualTo(403);
    assertThat(app.app.accounts.byId(id).orElseThrow().role()).isEqualTo("member");
  }
}
