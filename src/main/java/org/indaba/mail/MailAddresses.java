package org.indaba.mail;

import java.util.Locale;
import java.util.Set;

/** The addresses Indaba writes from and to, all on the configured mail domain. */
public final class MailAddresses {
  /** Local parts that are ours and never a discussion slug. */
  static final Set<String> RESERVED =
      Set.of("postmaster", "reply", "confirm", "bounce", "noreply", "abuse", "mailer-daemon");

  private final String domain;

  public MailAddresses(String domain) {
    this.domain = domain.toLowerCase(Locale.ROOT);
  }

  public String domain() {
    return domain;
  }

  public String post(String slug) {
    return slug + "@" + domain;
  }

  public String week(String slug, int week) {
    return slug + "+week" + week + "@" + domain;
  }

  public String command(String slug, MailRoute.Action action) {
    return slug + "+" + action.name().toLowerCase(Locale.ROOT) + "@" + domain;
  }

  public String reply(String token) {
    return "reply+" + token + "@" + domain;
  }

  public String confirm(String token) {
    return "confirm+" + token + "@" + domain;
  }

  public String bounce(long outboxId) {
    return "bounce+" + outboxId + "@" + domain;
  }

  public String noreply() {
    return "noreply@" + domain;
  }

  public String contributionMessageId(long id) {
    return "<contribution-" + id + "@" + domain + ">";
  }

  public String themeMessageId(long id) {
    return "<theme-" + id + "@" + domain + ">";
  }

  public String listId(String slug) {
    return "<" + slug + "." + domain + ">";
  }

  /** True for any address on our own domain: mail from it is a loop, never a member's post. */
  public boolean isOurs(String address) {
    return address != null && address.toLowerCase(Locale.ROOT).endsWith("@" + domain);
  }

  /** The contribution id of one of our Message-IDs ({@code contribution-12@domain}), or null. */
  public Long contributionIdOf(String messageId) {
    return idOf(messageId, "contribution-");
  }

  private Long idOf(String messageId, String prefix) {
    if (messageId == null) {
      return null;
    }
    String m = messageId.strip();
    if (m.startsWith("<") && m.endsWith(">")) {
      m = m.substring(1, m.length() - 1);
    }
    String suffix = "@" + domain;
    if (!m.startsWith(prefix) || !m.toLowerCase(Locale.ROOT).endsWith(suffix)) {
      return null;
    }
    try {
      return Long.parseLong(m.substring(prefix.length(), m.length() - suffix.length()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
