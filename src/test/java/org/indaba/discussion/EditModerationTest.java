package org.indaba.discussion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.AUDIT_LOG;
import static org.indaba.db.schema.Tables.TRANSLATION;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.indaba.mail.MailWorld;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 3: editing a published contribution is no way around moderation. In a pre-moderated
 * discussion the edit waits (readers keep the approved text) unless the author is trusted or a
 * moderator; every edit is audited; readers see "edited", moderators the history; the translations
 * of an edited original are marked out of date.
 */
class EditModerationTest {
  static TestApp app;
  static Fixtures fx;
  static long discussion;
  static long author;
  static long trusted;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fx = new Fixtures(app);
    MailWorld world = new MailWorld(app);
    discussion = fx.discussion("edits", "Edits under moderation", true);
    world.theme(discussion, 1, true);
    author = fx.member("author@example.org", "Author", "", "", "en", "member");
    trusted = fx.member("trusted@example.org", "Trusted", "", "", "en", "member");
    long mod = fx.member("mod@example.org", "Moderator", "", "", "en", "member");
    fx.moderator(discussion, mod);
    app.app
        .db
        .dsl()
        .insertInto(org.indaba.db.schema.Tables.TRUSTED_MEMBER)
        .set(org.indaba.db.schema.Tables.TRUSTED_MEMBER.DISCUSSION_ID, discussion)
        .set(org.indaba.db.schema.Tables.TRUSTED_MEMBER.MEMBER_ID, trusted)
        .set(org.indaba.db.schema.Tables.TRUSTED_MEMBER.GRANTED_AT, OffsetDateTime.now(app.clock))
        .execute();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static HttpSession signIn(String email) {
    HttpSession s = app.browser();
    s.login(email, TestApp.PASSWORD);
    return s;
  }

  private static List<String> audit(long id) {
    return app.app
        .db
        .dsl()
        .select(AUDIT_LOG.ACTION)
        .from(AUDIT_LOG)
        .where(AUDIT_LOG.TARGET_TYPE.eq("contribution").and(AUDIT_LOG.TARGET_ID.eq(id)))
        .orderBy(AUDIT_LOG.ID)
        .fetch(AUDIT_LOG.ACTION);
  }

  @Test
  void anEditOfAPublishedContributionWaitsForAModeratorWhileReadersKeepTheApprovedText() {
    long id = fx.approved(discussion, 1, author, "The approved wording about wells.");
    HttpSession owner = signIn("author@example.org");
    var r = owner.post("/c/" + id + "/edit", Map.of("body", "A sneaky new wording with spam."));
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.location()).isEqualTo("/c/" + id + "?edit=waiting");
    assertThat(owner.get(r.location()).body()).contains("Your edit waits for a moderator");

    String reader = app.browser().get("/c/" + id).body();
    assertThat(reader).contains("The approved wording about wells.").doesNotContain("sneaky");
    assertThat(app.browser().get("/d/edits?week=1").body()).doesNotContain("sneaky");
    assertThat(audit(id)).containsExactly("edit_waiting");

    HttpSession mod = signIn("mod@example.org");
    assertThat(mod.get("/c/" + id).body())
        .contains("Edit waiting for approval")
        .contains("A sneaky new wording with spam.");
    assertThat(owner.post("/c/" + id + "/edit/approve", Map.of()).status())
        .as("the author cannot approve their own edit")
        .isEqualTo(403);
    assertThat(mod.post("/c/" + id + "/edit/approve", Map.of()).status()).isEqualTo(303);
    assertThat(audit(id)).containsExactly("edit_waiting", "approve_edit");

    String after = app.browser().get("/c/" + id).body();
    assertThat(after).contains("A sneaky new wording with spam.").contains("edited");
    assertThat(mod.get("/c/" + id).body())
        .as("moderators see the history")
        .contains("The approved wording about wells.");
    assertThat(mod.post("/c/" + id + "/edit/approve", Map.of()).status())
        .as("nothing left to decide")
        .isEqualTo(409);
  }

  @Test
  void aDeclinedEditLeavesThePublishedTextAsItWas() {
    long id = fx.approved(discussion, 1, author, "Kept as approved.");
    signIn("author@example.org").post("/c/" + id + "/edit", Map.of("body", "Never shown."));
    assertThat(signIn("mod@example.org").post("/c/" + id + "/edit/reject", Map.of()).status())
        .isEqualTo(303);
    assertThat(app.browser().get("/c/" + id).body())
        .contains("Kept as approved.")
        .doesNotContain("Never shown.")
        .doesNotContain("class=\"edited");
    assertThat(audit(id)).containsExactly("edit_waiting", "reject_edit");
  }

  @Test
  void aTrustedAuthorsEditGoesLiveAtOnceIsAuditedAndMarksTranslationsOutOfDate() {
    long id = fx.approved(discussion, 1, trusted, "Original words of a trusted member.");
    OffsetDateTime now = OffsetDateTime.now(app.clock);
    app.app
        .db
        .dsl()
        .insertInto(TRANSLATION)
        .set(TRANSLATION.ENTITY_TYPE, "contribution")
        .set(TRANSLATION.ENTITY_ID, id)
        .set(TRANSLATION.LANGUAGE, "fr")
        .set(TRANSLATION.BODY, "Mots originaux d'un membre de confiance.")
        .set(TRANSLATION.BODY_HTML, "<p>Mots originaux d'un membre de confiance.</p>")
        .set(TRANSLATION.CREATED_AT, now)
        .set(TRANSLATION.UPDATED_AT, now)
        .execute();
    HttpSession owner = signIn("trusted@example.org");
    var r = owner.post("/c/" + id + "/edit", Map.of("body", "Corrected words, live at once."));
    assertThat(r.location()).isEqualTo("/c/" + id);
    assertThat(app.browser().get("/c/" + id).body()).contains("Corrected words, live at once.");
    assertThat(audit(id)).containsExactly("edit");
    String french = app.browser().get("/c/" + id + "?lang=fr").body();
    assertThat(french)
        .contains("Mots originaux")
        .contains("faite à partir d&#x27;une version antérieure de l&#x27;original");
  }

  @Test
  void aHeldContributionIsEditedInPlaceAndTheEditIsAudited() {
    long id = fx.pending(discussion, author, "Held words.");
    HttpSession owner = signIn("author@example.org");
    assertThat(owner.post("/c/" + id + "/edit", Map.of("body", "Better held words.")).location())
        .isEqualTo("/c/" + id);
    assertThat(owner.get("/c/" + id).body()).contains("Better held words.");
    assertThat(audit(id)).containsExactly("edit");
  }
}
