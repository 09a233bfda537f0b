package org.indaba.mail;

import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DIGEST_RUN;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.DOMAIN_EVENT;
import static org.indaba.db.schema.Tables.MAIL_BOUNCE;
import static org.indaba.db.schema.Tables.MAIL_NOTICE;
import static org.indaba.db.schema.Tables.MAIL_OUTBOX;
import static org.indaba.db.schema.Tables.MAIL_SUPPRESSION;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.SUBSCRIPTION;
import static org.indaba.db.schema.Tables.THEME;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.indaba.account.AccountRepository;
import org.indaba.db.Rendered;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.db.schema.tables.records.DiscussionRecord;
import org.indaba.db.schema.tables.records.ThemeRecord;
import org.indaba.discussion.Contribution;
import org.indaba.discussion.Discussion;
import org.indaba.discussion.Theme;
import org.indaba.model.ContributionStatus;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.QuantifiedSelect;
import org.jooq.Record1;
import org.jooq.impl.DSL;

/**
 * What the mail feature reads and writes: discussions, themes and contributions as mail shows them,
 * subscriptions, notices sent, bounces and suppressed addresses, digest runs and the domain events
 * it consumes.
 */
public final class MailRepository {
  private final DSLContext dsl;

  public MailRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  public record Discussion(
      long id,
      String slug,
      String title,
      String nonMemberMail,
      List<String> welcomedLanguages,
      String timeZone,
      LocalDate startsOn,
      int weeks,
      boolean draft,
      OffsetDateTime closedAt,
      OffsetDateTime archivedAt) {
    public boolean refusesNonMembers() {
      return "refuse".equals(nonMemberMail);
    }
  }

  public record Theme(
      long id,
      long discussionId,
      int week,
      String title,
      String question,
      String questionHtml,
      String language,
      OffsetDateTime publishedAt) {}

  public record Contribution(
      long id,
      long discussionId,
      int week,
      Long authorId,
      String authorName,
      String authorEmail,
      Long replyToId,
      String body,
      String bodyHtml,
      String language,
      ContributionStatus status,
      String rejectReason,
      OffsetDateTime createdAt,
      OffsetDateTime approvedAt,
      String source) {
    /** Imported from an archive: history, announced to nobody. */
    public boolean imported() {
      return "import".equals(source);
    }
  }

  public record Recipient(
      long memberId, String email, String displayName, Optional<String> preferredLanguage) {}

  public record Subscription(long discussionId, String slug, String title, String mode) {}

  public record Event(long id, String kind, Long discussionId, Long entityId) {}

