package org.indaba.mail;

import static org.indaba.db.schema.Tables.INBOUND_MAIL;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.indaba.db.Rendered;
import org.indaba.db.schema.tables.records.InboundMailRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The {@code inbound_mail} table: messages accepted by the SMTP listener and their fate. */
public final class InboundStore {
  public static final String RECEIVED = "received";
  public static final String PROCESSED = "processed";
  public static final String REJECTED = "rejected";
  public static final String IGNORED = "ignored";
  public static final String FAILED = "failed";

  /** Kept until its sender confirms it by link or reply ("did you send this?"), 7 days at most. */
  public static final String AWAITING_CONFIRMATION = "awaiting_confirmation";

  private final DSLContext dsl;

  public InboundStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** A stored message as the processor and the admin page see it. */
  public record Inbound(
      long id,
      String dedupeKey,
      byte[] raw,
      long sizeBytes,
      boolean truncated,
      String envelopeFrom,
      List<String> recipients,
      String status,
      String reason,
      String detail,
      Long duplicateOf,
      Long contributionId,
      int attempts,
      OffsetDateTime receivedAt,
      OffsetDateTime processedAt,
      String remoteAddress,
      String helo,
      String senderVerifiedBy,
      String authDetail,
      Long memberId,
      OffsetDateTime confirmUntil,
      String messageId) {
    /** The same message with its bytes. */
    public Inbound withRaw(byte[] bytes) {
      return new Inbound(
          id,
          dedupeKey,
          bytes,
          sizeBytes,
          truncated,
          envelopeFrom,
          recipients,
          status,
          reason,
          detail,
          duplicateOf,
          contributionId,
          attempts,
          receivedAt,
          processedAt,
          remoteAddress,
          helo,
          senderVerifiedBy,
          authDetail,
          memberId,
          confirmUntil,
          messageId);
    }

    /** The bundle key suffix that says the reason to people ({@link MailReasons#key}). */
    public String reasonKey() {
      return MailReasons.key(reason);
    }
  }

  /** How the sender of a processed message was verified, and the member it belongs to. */
  public record Sender(String verifiedBy, String authDetail, Long memberId) {
    public static final Sender UNKNOWN = new Sender(null, null, null);
  }

  private static Inbound toInbound(InboundMailRecord r, boolean withRaw) {
    return new Inbound(
        r.getId(),
        r.getDedupeKey(),
        withRaw ? r.getRaw() : null,
        r.getSizeBytes(),
        r.getTruncated(),
        r.getEnvelopeFrom(),
        List.of(r.getRecipients().split("\n")),
        r.getStatus(),
        r.getReason(),
        r.getDetail(),
        r.getDuplicateOf(),
        r.getContributionId(),
        r.getAttempts(),
        r.getReceivedAt(),
        r.getProcessedAt(),
        r.getRemoteAddress(),
        r.getHelo(),
        r.getSenderVerifiedBy(),
        r.getAuthDetail(),
        r.getMemberId(),
        r.getConfirmUntil(),
        r.getMessageId());
  }

  public record Accepted(long id, boolean duplicate) {}

  /**
   * The insert of a message under its dedupe key, which a delivery already stored leaves alone;
   * rendered once, since every accepted message runs it before its {@code 250}.
   */
  private static final Rendered FIRST_DELIVERY =
      Rendered.of(
          Rendered.insertOf(
                  INBOUND_MAIL,
                  INBOUND_MAIL.DEDUPE_KEY,
                  INBOUND_MAIL.RAW,
                  INBOUND_MAIL.SIZE_BYTES,
                  INBOUND_MAIL.TRUNCATED,
                  INBOUND_MAIL.ENVELOPE_FROM,
                  INBOUND_MAIL.RECIPIENTS,
                  INBOUND_MAIL.REMOTE_ADDRESS,
                  INBOUND_MAIL.HELO,
                  INBOUND_MAIL.MESSAGE_ID,
                  INBOUND_MAIL.RECEIVED_AT)
              .set(INBOUND_MAIL.STATUS, DSL.inline(RECEIVED))
              .onConflict(INBOUND_MAIL.DEDUPE_KEY)
              .doNothing()
              .returning(INBOUND_MAIL.ID));

