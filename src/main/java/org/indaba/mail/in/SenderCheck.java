package org.indaba.mail.in;

import java.util.Locale;
import java.util.Optional;

/**
 * What the site does with mail whose {@code From} is a member's address but whose sender could not
 * be verified ({@code INDABA_MAIL_SENDER_CHECK}).
 */
public enum SenderCheck {
  /** The member is asked "did you send this?"; nothing happens until they confirm (default). */
  CONFIRM,
  /** Contributions are held for the moderators; commands still need the member's confirmation. */
  MODERATE,
  /**
   * The {@code From} address is believed, as on a closed network where nobody can forge it. A
   * failed DMARC check still holds the message.
   */
  TRUST;

  public static Optional<SenderCheck> parse(String value) {
    try {
      return Optional.of(valueOf(value.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
