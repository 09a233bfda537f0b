package org.indaba.mail.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

final class Fixtures {
  private Fixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/mail/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ParsedMail parse(String name) {
    return MailParser.parse(bytes(name));
  }
}