  private static Discussion toDiscussion(DiscussionRecord r) {
    List<String> langs =
        Arrays.stream(r.getWelcomedLanguages().split(","))
            .map(s -> s.strip().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .toList();
    return new Discussion(
        r.getId(),
        r.getSlug(),
        r.getTitle(),
        r.getNonMemberMail(),
        langs,
        r.getTimeZone(),
        r.getStartsOn(),
        r.getWeeks(),
        r.getDraft(),
        r.getClosedAt(),
        r.getArchivedAt());
  }

  private static Theme toTheme(ThemeRecord r) {
    return new Theme(
        r.getId(),
        r.getDiscussionId(),
        r.getWeek(),
        r.getTitle(),
        r.getQuestion(),
        r.getQuestionHtml(),
        r.getLanguage(),
        r.getPublishedAt());
  }

  private static Contribution toContribution(ContributionRecord r, String authorName) {
    return new Contribution(
        r.getId(),
        r.getDiscussionId(),
        r.getWeek(),
        r.getAuthorId(),
        authorName != null ? authorName : r.getAuthorName(),
        r.getAuthorEmail(),
        r.getReplyToId(),
        r.getBody(),
        r.getBodyHtml(),
        r.getLanguage(),
        r.getStatus(),
        r.getRejectReason(),
        r.getCreatedAt(),
        r.getApprovedAt(),
        r.getSource());
  }

  // discussions, themes, contributions

  private static final Field<Boolean> FOUND = DSL.field(DSL.name("found"), Boolean.class);

  /** Whether a discussion has this slug; rendered once, since every RCPT to a list asks it. */
  private static final Rendered SLUG_EXISTS =
      Rendered.of(
          DSL.select(
              DSL.field(
                      DSL.exists(
                          DSL.selectOne()
                              .from(DISCUSSION)
                              .where(DISCUSSION.SLUG.eq(Rendered.placeholder(DISCUSSION.SLUG)))))
                  .as(FOUND)));

  public boolean slugExists(String slug) {
    return SLUG_EXISTS.fetchSingle(dsl, FOUND, slug);
  }

  /** One array parameter for any number of ids: {@code id = any(?)}. */
  private static QuantifiedSelect<Record1<Long>> anyOf(Collection<Long> ids) {
    return DSL.any(ids.toArray(Long[]::new));
  }

  public Optional<Discussion> discussionBySlug(String slug) {
    return dsl.selectFrom(DISCUSSION)
        .where(DISCUSSION.SLUG.eq(slug))
        .fetchOptional()
        .map(MailRepository::toDiscussion);
  }

  public Optional<Discussion> discussion(long id) {
    return dsl.selectFrom(DISCUSSION)
        .where(DISCUSSION.ID.eq(id))
        .fetchOptional()
        .map(MailRepository::toDiscussion);
  }

  /** Discussions that are published and neither closed nor archived. */
  public List<Discussion> openDiscussions() {
    return dsl.selectFrom(DISCUSSION)
        .where(
            DISCUSSION
                .DRAFT
                .isFalse()
                .and(DISCUSSION.CLOSED_AT.isNull())
                .and(DISCUSSION.ARCHIVED_AT.isNull()))
        .orderBy(DISCUSSION.ID)
        .fetch(MailRepository::toDiscussion);
  }

  public List<Discussion> visibleDiscussions() {
    return dsl.selectFrom(DISCUSSION)
        .where(DISCUSSION.DRAFT.isFalse())
        .orderBy(DISCUSSION.TITLE)
        .fetch(MailRepository::toDiscussion);
  }

  public Optional<Theme> theme(long id) {
    return dsl.selectFrom(THEME)
        .where(THEME.ID.eq(id))
        .fetchOptional()
        .map(MailRepository::toTheme);
  }

  public Optional<Theme> theme(long discussionId, int week) {
    return dsl.selectFrom(THEME)
        .where(THEME.DISCUSSION_ID.eq(discussionId).and(THEME.WEEK.eq(week)))
        .fetchOptional()
        .map(MailRepository::toTheme);
  }

  public Optional<Contribution> contribution(long id) {
    return dsl.select(CONTRIBUTION.fields())
        .select(MEMBER.DISPLAY_NAME)
        .from(CONTRIBUTION)
        .leftJoin(MEMBER)
        .on(MEMBER.ID.eq(CONTRIBUTION.AUTHOR_ID))
        .where(CONTRIBUTION.ID.eq(id))
        .fetchOptional(r -> toContribution(r.into(CONTRIBUTION), r.get(MEMBER.DISPLAY_NAME)));
  }

  /** Several contributions in one query; those that no longer exist are missing from the map. */
  public Map<Long, Contribution> contributions(Collection<Long> ids) {
    Map<Long, Contribution> out = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    dsl.select(CONTRIBUTION.fields())
        .select(MEMBER.DISPLAY_NAME)
        .from(CONTRIBUTION)
        .leftJoin(MEMBER)
        .on(MEMBER.ID.eq(CONTRIBUTION.AUTHOR_ID))
        .where(CONTRIBUTION.ID.eq(anyOf(ids)))
        .forEach(
            r -> {
              Contribution c = toContribution(r.into(CONTRIBUTION), r.get(MEMBER.DISPLAY_NAME));
              out.put(c.id(), c);
            });
    return out;
  }

  /** Several discussions in one query; those that no longer exist are missing from the map. */
  public Map<Long, Discussion> discussions(Collection<Long> ids) {
    Map<Long, Discussion> out = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    dsl.selectFrom(DISCUSSION)
        .where(DISCUSSION.ID.eq(anyOf(ids)))
        .forEach(r -> out.put(r.getId(), toDiscussion(r)));
    return out;
  }

  /** True when another inbound message than {@code inboundId} became this contribution. */
  public boolean postedFromOtherInbound(long contributionId, long inboundId) {
    var in = org.indaba.db.schema.Tables.INBOUND_MAIL;
    return dsl.fetchExists(in, in.CONTRIBUTION_ID.eq(contributionId).and(in.ID.ne(inboundId)));
  }

  /** Which of these message ids a contribution already has. */
  public java.util.Set<String> messageIdsTaken(Collection<String> messageIds) {
    if (messageIds.isEmpty()) {
      return java.util.Set.of();
    }
    return new java.util.HashSet<>(
        dsl.select(CONTRIBUTION.MESSAGE_ID)
            .from(CONTRIBUTION)
            .where(CONTRIBUTION.MESSAGE_ID.in(messageIds))
            .fetch(CONTRIBUTION.MESSAGE_ID));
  }

  public Optional<Long> contributionIdByMessageId(String messageId) {
    return dsl.select(CONTRIBUTION.ID)
        .from(CONTRIBUTION)
        .where(CONTRIBUTION.MESSAGE_ID.eq(messageId))
        .fetchOptional(CONTRIBUTION.ID);
  }

  /** Contributions of a discussion approved in [from, to), oldest first. */
  public List<Contribution> approvedBetween(
      DSLContext tx, long discussionId, OffsetDateTime from, OffsetDateTime to) {
    return tx.select(CONTRIBUTION.fields())
        .select(MEMBER.DISPLAY_NAME)
        .from(CONTRIBUTION)
        .leftJoin(MEMBER)
        .on(MEMBER.ID.eq(CONTRIBUTION.AUTHOR_ID))
        .where(
            CONTRIBUTION
                .DISCUSSION_ID
                .eq(discussionId)
                .and(CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED))
                .and(CONTRIBUTION.APPROVED_AT.ge(from))
                .and(CONTRIBUTION.APPROVED_AT.lt(to)))
        .orderBy(CONTRIBUTION.APPROVED_AT, CONTRIBUTION.ID)
        .fetch(r -> toContribution(r.into(CONTRIBUTION), r.get(MEMBER.DISPLAY_NAME)));
  }

