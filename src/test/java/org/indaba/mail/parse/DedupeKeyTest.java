package org.indaba.mail.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DedupeKeyTest {

  /**
   * What the canonical body has always been, written the plain way: keys already stored were made
   * from this text, so a redelivery after an upgrade must still meet the same key.
   */
  private static String definition(byte[] body) {
    String text = new String(body, StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder(text.length());
    for (String line : text.replace("\r\n", "\n").replace('\r', '\n').split("\n")) {
      out.append(line.stripTrailing()).append('\n');
    }
    return out.toString().strip();
  }

  @ParameterizedTest(name = "the body {0} has the canonical form of its definition")
  @ValueSource(
      strings = {
        "",
        "\r\n",
        " \t \r\n\r\n",
        "Hello\r\n",
        "  Indented first line\r\nsecond  \r\n\r\n\r\n",
        "a\rb\n\rc\r\n\r\nd \t\u000b\f\u001c\u001d\u001e\u001f",
        "\u00a0non-breaking space stays\u00a0\r\n\u0085 next line stays\u0085",
        "Caf\u00e9 \u00e0 Dakar\r\n-- \r\nSignature"
      })
  void aGivenBodyHasTheCanonicalFormOfItsDefinition(String latin1) {
    byte[] body = latin1.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(new String(DedupeKey.canonicalBody(body), StandardCharsets.UTF_8))
        .isEqualTo(definition(body));
  }

  @Test
  void randomBodiesOfBlanksLineEndsAndLatinOneLettersHaveTheCanonicalFormOfTheirDefinition() {
    byte[] alphabet = {
      ' ',
      '\t',
      '\r',
      '\n',
      0x0B,
      '\f',
      0x1C,
      0x1F,
      'a',
      'Z',
      '.',
      (byte) 0x85,
      (byte) 0xA0,
      (byte) 0xE9,
      (byte) 0xFF,
      0x00,
      0x7F
    };
    Random random = new Random(20261202);
    for (int round = 0; round < 20_000; round++) {
      byte[] body = new byte[random.nextInt(40)];
      for (int i = 0; i < body.length; i++) {
        body[i] = alphabet[random.nextInt(alphabet.length)];
      }
      assertThat(new String(DedupeKey.canonicalBody(body), StandardCharsets.UTF_8))
          .as("body %s", java.util.HexFormat.of().formatHex(body))
          .isEqualTo(definition(body));
    }
  }
}
