package org.indaba.mail.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MboxReaderTest {

  private static List<MboxMessage> read(byte[] mbox) throws IOException {
    try (MboxReader reader = new MboxReader(new ByteArrayInputStream(mbox))) {
      List<MboxMessage> out = new ArrayList<>();
      reader.forEachRemaining(out::add);
      return out;
    }
  }

  private static String text(MboxMessage m) {
    return new String(m.raw(), StandardCharsets.UTF_8);
  }

  @Test
  void splitsMessagesOnFromLines() throws IOException {
    List<MboxMessage> messages = read(Fixtures.bytes("week3_archive.mbox"));

    assertThat(messages).hasSize(3);
    assertThat(messages)
        .extracting(m -> MailParser.parse(m.raw()).messageId())
        .containsExactly("mbox.1@example.org", "mbox.2@example.com", "mbox.3@example.bo");
    assertThat(messages.get(1).fromLine())
        .isEqualTo("From kwame.mensah@example.com Wed Mar  4 09:02:05 2026");
    assertThat(messages.get(0).offset()).isZero();
  }

  @Test
  void unescapesQuotedFromLines() throws IOException {
    MboxMessage first = read(Fixtures.bytes("week3_archive.mbox")).get(0);

    assertThat(text(first))
        .contains("\nFrom what we saw in Kaffrine")
        .contains("\n>From a second level of escaping.");
  }

  @Test
  void doesNotSplitOnUnescapedFromLineWithoutDate() throws IOException {
    MboxMessage second = read(Fixtures.bytes("week3_archive.mbox")).get(1);

    assertThat(MailParser.parse(second.raw()).body())
        .isEqualTo("From the field: ledgers kept at the chief's palace.");
  }

  @Test
  void dropsTheBlankSeparatorLineAndKeepsLastMessageWithoutNewline() throws IOException {
    List<MboxMessage> messages = read(Fixtures.bytes("week3_archive.mbox"));

    assertThat(text(messages.get(0))).endsWith("escaping.\n");
    assertThat(text(messages.get(2))).endsWith("Native potato varieties.");
  }

  @Test
  void handlesCrlfLineEndings() throws IOException {
    String mbox =
        "From a@example.org Tue Mar  3 10:15:00 2026\r\nSubject: one\r\n\r\n"
            + ">From here\r\n\r\nFrom b@example.org Tue Mar  3 11:15:00 2026\r\nSubject: two\r\n\r\nbody\r\n";

    List<MboxMessage> messages = read(mbox.getBytes(StandardCharsets.US_ASCII));

    assertThat(messages)
        .extracting(MboxReaderTest::text)
        .containsExactly("Subject: one\r\n\r\nFrom here\r\n", "Subject: two\r\n\r\nbody\r\n");
    assertThat(messages.get(1).offset()).isEqualTo(mbox.indexOf("From b@"));
  }

  @Test
  void readsLazilyOneMessageAtATime() throws IOException {
    byte[] mbox = Fixtures.bytes("week3_archive.mbox");
    int[] consumed = {0};
    InputStream counting =
        new ByteArrayInputStream(mbox) {
          @Override
          public synchronized int read() {
            int b = super.read();
            if (b >= 0) {
              consumed[0]++;
            }
            return b;
          }

          @Override
          public synchronized int read(byte[] buf, int off, int len) {
            int n = super.read(buf, off, Math.min(len, 1));
            if (n > 0) {
              consumed[0] += n;
            }
            return n;
          }
        };
    try (MboxReader reader = new MboxReader(new java.io.BufferedInputStream(counting, 16))) {
      reader.next();

      assertThat(consumed[0]).isLessThan(mbox.length / 2);
    }
  }
}