  /**
   * Stores a message. The first delivery of a dedupe key is stored {@code received}; a later one is
   * stored too, for the record, but with no key and already {@code ignored}.
   */
  public Accepted insert(
      DSLContext tx,
      String dedupeKey,
      String messageId,
      byte[] raw,
      long size,
      boolean truncated,
      String envelopeFrom,
      List<String> recipients,
      String remote,
      String helo,
      OffsetDateTime now) {
    Optional<Long> id =
        FIRST_DELIVERY.fetchOptional(
            tx,
            INBOUND_MAIL.ID,
            dedupeKey,
            raw,
            size,
            truncated,
            cut(envelopeFrom, 320),
            cut(String.join("\n", recipients), 4000),
            cut(remote, 100),
            cut(helo, 255),
            messageId == null ? null : cut(messageId, 998),
            now);
    if (id.isPresent()) {
      return new Accepted(id.get(), false);
    }
    Long first =
        tx.select(INBOUND_MAIL.ID)
            .from(INBOUND_MAIL)
            .where(INBOUND_MAIL.DEDUPE_KEY.eq(dedupeKey))
            .fetchOne(INBOUND_MAIL.ID);
    long dup =
        tx.insertInto(INBOUND_MAIL)
            .set(INBOUND_MAIL.RAW, raw)
            .set(INBOUND_MAIL.SIZE_BYTES, size)
            .set(INBOUND_MAIL.TRUNCATED, truncated)
            .set(INBOUND_MAIL.ENVELOPE_FROM, cut(envelopeFrom, 320))
            .set(INBOUND_MAIL.RECIPIENTS, cut(String.join("\n", recipients), 4000))
            .set(INBOUND_MAIL.REMOTE_ADDRESS, cut(remote, 100))
            .set(INBOUND_MAIL.HELO, cut(helo, 255))
            .set(INBOUND_MAIL.MESSAGE_ID, messageId == null ? null : cut(messageId, 998))
            .set(INBOUND_MAIL.STATUS, IGNORED)
            .set(INBOUND_MAIL.REASON, "duplicate")
            .set(INBOUND_MAIL.DUPLICATE_OF, first)
            .set(INBOUND_MAIL.RECEIVED_AT, now)
            .set(INBOUND_MAIL.PROCESSED_AT, now)
            .returning(INBOUND_MAIL.ID)
            .fetchSingle(INBOUND_MAIL.ID);
    return new Accepted(dup, true);
  }

  /**
   * Locks up to {@code limit} of the oldest messages waiting, in the caller's transaction, oldest
   * first; another process claiming at the same time skips these and takes the next ones.
   */
  public List<Inbound> claimBatch(DSLContext tx, int limit) {
    // the bytes are read apart ({@link #raws}), so that a batch of large messages is not held at
    // once
    return tx.select(
            java.util.Arrays.stream(INBOUND_MAIL.fields())
                .filter(f -> f != INBOUND_MAIL.RAW)
                .toList())
        .from(INBOUND_MAIL)
        .where(INBOUND_MAIL.STATUS.eq(RECEIVED))
        .orderBy(INBOUND_MAIL.ID)
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .fetch(r -> toInbound(r.into(INBOUND_MAIL), false));
  }

  /**
   * The oldest messages waiting, without their bytes and without taking a lock (so outside any
   * transaction), leaving out {@code skip}: what the next claim will most likely take. Nothing read
   * here is more than a guess until {@link #claimBatch(DSLContext, java.util.Collection)} locks it.
   */
  public List<Inbound> waiting(int limit, java.util.Collection<Long> skip) {
    return dsl.select(
            java.util.Arrays.stream(INBOUND_MAIL.fields())
                .filter(f -> f != INBOUND_MAIL.RAW)
                .toList())
        .from(INBOUND_MAIL)
        .where(INBOUND_MAIL.STATUS.eq(RECEIVED))
        .and(skip.isEmpty() ? org.jooq.impl.DSL.noCondition() : INBOUND_MAIL.ID.notIn(skip))
        .orderBy(INBOUND_MAIL.ID)
        .limit(limit)
        .fetch(r -> toInbound(r.into(INBOUND_MAIL), false));
  }

