package org.indaba.discussion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whether mail from non-members is held or refused is the discussion moderators' choice. */
class NonMemberMailSettingTest {
  static TestApp app;
  static HttpSession moderator;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    moderator = app.signedIn("nm.mod@example.org", "moderator");
    Fixtures.createDiscussion(
        moderator, "non-members", "2026-03-02", 3, true, "nm.mod@example.org");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static long id() {
    return app.app.discussionRepository.bySlug("non-members").orElseThrow().id();
  }

  @Test
  void aModeratorSwitchesFromHoldingToRefusingAndTheChoiceIsAudited() {
    assertThat(moderator.get("/d/non-members/edit").body())
        .contains("<option value=\"hold\" selected>");
    var r = moderator.post("/d/non-members/non-member-mail", Map.of("mode", "refuse"));
    assertThat(r.status()).isEqualTo(303);
    assertThat(app.app.discussions.nonMemberMail(id())).isEqualTo("refuse");
    assertThat(moderator.get("/d/non-members/edit").body())
        .contains("<option value=\"refuse\" selected>");
    assertThat(
            app.app
                .db
                .dsl()
                .fetchCount(
                    org.indaba.db.schema.Tables.AUDIT_LOG,
                    org.indaba.db.schema.Tables.AUDIT_LOG.ACTION.eq("discussion_non_member_mail")))
        .isEqualTo(1);
    moderator.post("/d/non-members/non-member-mail", Map.of("mode", "hold"));
  }

  @Test
  void onlyTheDiscussionsModeratorsMayChangeItAndOnlyToAKnownMode() {
    assertThat(
            app.signedIn("nm.member@example.org", "member")
                .post("/d/non-members/non-member-mail", Map.of("mode", "refuse"))
                .status())
        .isEqualTo(403);
    assertThat(
            app.signedIn("nm.othermod@example.org", "moderator")
                .post("/d/non-members/non-member-mail", Map.of("mode", "refuse"))
                .status())
        .isEqualTo(403);
    assertThat(
            app.browser().post("/d/non-members/non-member-mail", Map.of("mode", "refuse")).status())
        .isEqualTo(303);
    assertThat(moderator.post("/d/non-members/non-member-mail", Map.of("mode", "drop")).status())
        .isEqualTo(400);
    assertThat(app.app.discussions.nonMemberMail(id())).isEqualTo("hold");
  }
}
