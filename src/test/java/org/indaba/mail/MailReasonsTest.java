package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.i18n.Messages;
import org.junit.jupiter.api.Test;

/** Every reason stored with inbound mail is said in words, in every interface language. */
class MailReasonsTest {

  @Test
  void everyKnownReasonAndTheFallbackHaveATextInEveryLanguage() {
    Messages messages = Messages.load();
    List<String> keys = new ArrayList<>(MailReasons.KNOWN);
    keys.add("other");
    for (String lang : List.of("en", "fr", "es", "ar")) {
      Messages.Bundle b = messages.bundle(lang);
      for (String k : keys) {
        assertThat(b.has("mailtrust.reason." + k)).as("%s in %s", k, lang).isTrue();
      }
    }
  }

  @Test
  void everyReasonCodeTheMailPipelineWritesHasItsOwnText() throws Exception {
    // the codes as the processor, the rejections and the store write them
    Pattern literal =
        Pattern.compile(
            "(?:Outcome\\.(?:ignored|processed)\\(|super\\(|REASON, |Outcome\\(\\s*InboundStore\\.[A-Z_]+,\\s*)\"([a-z_]+)\"");
    List<String> codes = new ArrayList<>();
    for (String file :
        List.of(
            "src/main/java/org/indaba/mail/in/InboundProcessor.java",
            "src/main/java/org/indaba/mail/in/MailRejection.java",
            "src/main/java/org/indaba/mail/InboundStore.java")) {
      Matcher m = literal.matcher(Files.readString(Path.of(file)));
      while (m.find()) {
        codes.add(m.group(1));
      }
    }
    assertThat(codes).contains("null_sender", "no_sender", "confirmation_expired", "duplicate");
    for (String code : codes) {
      assertThat(MailReasons.key(code)).as(code).isNotEqualTo("other");
    }
    for (String kind : List.of("auto_reply", "auto_generated", "bulk", "bounce")) {
      assertThat(MailReasons.key(kind)).isEqualTo(kind);
    }
    assertThat(MailReasons.key("moderation_approve")).isEqualTo("moderation");
    assertThat(MailReasons.key("something_new")).isEqualTo("other");
    assertThat(MailReasons.key(null)).isEqualTo("other");
  }
}
