package org.indaba.mail;

import static org.indaba.db.schema.Tables.DISCUSSION_CLOSING;
import static org.indaba.db.schema.Tables.DISCUSSION_CLOSING_TEXT;
import static org.indaba.db.schema.Tables.MAIL_OUTBOX;
import static org.indaba.db.schema.Tables.THEME;
import static org.indaba.db.schema.Tables.WEEK_SUMMARY;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** What the week-summary and closing mails read, and the claims that make each go out once. */
public final class FacilitationMailRepository {
  private final DSLContext dsl;

  public FacilitationMailRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  public record Summary(
      long id,
      long discussionId,
      int week,
      String language,
      String body,
      String bodyHtml,
      String themeTitle) {}

  /**
   * Marks a published summary announced and returns it; empty when it was announced before (a
   * summary taken back and published again is not mailed twice) or is no longer published.
   */
  public Optional<Summary> claimSummaryAnnouncement(DSLContext tx, long id, OffsetDateTime now) {
    Optional<Long> claimed =
        tx.update(WEEK_SUMMARY)
            .set(WEEK_SUMMARY.ANNOUNCED_AT, now)
            .where(
                WEEK_SUMMARY
                    .ID
                    .eq(id)
                    .and(WEEK_SUMMARY.PUBLISHED_AT.isNotNull())
                    .and(WEEK_SUMMARY.ANNOUNCED_AT.isNull()))
            .returning(WEEK_SUMMARY.ID)
            .fetchOptional()
            .map(r -> r.getId());
    if (claimed.isEmpty()) {
      return Optional.empty();
    }
    return tx.select(
            WEEK_SUMMARY.ID,
            WEEK_SUMMARY.DISCUSSION_ID,
            WEEK_SUMMARY.WEEK,
            WEEK_SUMMARY.LANGUAGE,
            WEEK_SUMMARY.BODY,
            WEEK_SUMMARY.BODY_HTML,
            THEME.TITLE)
        .from(WEEK_SUMMARY)
        .leftJoin(THEME)
        .on(
            THEME
                .DISCUSSION_ID
                .eq(WEEK_SUMMARY.DISCUSSION_ID)
                .and(THEME.WEEK.eq(WEEK_SUMMARY.WEEK)))
        .where(WEEK_SUMMARY.ID.eq(id))
        .fetchOptional(
            r ->
                new Summary(
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5(),
                    r.value6(),
                    r.value7() == null ? "" : r.value7()));
  }

  /** Languages of the week's versions already announced, other than {@code exceptId}. */
  public List<String> otherAnnouncedLanguages(
      DSLContext tx, long discussionId, int week, long exceptId) {
    return tx.select(WEEK_SUMMARY.LANGUAGE)
        .from(WEEK_SUMMARY)
        .where(
            WEEK_SUMMARY
                .DISCUSSION_ID
                .eq(discussionId)
                .and(WEEK_SUMMARY.WEEK.eq(week))
                .and(WEEK_SUMMARY.ANNOUNCED_AT.isNotNull())
                .and(WEEK_SUMMARY.ID.ne(exceptId)))
        .fetch(WEEK_SUMMARY.LANGUAGE);
  }

  /** A closing to be mailed, with the moderator's text by language. */
  public record Closing(long id, long discussionId, Map<String, String> texts) {}

  /**
   * Claims a closing for its mail: only one that asked for mail, was not mailed, and was not undone
   * by a reopen; the row is locked, so of two processes one mails and the other finds it done.
   */
  /**
   * After the closing mail of a reopened discussion was withdrawn from the outbox: its closings
   * whose mail never left no longer count as mailed.
   */
  public void forgetUnsentClosingMail(DSLContext tx, long discussionId) {
    tx.update(DISCUSSION_CLOSING)
        .setNull(DISCUSSION_CLOSING.MAILED_AT)
        .where(
            DISCUSSION_CLOSING
                .DISCUSSION_ID
                .eq(discussionId)
                .and(DISCUSSION_CLOSING.MAILED_AT.isNotNull())
                .and(DISCUSSION_CLOSING.REOPENED_AT.isNotNull())
                .andNotExists(
                    DSL.selectOne()
                        .from(MAIL_OUTBOX)
                        .where(
                            MAIL_OUTBOX
                                .DISCUSSION_ID
                                .eq(discussionId)
                                .and(MAIL_OUTBOX.KIND.eq("closing"))
                                .and(MAIL_OUTBOX.CREATED_AT.ge(DISCUSSION_CLOSING.MAILED_AT))
                                .and(MAIL_OUTBOX.CREATED_AT.le(DISCUSSION_CLOSING.REOPENED_AT)))))
        .execute();
  }

  public Optional<Closing> claimClosingMail(DSLContext tx, long closingId, OffsetDateTime now) {
    Optional<Long> discussionId =
        tx.update(DISCUSSION_CLOSING)
            .set(DISCUSSION_CLOSING.MAILED_AT, now)
            .where(
                DISCUSSION_CLOSING
                    .ID
                    .eq(closingId)
                    .and(DISCUSSION_CLOSING.SEND_MAIL.isTrue())
                    .and(DISCUSSION_CLOSING.MAILED_AT.isNull())
                    .and(DISCUSSION_CLOSING.REOPENED_AT.isNull()))
            .returning(DISCUSSION_CLOSING.DISCUSSION_ID)
            .fetchOptional()
            .map(r -> r.getDiscussionId());
    if (discussionId.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> texts = new LinkedHashMap<>();
    tx.select(DISCUSSION_CLOSING_TEXT.LANGUAGE, DISCUSSION_CLOSING_TEXT.BODY)
        .from(DISCUSSION_CLOSING_TEXT)
        .where(DISCUSSION_CLOSING_TEXT.CLOSING_ID.eq(closingId))
        .orderBy(DISCUSSION_CLOSING_TEXT.LANGUAGE)
        .forEach(r -> texts.put(r.value1(), r.value2()));
    return Optional.of(new Closing(closingId, discussionId.get(), texts));
  }

  private static MailRepository.OutboxRow row(
      org.indaba.db.schema.tables.records.MailOutboxRecord r) {
    return new MailRepository.OutboxRow(
        r.getId(),
        r.getRecipient(),
        r.getKind(),
        r.getSubject(),
        r.getStatus(),
        r.getAttempts(),
        r.getLastError(),
        r.getCreatedAt(),
        r.getSentAt(),
        r.getTextBody(),
        r.getHeaders() == null ? null : r.getHeaders().data(),
        r.getBodyRemovedAt());
  }

  /** How many mails were written about one discussion. */
  public int outboxCountOf(long discussionId) {
    return dsl.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.DISCUSSION_ID.eq(discussionId));
  }

  /** One page of the mail written about one discussion, newest first (by its index). */
  public List<MailRepository.OutboxRow> outboxOf(long discussionId, int offset, int limit) {
    return dsl.selectFrom(MAIL_OUTBOX)
        .where(MAIL_OUTBOX.DISCUSSION_ID.eq(discussionId))
        .orderBy(MAIL_OUTBOX.CREATED_AT.desc(), MAIL_OUTBOX.ID.desc())
        .offset(offset)
        .limit(limit)
        .fetch(FacilitationMailRepository::row);
  }

  /** One mail, only if it was written about that discussion. */
  public Optional<MailRepository.OutboxRow> outboxMailOf(long id, long discussionId) {
    return dsl.selectFrom(MAIL_OUTBOX)
        .where(MAIL_OUTBOX.ID.eq(id).and(MAIL_OUTBOX.DISCUSSION_ID.eq(discussionId)))
        .fetchOptional(FacilitationMailRepository::row);
  }
}
