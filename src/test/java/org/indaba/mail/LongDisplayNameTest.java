package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.db.schema.tables.records.InboundMailRecord;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An association writes from a mailbox whose display name is its whole official title, 243
 * characters long, RFC 2047-encoded and folded over five lines as Thunderbird sends it.
 */
class LongDisplayNameTest {
  static TestApp app;
  static MailWorld world;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    world = new MailWorld(app);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aDisplayNameLongerThanTheColumnIsShortenedWithAnEllipsisAndTheMessageIsHeld() {
    long d = world.discussion("kayes", "hold");
    world.theme(d, 1, true);
    String to = "kayes@" + MailWorld.DOMAIN;
    world.deliver(
        "long_display_name_held",
        "bureau@kayes.example",
        to,
        Map.of("FROM", "bureau@kayes.example", "TO", to, "MSGID", UUID.randomUUID().toString()));
    List<InboundMailRecord> in = world.inboundFrom("bureau@kayes.example");
    assertThat(in).hasSize(1);
    assertThat(in.getFirst().getStatus()).isEqualTo("processed");
    ContributionRecord c = world.contributions(d).getFirst();
    assertThat(c.getStatus()).isEqualTo(ContributionStatus.PENDING);
    assertThat(c.getAuthorName())
        .hasSize(200)
        .startsWith("Association des ressortissants de Kayes pour le développement local")
        .endsWith("\u2026");
    assertThat(c.getBody()).contains("deux écoles à Kayes");
  }
}