  /**
   * Locks those of {@code ids} that still wait and that nobody else holds, in the caller's
   * transaction, oldest first.
   */
  public List<Inbound> claimBatch(DSLContext tx, java.util.Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return tx.select(
            java.util.Arrays.stream(INBOUND_MAIL.fields())
                .filter(f -> f != INBOUND_MAIL.RAW)
                .toList())
        .from(INBOUND_MAIL)
        .where(INBOUND_MAIL.ID.in(ids).and(INBOUND_MAIL.STATUS.eq(RECEIVED)))
        .orderBy(INBOUND_MAIL.ID)
        .forUpdate()
        .skipLocked()
        .fetch(r -> toInbound(r.into(INBOUND_MAIL), false));
  }

  /** The bytes of these messages, by id, read outside any transaction (they never change). */
  public java.util.Map<Long, byte[]> raws(java.util.Collection<Long> ids) {
    return raws(dsl, ids);
  }

  /** The bytes of these messages, by id. */
  public java.util.Map<Long, byte[]> raws(DSLContext tx, java.util.Collection<Long> ids) {
    java.util.Map<Long, byte[]> out = new java.util.HashMap<>();
    if (!ids.isEmpty()) {
      tx.select(INBOUND_MAIL.ID, INBOUND_MAIL.RAW)
          .from(INBOUND_MAIL)
          .where(INBOUND_MAIL.ID.in(ids))
          .forEach(r -> out.put(r.value1(), r.value2()));
    }
    return out;
  }

  /** Locks one message if it still waits and nobody else holds it. */
  public Optional<Inbound> claim(DSLContext tx, long id) {
    return tx.selectFrom(INBOUND_MAIL)
        .where(INBOUND_MAIL.ID.eq(id).and(INBOUND_MAIL.STATUS.eq(RECEIVED)))
        .forUpdate()
        .skipLocked()
        .fetchOptional(r -> toInbound(r, true));
  }

  /** What became of one message, for {@link #finishAll}. */
  public record Finished(
      long id,
      String status,
      String reason,
      String detail,
      Long contributionId,
      Sender sender,
      OffsetDateTime confirmUntil) {}

  /** Records the fate of several messages in one round trip (a JDBC batch). */
  public void finishAll(DSLContext tx, List<Finished> done, OffsetDateTime now) {
    if (done.isEmpty()) {
      return;
    }
    tx.batch(
            done.stream()
                .map(
                    f ->
                        finishing(
                            tx,
                            f.id(),
                            f.status(),
                            f.reason(),
                            f.detail(),
                            f.contributionId(),
                            f.sender(),
                            f.confirmUntil(),
                            now))
                .toList())
        .execute();
  }

  public void finish(
      DSLContext tx,
      long id,
      String status,
      String reason,
      String detail,
      Long contributionId,
      Sender sender,
      OffsetDateTime confirmUntil,
      OffsetDateTime now) {
    finishing(tx, id, status, reason, detail, contributionId, sender, confirmUntil, now).execute();
  }

