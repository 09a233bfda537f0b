package org.indaba.db;

import static org.indaba.db.schema.Tables.AUDIT_LOG;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;

/**
 * Who did what to which item, when and why. Every moderator action writes one row in the same
 * transaction as the action itself, so the log never claims something that did not happen. Other
 * features call {@link #record} for their own moderator actions (theme publication, discussion
 * settings...). The moderation feature reads it ({@code ModerationRepository.auditEntries}).
 */
public final class AuditLog {
  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";
  public static final String EDIT = "edit";
  public static final String DELETE = "delete";
  public static final String TRUST = "trust";
  public static final String UNTRUST = "untrust";
  public static final String DISMISS_FLAG = "dismiss_flag";
  public static final String SAVE_REPLY = "save_reply";
  public static final String PUBLISH_REPLY = "publish_reply";

  public static final String CONTRIBUTION = "contribution";
  public static final String MEMBER_TARGET = "member";
  public static final String FLAG = "flag";
  public static final String REPLY = "reply";

  private final Clock clock;

  public AuditLog(Clock clock) {
    this.clock = clock;
  }

  /** Adds one entry inside the caller's transaction; {@code reason} may be null. */
  public void record(
      DSLContext tx,
      Long actorId,
      Long discussionId,
      String action,
      String targetType,
      Long targetId,
      String reason) {
    tx.insertInto(AUDIT_LOG)
        .set(AUDIT_LOG.ACTOR_ID, actorId)
        .set(AUDIT_LOG.DISCUSSION_ID, discussionId)
        .set(AUDIT_LOG.ACTION, action)
        .set(AUDIT_LOG.TARGET_TYPE, targetType)
        .set(AUDIT_LOG.TARGET_ID, targetId)
        .set(AUDIT_LOG.REASON, reason)
        .set(AUDIT_LOG.CREATED_AT, OffsetDateTime.now(clock))
        .execute();
  }
}
