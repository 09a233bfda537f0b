package org.indaba.moderation;

import static org.indaba.db.schema.Tables.AUDIT_LOG;
import static org.indaba.db.schema.Tables.MEMBER;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.indaba.moderation.ModerationRecords.AuditEntry;
import org.jooq.DSLContext;

/**
 * Who did what to which item, when and why. Every moderator action writes one row in the same
 * transaction as the action itself, so the log never claims something that did not happen. Other
 * features call {@link #record} for their own moderator actions (theme publication, discussion
 * settings...).
 */
public final class AuditLog {
  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";
  public static final String EDIT = "edit";
  public static final String DELETE = "delete";
  public static final String TRUST = "trust";
  public static final String UNTRUST = "untrust";
  public static final String DISMISS_FLAG = "dismiss_flag";
  public static final String UNDO = "undo";
  public static final String SAVE_REPLY = "save_reply";
  public static final String PUBLISH_REPLY = "publish_reply";

  public static final String CONTRIBUTION = "contribution";
  public static final String MEMBER_TARGET = "member";
  public static final String FLAG = "flag";
  public static final String REPLY = "reply";

  private final DSLContext dsl;
  private final Clock clock;

  public AuditLog(DSLContext dsl, Clock clock) {
    this.dsl = dsl;
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

  /** The latest entries of one discussion, newest first, with the actor's name. */
  public List<AuditEntry> forDiscussion(long discussionId, int limit) {
    return dsl.select(
            AUDIT_LOG.ID,
            MEMBER.DISPLAY_NAME,
            AUDIT_LOG.ACTION,
            AUDIT_LOG.TARGET_TYPE,
            AUDIT_LOG.TARGET_ID,
            AUDIT_LOG.REASON,
            AUDIT_LOG.CREATED_AT)
        .from(AUDIT_LOG)
        .leftJoin(MEMBER)
        .on(MEMBER.ID.eq(AUDIT_LOG.ACTOR_ID))
        .where(AUDIT_LOG.DISCUSSION_ID.eq(discussionId))
        .orderBy(AUDIT_LOG.CREATED_AT.desc(), AUDIT_LOG.ID.desc())
        .limit(limit)
        .fetch(
            r ->
                new AuditEntry(
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5(),
                    r.value6(),
                    r.value7()));
  }

  /** The latest action on one target: who, what and when. */
  public record Latest(Long actorId, String action, OffsetDateTime at) {}

  public java.util.Optional<Latest> latest(String targetType, long targetId) {
    return dsl.select(AUDIT_LOG.ACTOR_ID, AUDIT_LOG.ACTION, AUDIT_LOG.CREATED_AT)
        .from(AUDIT_LOG)
        .where(AUDIT_LOG.TARGET_TYPE.eq(targetType).and(AUDIT_LOG.TARGET_ID.eq(targetId)))
        .orderBy(AUDIT_LOG.CREATED_AT.desc(), AUDIT_LOG.ID.desc())
        .limit(1)
        .fetchOptional(r -> new Latest(r.value1(), r.value2(), r.value3()));
  }
}
