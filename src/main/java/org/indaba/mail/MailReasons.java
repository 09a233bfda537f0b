package org.indaba.mail;

import java.util.List;
import java.util.Set;

/**
 * The reason codes stored with inbound mail ({@code inbound_mail.reason}), as the bundle keys that
 * say them to people: {@code mailtrust.reason.<key>} in every interface language. Pages show these
 * texts, never the codes.
 */
public final class MailReasons {
  private MailReasons() {}

  /** Codes that carry a variable part after their prefix ({@code moderation_approve}). */
  private static final List<String> PREFIXES = List.of("moderation_", "resource_comment_");

  /** Every key there is a text for, {@code other} aside. */
  public static final Set<String> KNOWN =
      Set.of(
          // set aside
          "auto_reply",
          "auto_generated",
          "bulk",
          "bounce",
          "delivery_report",
          "null_sender",
          "own_address",
          "no_route",
          "no_moderation",
          "duplicate",
          "confirmation_expired",
          "confirmation_not_yours",
          "confirmation_done",
          // refused
          "discussion_closed",
          "week_not_published",
          "unknown_sender",
          "too_large",
          "not_a_member",
          "reply_expired",
          "reply_not_yours",
          "empty_message",
          "no_sender",
          "posting_limit",
          "unknown_discussion",
          "refused",
          "dmarc_fail",
          // waiting
          "unverified_sender",
          // done
          "already_posted",
          "postmaster",
          "help",
          "joined",
          "confirmed",
          "approved",
          "pending",
          "moderation",
          "resource_comment",
          // failed
          "error");

  /** The key for a stored code: one of {@link #KNOWN}, or {@code other} for anything else. */
  public static String key(String code) {
    if (code == null || code.isBlank()) {
      return "other";
    }
    for (String p : PREFIXES) {
      if (code.startsWith(p)) {
        return p.substring(0, p.length() - 1);
      }
    }
    return KNOWN.contains(code) ? code : "other";
  }
}
