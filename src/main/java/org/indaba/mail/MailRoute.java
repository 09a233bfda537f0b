package org.indaba.mail;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one of our addresses is for, read from its local part alone (no database). Whether the
 * discussion exists or the token is still good is decided later.
 */
public sealed interface MailRoute {

  /** {@code slug@domain} (current week) or {@code slug+weekN@domain}. */
  record Post(String slug, Integer week) implements MailRoute {}

  /** {@code reply+token@domain}: a reply to the contribution or theme the token is bound to. */
  record Reply(String token) implements MailRoute {}

  /** {@code confirm+token@domain}: the answer to a "did you send this?" request. */
  record Confirm(String token) implements MailRoute {}

  /** {@code slug+subscribe@}, {@code +unsubscribe}, {@code +digest}, {@code +help}. */
  record Command(String slug, Action action) implements MailRoute {}

  /** {@code postmaster@domain}: kept for the admins to read. */
  record Postmaster() implements MailRoute {}

  /**
   * {@code bounce+outboxId@domain}: the envelope sender of our own mail, where failures come back.
   */
  record Bounce(long outboxId) implements MailRoute {}

  enum Action {
    SUBSCRIBE,
    UNSUBSCRIBE,
    DIGEST,
    HELP
  }

  Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?");
  Pattern LOCAL = Pattern.compile("([a-z0-9-]+)(?:\\+([a-z0-9-]+))?");

  /** The route of {@code address}, or empty when it is not one of ours on {@code domain}. */
  static Optional<MailRoute> parse(String address, String domain) {
    if (address == null) {
      return Optional.empty();
    }
    String a = address.strip().toLowerCase(Locale.ROOT);
    if (a.startsWith("<") && a.endsWith(">")) {
      a = a.substring(1, a.length() - 1);
    }
    int at = a.lastIndexOf('@');
    if (at <= 0 || !a.substring(at + 1).equals(domain.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    Matcher m = LOCAL.matcher(a.substring(0, at));
    if (!m.matches()) {
      return Optional.empty();
    }
    String base = m.group(1);
    String tag = m.group(2);
    if (base.equals("postmaster") && tag == null) {
      return Optional.of(new Postmaster());
    }
    if (base.equals("reply")) {
      return tag == null ? Optional.empty() : Optional.of(new Reply(tag));
    }
    if (base.equals("confirm")) {
      return tag == null ? Optional.empty() : Optional.of(new Confirm(tag));
    }
    if (base.equals("bounce")) {
      try {
        return tag == null ? Optional.empty() : Optional.of(new Bounce(Long.parseLong(tag)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    if (!SLUG.matcher(base).matches() || MailAddresses.RESERVED.contains(base)) {
      return Optional.empty();
    }
    if (tag == null) {
      return Optional.of(new Post(base, null));
    }
    return switch (tag) {
      case "subscribe" -> Optional.of(new Command(base, Action.SUBSCRIBE));
      case "unsubscribe" -> Optional.of(new Command(base, Action.UNSUBSCRIBE));
      case "digest" -> Optional.of(new Command(base, Action.DIGEST));
      case "help" -> Optional.of(new Command(base, Action.HELP));
      default -> {
        if (tag.matches("week[1-9][0-9]{0,2}")) {
          yield Optional.of(new Post(base, Integer.parseInt(tag.substring(4))));
        }
        yield Optional.empty();
      }
    };
  }
}
