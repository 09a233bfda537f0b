package org.indaba.model;

/**
 * Why a contribution was refused, whatever channel it came by. The web shows the message key of the
 * {@link Refusal}; mail turns each reason into a rejection notice in one exhaustive switch.
 */
public enum Reason {
  /** No discussion has that slug. */
  UNKNOWN_DISCUSSION,
  /** The author's member record does not exist. */
  UNKNOWN_AUTHOR,
  /** The week asked for is not one of the discussion's weeks. */
  UNKNOWN_WEEK,
  /** The author has not verified their address. */
  UNVERIFIED_SENDER,
  /** The discussion is closed or archived. */
  CLOSED,
  /** The discussion is a draft or has not started yet. */
  NOT_OPEN,
  /** The week's theme has not been published yet. */
  WEEK_NOT_PUBLISHED,
  /** No text. */
  EMPTY_BODY,
  /** More text than a contribution may hold. */
  BODY_TOO_LONG,
  /** The contribution replied to is not in this discussion. */
  REPLY_TARGET,
  /** A contribution with this Message-ID exists already. */
  DUPLICATE_MESSAGE,
  /** The author posted too often. */
  TOO_MANY,
  /** More attachments than allowed. */
  TOO_MANY_ATTACHMENTS,
  /** An attachment larger than allowed. */
  ATTACHMENT_TOO_LARGE,
  /** An attachment of a type that is not accepted. */
  ATTACHMENT_TYPE
}
