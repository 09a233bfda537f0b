package org.indaba.mail;

/**
 * Where a moderator's mailed decision is carried out. The moderation feature implements it with the
 * same service, rights and audit as its web pages; mail only reads the answer and reports back.
 */
public interface MailModeration {
  enum Verdict {
    APPROVED,
    REJECTED,
    FLAGS_DISMISSED,
    DELETED,
    REASON_MISSING,
    NOT_UNDERSTOOD,
    ALREADY_DECIDED,
    NOT_ALLOWED;

    /** The verdict as it is named in the notice keys and the inbound mail record. */
    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  Verdict decide(long moderatorId, long contributionId, ModerationReply.Decision decision);
}