  private static org.jooq.Query finishing(
      DSLContext tx,
      long id,
      String status,
      String reason,
      String detail,
      Long contributionId,
      Sender sender,
      OffsetDateTime confirmUntil,
      OffsetDateTime now) {
    return tx.update(INBOUND_MAIL)
        .set(INBOUND_MAIL.STATUS, status)
        .set(INBOUND_MAIL.SENDER_VERIFIED_BY, sender.verifiedBy())
        .set(INBOUND_MAIL.AUTH_DETAIL, cut(sender.authDetail(), 500))
        .set(INBOUND_MAIL.MEMBER_ID, sender.memberId())
        .set(INBOUND_MAIL.CONFIRM_UNTIL, confirmUntil)
        .set(INBOUND_MAIL.REASON, reason)
        .set(INBOUND_MAIL.DETAIL, detail == null ? null : cut(detail, 2000))
        .set(INBOUND_MAIL.CONTRIBUTION_ID, contributionId)
        .set(INBOUND_MAIL.ATTEMPTS, INBOUND_MAIL.ATTEMPTS.plus(1))
        .set(INBOUND_MAIL.PROCESSED_AT, now)
        .where(INBOUND_MAIL.ID.eq(id));
  }

  public List<Inbound> latest(int limit) {
    return dsl.selectFrom(INBOUND_MAIL)
        .orderBy(INBOUND_MAIL.ID.desc())
        .limit(limit)
        .fetch(r -> toInbound(r, false));
  }

  /** One page (from 1, newest first) of messages, without their bytes. */
  public List<Inbound> page(int page, int size) {
    return dsl.selectFrom(INBOUND_MAIL)
        .orderBy(INBOUND_MAIL.ID.desc())
        .limit(size)
        .offset((long) (page - 1) * size)
        .fetch(r -> toInbound(r, false));
  }

  /** A member's messages that were not posted (ignored, rejected or waiting), newest first. */
  public List<Inbound> notPostedOf(long memberId, int limit) {
    return dsl.selectFrom(INBOUND_MAIL)
        .where(
            INBOUND_MAIL
                .MEMBER_ID
                .eq(memberId)
                .and(INBOUND_MAIL.STATUS.in(IGNORED, REJECTED, AWAITING_CONFIRMATION))
                .and(INBOUND_MAIL.REASON.isDistinctFrom("duplicate")))
        .orderBy(INBOUND_MAIL.ID.desc())
        .limit(limit)
        .fetch(r -> toInbound(r, false));
  }

  /**
   * Puts a message that waits for confirmation back in the queue as confirmed by its sender; false
   * when it does not wait any more (confirmed already, expired, or processed otherwise).
   */
  public boolean confirm(DSLContext tx, long id, OffsetDateTime now) {
    return tx.update(INBOUND_MAIL)
            .set(INBOUND_MAIL.STATUS, RECEIVED)
            .set(INBOUND_MAIL.SENDER_VERIFIED_BY, "confirmation")
            .setNull(INBOUND_MAIL.PROCESSED_AT)
            .where(
                INBOUND_MAIL
                    .ID
                    .eq(id)
                    .and(INBOUND_MAIL.STATUS.eq(AWAITING_CONFIRMATION))
                    .and(INBOUND_MAIL.CONFIRM_UNTIL.gt(now)))
            .execute()
        == 1;
  }

  /** Messages nobody confirmed in time are set aside; returns how many. */
  public int expireConfirmations(OffsetDateTime now) {
    return dsl.update(INBOUND_MAIL)
        .set(INBOUND_MAIL.STATUS, IGNORED)
        .set(INBOUND_MAIL.REASON, "confirmation_expired")
        .where(
            INBOUND_MAIL.STATUS.eq(AWAITING_CONFIRMATION).and(INBOUND_MAIL.CONFIRM_UNTIL.le(now)))
        .execute();
  }

  public Optional<Inbound> byId(long id) {
    return dsl.selectFrom(INBOUND_MAIL)
        .where(INBOUND_MAIL.ID.eq(id))
        .fetchOptional(r -> toInbound(r, true));
  }

  /** Puts a message back in the queue (an admin asked); false when it is unknown. */
  public boolean requeue(long id) {
    return dsl.update(INBOUND_MAIL)
            .set(INBOUND_MAIL.STATUS, RECEIVED)
            .setNull(INBOUND_MAIL.PROCESSED_AT)
            .where(INBOUND_MAIL.ID.eq(id).and(INBOUND_MAIL.STATUS.ne(RECEIVED)))
            .execute()
        == 1;
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