  /**
   * The member with this address, created as a placeholder author (no password, unverified) when
   * there is none; registering with the address later claims it. Returns the id and whether it was
   * created now.
   */
  public record Placeholder(long memberId, boolean created) {}

  public Placeholder placeholder(String email, String displayName, OffsetDateTime now) {
    AccountRepository.Placeholder p = AccountRepository.placeholder(dsl, email, displayName, now);
    return new Placeholder(p.memberId(), p.created());
  }

  /** For processed messages among the given ones: the contribution each became, or -1 for none. */
  public Map<Long, Long> contributionsOfInbound(Collection<Long> inboundIds) {
    var in = org.indaba.db.schema.Tables.INBOUND_MAIL;
    Map<Long, Long> out = new java.util.HashMap<>();
    if (inboundIds.isEmpty()) {
      return out;
    }
    dsl.select(in.ID, in.CONTRIBUTION_ID)
        .from(in)
        // one array parameter, however many ids: the benchmark asks about thousands at a time
        .where(in.ID.eq(anyOf(inboundIds)).and(in.STATUS.ne("received")))
        .forEach(r -> out.put(r.value1(), r.value2() == null ? -1L : r.value2()));
    return out;
  }

  // subscriptions

  /** Members following a discussion in one of the given modes, with a verified address. */
  public List<Recipient> subscribers(DSLContext tx, long discussionId, Collection<String> modes) {
    return tx.select(MEMBER.ID, MEMBER.EMAIL, MEMBER.DISPLAY_NAME, MEMBER.PREFERRED_LANGUAGE)
        .from(SUBSCRIPTION)
        .join(MEMBER)
        .on(MEMBER.ID.eq(SUBSCRIPTION.MEMBER_ID))
        .where(
            SUBSCRIPTION
                .DISCUSSION_ID
                .eq(discussionId)
                .and(SUBSCRIPTION.MODE.in(modes))
                .and(MEMBER.EMAIL_VERIFIED_AT.isNotNull()))
        .orderBy(MEMBER.ID)
        .fetch(
            r ->
                new Recipient(
                    r.get(MEMBER.ID),
                    r.get(MEMBER.EMAIL),
                    r.get(MEMBER.DISPLAY_NAME),
                    Optional.ofNullable(r.get(MEMBER.PREFERRED_LANGUAGE))));
  }

  /** Inserts a subscription only where the member has none; true when one was created. */
  public boolean insertSubscriptionIfAbsent(
      DSLContext tx, long discussionId, long memberId, String mode, OffsetDateTime now) {
    return tx.insertInto(SUBSCRIPTION)
            .set(SUBSCRIPTION.DISCUSSION_ID, discussionId)
            .set(SUBSCRIPTION.MEMBER_ID, memberId)
            .set(SUBSCRIPTION.MODE, mode)
            .set(SUBSCRIPTION.CREATED_AT, now)
            .set(SUBSCRIPTION.UPDATED_AT, now)
            .onConflictDoNothing()
            .execute()
        == 1;
  }

  public Optional<String> subscriptionMode(long discussionId, long memberId) {
    return dsl.select(SUBSCRIPTION.MODE)
        .from(SUBSCRIPTION)
        .where(SUBSCRIPTION.DISCUSSION_ID.eq(discussionId).and(SUBSCRIPTION.MEMBER_ID.eq(memberId)))
        .fetchOptional(SUBSCRIPTION.MODE);
  }

