package org.indaba.mail.in;

import java.util.Locale;

/** How the sender of an inbound message was verified; the code is stored and shown to admins. */
public enum VerifiedBy {
  /** A {@code reply+token@} address issued to the member whose address is in {@code From}. */
  REPLY_TOKEN,
  /** Our own DMARC evaluation passed for the {@code From} domain. */
  DMARC,
  /** The trusted receiving host's {@code Authentication-Results} said {@code dmarc=pass}. */
  TRUSTED_AUTHSERV,
  /** The member answered "did you send this?" by link or reply. */
  CONFIRMATION,
  /** Not verified. */
  NONE;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
