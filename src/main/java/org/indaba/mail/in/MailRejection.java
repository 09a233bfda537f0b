package org.indaba.mail.in;

import org.indaba.model.Reason;
import org.indaba.model.Refusal;

/**
 * Why a message from a person was not posted. Each reason is its own type, so that the processor
 * and the notice cannot disagree on what reasons exist, and the sender gets a notice (at most one
 * per address, reason and day) saying why and what to do.
 *
 * <p>Adding a reason: add a final class below and to {@code permits}; add the bundle keys {@code
 * mail.rejected.<code>.why} and {@code mail.rejected.<code>.todo} to {@code
 * i18n/mail_{en,fr,es,ar}.properties} (arguments: {0} the discussion title, {1} the discussion's
 * address, {2} the site address); and throw it where the rule is checked (the processor, or {@link
 * #of} for a contribution {@link Reason}).
 */
public abstract sealed class MailRejection extends Exception
    permits MailRejection.DiscussionClosed,
        MailRejection.WeekNotPublished,
        MailRejection.UnknownSender,
        MailRejection.TooLarge,
        MailRejection.NotAMember,
        MailRejection.ReplyExpired,
        MailRejection.ReplyNotYours,
        MailRejection.EmptyMessage,
        MailRejection.UnknownDiscussion,
        MailRejection.NoSender,
        MailRejection.PostingLimit,
        MailRejection.Refused {

  private final String code;

  private MailRejection(String code, String detail) {
    super(detail == null ? code : code + ": " + detail, null, false, false);
    this.code = code;
  }

  /** Values for the notice's sentences beyond the usual three ({3}, {4}); none by default. */
  public java.util.List<String> args() {
    return java.util.List.of();
  }

  /** For an empty message, what was found instead (a bundle key suffix), or null. */
  public String found() {
    return null;
  }

  /** Stored as the inbound message's reason and used in the bundle keys. */
  public String code() {
    return code;
  }

  /** The discussion is closed or archived: no more contributions. */
  public static final class DiscussionClosed extends MailRejection {
    public DiscussionClosed() {
      super("discussion_closed", null);
    }
  }

  /** The week written to has no published theme yet (or does not exist). */
  public static final class WeekNotPublished extends MailRejection {
    public WeekNotPublished(Integer week) {
      super("week_not_published", week == null ? null : "week " + week);
    }
  }

  /** No verified account has this address, and the discussion refuses mail from non-members. */
  public static final class UnknownSender extends MailRejection {
    public UnknownSender() {
      super("unknown_sender", null);
    }
  }

  /** The message, or its attachments, exceed what the site accepts. */
  public static final class TooLarge extends MailRejection {
    public TooLarge(String detail) {
      super("too_large", detail);
    }
  }

  /** A command (subscribe, digest...) from an address that has no verified account. */
  public static final class NotAMember extends MailRejection {
    public NotAMember() {
      super("not_a_member", null);
    }
  }

  /** A reply address older than its lifetime. */
  public static final class ReplyExpired extends MailRejection {
    public ReplyExpired() {
      super("reply_expired", null);
    }
  }

  /** A reply address given to another member (a forwarded notification, say). */
  public static final class ReplyNotYours extends MailRejection {
    public ReplyNotYours() {
      super("reply_not_yours", null);
    }
  }

  /**
   * Nothing left once quotes and signatures are removed, and no attachment; {@code found} says what
   * there was instead: {@code quoted} (only quoted text), {@code signature} (only a signature),
   * {@code dropped} (only attachments we do not accept) or {@code nothing}.
   */
  public static final class EmptyMessage extends MailRejection {
    private final String found;

    public EmptyMessage() {
      this("nothing");
    }

    public EmptyMessage(String found) {
      super("empty_message", found);
      this.found = found;
    }

    @Override
    public String found() {
      return found;
    }
  }

  /**
   * No usable {@code From} header: the message cannot be credited to anyone (the envelope sender is
   * never used instead). Nobody is told, since there is no address to trust.
   */
  public static final class NoSender extends MailRejection {
    public NoSender(String detail) {
      super("no_sender", detail);
    }
  }

  /** More contributions than the hourly limit; says the limit and when the sender may write. */
  public static final class PostingLimit extends MailRejection {
    private final java.util.List<String> args;

    public PostingLimit(int perHour, String againAt) {
      super("posting_limit", perHour + " an hour, again at " + againAt);
      this.args = java.util.List.of(Integer.toString(perHour), againAt);
    }

    @Override
    public java.util.List<String> args() {
      return args;
    }
  }

  /** The discussion was removed after the message was accepted. */
  public static final class UnknownDiscussion extends MailRejection {
    public UnknownDiscussion() {
      super("unknown_discussion", null);
    }
  }

  /** Any other refusal by the discussion's rules; the detail is kept for admins. */
  public static final class Refused extends MailRejection {
    public Refused(String detail) {
      super("refused", detail);
    }
  }

  /**
   * The rejection for a contribution the service refused: one case for each {@link Reason}, so a
   * new reason does not compile until mail says what it means to a sender.
   *
   * @param week the week the message was written to, or null
   * @param clock the application's clock, for when a posting limit ends
   */
  public static MailRejection of(Refusal refusal, Integer week, java.time.Clock clock) {
    if (refusal.reason().isEmpty()) {
      return new Refused(refusal.messageKey());
    }
    return switch (refusal.reason().get()) {
      case UNKNOWN_DISCUSSION -> new UnknownDiscussion();
      case CLOSED -> new DiscussionClosed();
      case NOT_OPEN, WEEK_NOT_PUBLISHED, UNKNOWN_WEEK -> new WeekNotPublished(week);
      case UNVERIFIED_SENDER -> new NotAMember();
      case EMPTY_BODY -> new EmptyMessage();
      case BODY_TOO_LONG, ATTACHMENT_TOO_LARGE -> new TooLarge(refusal.messageKey());
      // the limit counts in fixed hours: the next one starts at the top of the hour
      case TOO_MANY ->
          new PostingLimit(
              org.indaba.discussion.ContributionService.POSTS_PER_HOUR,
              java.time.OffsetDateTime.now(clock.withZone(java.time.ZoneOffset.UTC))
                      .truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                      .plusHours(1)
                      .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm"))
                  + " UTC");
      case UNKNOWN_AUTHOR, REPLY_TARGET, DUPLICATE_MESSAGE, TOO_MANY_ATTACHMENTS, ATTACHMENT_TYPE ->
          new Refused(refusal.messageKey());
    };
  }
}