  public void setSubscription(
      DSLContext tx, long discussionId, long memberId, String mode, OffsetDateTime now) {
    tx.insertInto(SUBSCRIPTION)
        .set(SUBSCRIPTION.DISCUSSION_ID, discussionId)
        .set(SUBSCRIPTION.MEMBER_ID, memberId)
        .set(SUBSCRIPTION.MODE, mode)
        .set(SUBSCRIPTION.CREATED_AT, now)
        .set(SUBSCRIPTION.UPDATED_AT, now)
        .onConflict(SUBSCRIPTION.DISCUSSION_ID, SUBSCRIPTION.MEMBER_ID)
        .doUpdate()
        .set(SUBSCRIPTION.MODE, mode)
        .set(SUBSCRIPTION.UPDATED_AT, now)
        .execute();
  }

  /** Every visible discussion with the member's mode ('none' when not subscribed). */
  public List<Subscription> subscriptionsOf(long memberId) {
    return dsl.select(DISCUSSION.ID, DISCUSSION.SLUG, DISCUSSION.TITLE, SUBSCRIPTION.MODE)
        .from(DISCUSSION)
        .leftJoin(SUBSCRIPTION)
        .on(SUBSCRIPTION.DISCUSSION_ID.eq(DISCUSSION.ID).and(SUBSCRIPTION.MEMBER_ID.eq(memberId)))
        .where(DISCUSSION.DRAFT.isFalse())
        .orderBy(DISCUSSION.TITLE)
        .fetch(
            r ->
                new Subscription(
                    r.get(DISCUSSION.ID),
                    r.get(DISCUSSION.SLUG),
                    r.get(DISCUSSION.TITLE),
                    r.get(SUBSCRIPTION.MODE) == null ? "none" : r.get(SUBSCRIPTION.MODE)));
  }

  // notices

  /**
   * Records that a notice goes out; false when one already went to this address for this reason
   * today.
   */
  public boolean claimNotice(
      DSLContext tx, String address, String reason, LocalDate day, OffsetDateTime now) {
    return tx.insertInto(MAIL_NOTICE)
            .set(MAIL_NOTICE.ADDRESS, address.toLowerCase(Locale.ROOT))
            .set(MAIL_NOTICE.REASON, reason)
            .set(MAIL_NOTICE.DAY, day)
            .set(MAIL_NOTICE.CREATED_AT, now)
            .onConflictDoNothing()
            .execute()
        == 1;
  }

  /** Notices sent to an address on one day whose reason starts with {@code prefix}. */
  public int countNotices(DSLContext tx, String address, String prefix, LocalDate day) {
    return tx.fetchCount(
        MAIL_NOTICE,
        MAIL_NOTICE
            .ADDRESS
            .eq(address.toLowerCase(Locale.ROOT))
            .and(MAIL_NOTICE.DAY.eq(day))
            .and(MAIL_NOTICE.REASON.startsWith(prefix)));
  }

  /**
   * The member for an address that confirmed it wants to join by mail: a new member with a verified
   * address and no password, or the placeholder author of earlier mail with that address, now
   * claimed. Returns the id; an existing full member is returned as is.
   */
  public long joinByMail(
      DSLContext tx, String email, String displayName, String lang, OffsetDateTime now) {
    return AccountRepository.joinByMail(tx, email, displayName, lang, now);
  }

  // bounces and suppression

  public Optional<String> outboxRecipient(long outboxId) {
    return dsl.select(MAIL_OUTBOX.RECIPIENT)
        .from(MAIL_OUTBOX)
        .where(MAIL_OUTBOX.ID.eq(outboxId))
        .fetchOptional(MAIL_OUTBOX.RECIPIENT);
  }

  public boolean everSentTo(String address) {
    return dsl.fetchExists(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.equalIgnoreCase(address));
  }

  public void recordBounce(
      DSLContext tx,
      String address,
      String severity,
      Long outboxId,
      Long inboundId,
      String statusCode,
      OffsetDateTime now) {
    tx.insertInto(MAIL_BOUNCE)
        .set(MAIL_BOUNCE.ADDRESS, address.toLowerCase(Locale.ROOT))
        .set(MAIL_BOUNCE.SEVERITY, severity)
        .set(MAIL_BOUNCE.OUTBOX_ID, outboxId)
        .set(MAIL_BOUNCE.INBOUND_ID, inboundId)
        .set(MAIL_BOUNCE.STATUS_CODE, statusCode)
        .set(MAIL_BOUNCE.CREATED_AT, now)
        .execute();
  }

  public int countBounces(DSLContext tx, String address, String severity, OffsetDateTime since) {
    return tx.fetchCount(
        MAIL_BOUNCE,
        MAIL_BOUNCE
            .ADDRESS
            .eq(address.toLowerCase(Locale.ROOT))
            .and(MAIL_BOUNCE.SEVERITY.eq(severity))
            .and(MAIL_BOUNCE.CREATED_AT.ge(since)));
  }

  public void suppress(DSLContext tx, String address, String reason, OffsetDateTime now) {
    tx.insertInto(MAIL_SUPPRESSION)
        .set(MAIL_SUPPRESSION.ADDRESS, address.toLowerCase(Locale.ROOT))
        .set(MAIL_SUPPRESSION.REASON, reason)
        .set(MAIL_SUPPRESSION.CREATED_AT, now)
        .onConflictDoNothing()
        .execute();
  }

  public record Suppression(String address, String reason, OffsetDateTime since) {}

  public Optional<Suppression> suppression(String address) {
    return dsl.selectFrom(MAIL_SUPPRESSION)
        .where(MAIL_SUPPRESSION.ADDRESS.eq(address.toLowerCase(Locale.ROOT)))
        .fetchOptional(r -> new Suppression(r.getAddress(), r.getReason(), r.getCreatedAt()));
  }

  /** Lifts a suppression; the bounces that caused it stop counting from now on. */
  public void unsuppress(DSLContext tx, String address) {
    String a = address.toLowerCase(Locale.ROOT);
    tx.deleteFrom(MAIL_SUPPRESSION).where(MAIL_SUPPRESSION.ADDRESS.eq(a)).execute();
    tx.deleteFrom(MAIL_BOUNCE).where(MAIL_BOUNCE.ADDRESS.eq(a)).execute();
  }

  // the outbox as admins read it

  public record OutboxRow(
      long id,
      String recipient,
      String kind,
      String subject,
      String status,
      int attempts,
      String lastError,
      OffsetDateTime createdAt,
      OffsetDateTime sentAt,
      String textBody,
      String headers,
      OffsetDateTime bodyRemovedAt) {}

  public List<OutboxRow> latestOutbox(int limit) {
    return dsl.selectFrom(MAIL_OUTBOX)
        .orderBy(MAIL_OUTBOX.ID.desc())
        .limit(limit)
        .fetch(
            r ->
                new OutboxRow(
                    r.getId(),
                    r.getRecipient(),
                    r.getKind(),
                    r.getSubject(),
                    r.getStatus(),
                    r.getAttempts(),
                    r.getLastError(),
                    r.getCreatedAt(),
                    r.getSentAt(),
                    null,
                    null,
                    r.getBodyRemovedAt()));
  }

  public Optional<OutboxRow> outboxMail(long id) {
    return dsl.selectFrom(MAIL_OUTBOX)
        .where(MAIL_OUTBOX.ID.eq(id))
        .fetchOptional(
            r ->
                new OutboxRow(
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
                    r.getHeaders() == null ? "" : r.getHeaders().data(),
                    r.getBodyRemovedAt()));
  }

  // digests

  /** Claims the digest of one discussion and day; false when another run already took it. */
  public boolean claimDigest(
      DSLContext tx,
      long discussionId,
      LocalDate day,
      int recipients,
      int contributions,
      OffsetDateTime now) {
    return tx.insertInto(DIGEST_RUN)
            .set(DIGEST_RUN.DISCUSSION_ID, discussionId)
            .set(DIGEST_RUN.DAY, day)
            .set(DIGEST_RUN.RECIPIENTS, recipients)
            .set(DIGEST_RUN.CONTRIBUTIONS, contributions)
            .set(DIGEST_RUN.CREATED_AT, now)
            .onConflictDoNothing()
            .execute()
        == 1;
  }

  // domain events

  public List<Event> claimEvents(DSLContext tx, int limit) {
    return tx.selectFrom(DOMAIN_EVENT)
        .where(DOMAIN_EVENT.PROCESSED_AT.isNull())
        .orderBy(DOMAIN_EVENT.ID)
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .fetch(r -> new Event(r.getId(), r.getKind(), r.getDiscussionId(), r.getEntityId()));
  }

  public void markEventsProcessed(DSLContext tx, Collection<Long> ids, OffsetDateTime now) {
    if (ids.isEmpty()) {
      return;
    }
    tx.update(DOMAIN_EVENT)
        .set(DOMAIN_EVENT.PROCESSED_AT, now)
        .where(DOMAIN_EVENT.ID.eq(anyOf(ids)))
        .execute();
  }
}
