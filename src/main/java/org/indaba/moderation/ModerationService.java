package org.indaba.moderation;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.account.ModeratorRights;
import org.indaba.content.MarkdownRenderer;
import org.indaba.db.AuditAction;
import org.indaba.db.Changes;
import org.indaba.db.Database;
import org.indaba.db.RateLimiter;
import org.indaba.discussion.ContributionRepository;
import org.indaba.discussion.DiscussionRepository;
import org.indaba.i18n.Messages;
import org.indaba.mail.out.MailComposer;
import org.indaba.mail.out.MailOutbox;
import org.indaba.mail.out.OutgoingMail;
import org.indaba.model.ContentKind;
import org.indaba.model.ContributionStatus;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.moderation.ModerationRecords.AuditEntry;
import org.indaba.moderation.ModerationRecords.ContributionRef;
import org.indaba.moderation.ModerationRecords.Dashboard;
import org.indaba.moderation.ModerationRecords.DiscussionQueue;
import org.indaba.moderation.ModerationRecords.DiscussionRef;
import org.indaba.moderation.ModerationRecords.FlagRef;
import org.indaba.translation.TranslatedTitles;
import org.indaba.visibility.Visibility;

/**
 * The moderator's verbs: approve, reject, edit then approve, delete, trust, settle flags, and the
 * member's one verb here, flag. Each checks the viewer's rights itself, so a route, a CLI command
 * or a test calling it gets the same answer.
 */
public final class ModerationService {
  public static final int MAX_REASON = 2000;
  public static final int MAX_FLAG_REASON = 1000;
  public static final int MAX_BODY = 100_000;
  static final int FLAGS_PER_HOUR = 20;

  /** How long a moderator may take back their own approval, rejection or deletion. */
  public static final Duration UNDO_WINDOW = Duration.ofMinutes(10);

  /** How long a rejection notice waits before it leaves, so that an undone click mails no one. */
  public static final Duration NOTICE_GRACE = Duration.ofMinutes(1);

  private final Database db;
  private final ModerationRepository repo;
  private final ModeratorRights access;
  private final Changes changes;
  private final MailOutbox mailOutbox;
  private final MailComposer mailComposer;
  private final RateLimiter rateLimiter;
  private final ContributionCitations citations;
  private final TranslatedTitles titles;
  private final Clock clock;

  public ModerationService(
      Database db,
      ModerationRepository repo,
      ModeratorRights access,
      Changes changes,
      MailOutbox mailOutbox,
      MailComposer mailComposer,
      RateLimiter rateLimiter,
      ContributionCitations citations,
      TranslatedTitles titles,
      Clock clock) {
    this.titles = titles;
    this.db = db;
    this.repo = repo;
    this.access = access;
    this.changes = changes;
    this.mailOutbox = mailOutbox;
    this.mailComposer = mailComposer;
    this.rateLimiter = rateLimiter;
    this.citations = citations;
    this.clock = clock;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }

  /** Loads the contribution and checks that the viewer moderates its discussion. */
  private Moderated moderated(Optional<Viewer> viewer, long contributionId) {
    if (viewer.isEmpty()) {
      throw new Refusal.Unauthenticated();
    }
    ContributionRef c = repo.contribution(contributionId).orElseThrow(Refusal::notFound);
    return new Moderated(c, access.requireModerator(viewer, c.discussionId()));
  }

  private record Moderated(ContributionRef contribution, Viewer by) {}

  private static String requiredReason(String reason, int max) {
    String r = reason == null ? "" : reason.strip();
    if (r.isEmpty()) {
      throw Refusal.badRequest("moderation.error.reasonRequired");
    }
    if (r.length() > max) {
      throw Refusal.badRequest("moderation.error.reasonTooLong", max);
    }
    return r;
  }

  private static Refusal alreadyDecided() {
    return Refusal.conflict("moderation.error.alreadyDecided");
  }

  public void approve(Optional<Viewer> viewer, long contributionId) {
    Moderated m = moderated(viewer, contributionId);
    ContributionRef c = m.contribution();
    Viewer by = m.by();
    db.txRun(
        tx -> {
          if (!ContributionRepository.approve(tx, c.id(), by.id(), now())) {
            throw alreadyDecided();
          }
          changes.contributionApproved(tx, by.id(), c.discussionId(), c.id());
        });
  }

  /** What "approve selected" did: approved, and already decided by someone else meanwhile. */
  public record Selection(int approved, int alreadyDecided) {}

  /**
   * Approves each of the selected contributions exactly as one approval does (its own check of the
   * moderator's right, transaction, audit entry, index update and event); one decided meanwhile by
   * another moderator is counted, not an error.
   */
  public Selection approveAll(Optional<Viewer> viewer, String slug, List<Long> ids) {
    DiscussionRef d = discussionFor(viewer, slug);
    if (ids.size() > MAX_SELECTION) {
      throw Refusal.badRequest("reading.queue.tooMany", MAX_SELECTION);
    }
    int approved = 0;
    int decided = 0;
    for (long id : new java.util.LinkedHashSet<>(ids)) {
      if (moderated(viewer, id).contribution().discussionId() != d.id()) {
        throw Refusal.notFound();
      }
      try {
        approve(viewer, id);
        approved++;
      } catch (Refusal e) {
        if (e.kind() != Refusal.Kind.CONFLICT) {
          throw e;
        }
        decided++;
      }
    }
    return new Selection(approved, decided);
  }

  /** Rejects a waiting contribution and tells its author why, by mail in their language. */
  public void reject(Optional<Viewer> viewer, long contributionId, String reason) {
    Moderated m = moderated(viewer, contributionId);
    ContributionRef c = m.contribution();
    Viewer by = m.by();
    String why = requiredReason(reason, MAX_REASON);
    Optional<OutgoingMail> notice = rejectionNotice(c, why);
    db.txRun(
        tx -> {
          if (!ContributionRepository.reject(tx, c.id(), why, now())) {
            throw alreadyDecided();
          }
          changes.contributionRejected(tx, by.id(), c.discussionId(), c.id(), why);
          notice.ifPresent(mail -> mailOutbox.enqueue(tx, mail, NOTICE_GRACE));
        });
  }

  private Optional<OutgoingMail> rejectionNotice(ContributionRef c, String reason) {
    if (c.authorEmail() == null || c.authorEmail().isBlank()) {
      return Optional.empty();
    }
    String lang =
        Optional.ofNullable(c.authorLanguage())
            .filter(Messages::isSupported)
            .or(() -> Optional.of(c.language()).filter(Messages::isSupported))
            .orElse(Messages.DEFAULT_LANGUAGE);
    return Optional.of(
        mailComposer
            .compose(
                "contribution-rejected",
                c.authorEmail(),
                c.authorId(),
                lang,
                Map.of(
                    "name",
                    c.authorName(),
                    "discussionTitle",
                    titles
                        .discussion(c.discussionId(), List.of(lang))
                        .of(c.discussionId(), lang, c.discussionTitle()),
                    "discussionPath",
                    "/d/" + c.discussionSlug(),
                    "reason",
                    reason,
                    "body",
                    c.body()))
            .about(c.discussionId()));
  }

  /** The contribution as the edit form shows it; only waiting contributions can be edited. */
  public ContributionRef forEditing(Optional<Viewer> viewer, long contributionId) {
    ContributionRef c = moderated(viewer, contributionId).contribution();
    if (c.status() != ContributionStatus.PENDING) {
      throw alreadyDecided();
    }
    return c;
  }

  /** Corrects a waiting contribution and publishes it; the author's wording stays as a revision. */
  public void editAndApprove(Optional<Viewer> viewer, long contributionId, String body) {
    Moderated m = moderated(viewer, contributionId);
    ContributionRef c = m.contribution();
    Viewer by = m.by();
    String text = body == null ? "" : body.strip();
    if (text.isEmpty()) {
      throw Refusal.Invalid.of("body", "moderation.error.bodyRequired");
    }
    if (text.length() > MAX_BODY) {
      throw Refusal.tooLarge("moderation.error.bodyTooLong", MAX_BODY);
    }
    String html = MarkdownRenderer.render(text, citations.resolverFor(c.discussionId(), text));
    db.txRun(
        tx -> {
          OffsetDateTime now = now();
          // the body only changes while pending, and this update leaves pending: what we read is
          // what we replace
          if (!ContributionRepository.editAndApprove(tx, c.id(), text, html, by.id(), now)) {
            throw alreadyDecided();
          }
          ContributionRepository.addRevision(tx, c.id(), c.body(), by.id(), now);
          changes.contributionEditedAndApproved(tx, by.id(), c.discussionId(), c.id());
        });
  }

  /** Takes a published contribution down; any open flags on it are settled with it. */
  public void delete(Optional<Viewer> viewer, long contributionId, String reason) {
    Moderated m = moderated(viewer, contributionId);
    ContributionRef c = m.contribution();
    Viewer by = m.by();
    String why = requiredReason(reason, MAX_REASON);
    db.txRun(
        tx -> {
          OffsetDateTime now = now();
          if (!ContributionRepository.delete(tx, c.id(), why, by.id(), now)) {
            throw alreadyDecided();
          }
          repo.resolveFlagsOf(tx, c.id(), "deleted", by.id(), now);
          changes.contributionDeleted(tx, by.id(), c.discussionId(), c.id(), why);
        });
  }

  public void trust(Optional<Viewer> viewer, String slug, long memberId) {
    DiscussionRef d = repo.discussionBySlug(slug).orElseThrow(Refusal::notFound);
    Viewer v = access.requireModerator(viewer, d.id());
    if (!repo.memberExists(memberId)) {
      throw Refusal.notFound();
    }
    db.txRun(
        tx -> {
          if (DiscussionRepository.trust(tx, d.id(), memberId, v.id(), now())) {
            changes.memberTrusted(tx, v.id(), d.id(), memberId);
          }
        });
  }

  public void untrust(Optional<Viewer> viewer, String slug, long memberId) {
    DiscussionRef d = repo.discussionBySlug(slug).orElseThrow(Refusal::notFound);
    Viewer v = access.requireModerator(viewer, d.id());
    db.txRun(
        tx -> {
          if (DiscussionRepository.untrust(tx, d.id(), memberId)) {
            changes.memberUntrusted(tx, v.id(), d.id(), memberId);
          }
        });
  }

  /** A signed-in, verified member reports a published contribution to its moderators. */
  public void flag(Optional<Viewer> viewer, long contributionId, String reason) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    if (!v.verified()) {
      throw Refusal.forbidden();
    }
    ContributionRef c = flaggable(viewer, contributionId);
    String why = requiredReason(reason, MAX_FLAG_REASON);
    if (!rateLimiter.tryAcquire("flag:" + v.id(), FLAGS_PER_HOUR, Duration.ofHours(1))) {
      throw Refusal.tooManyRequests();
    }
    boolean added =
        db.tx(
            tx -> {
              boolean inserted = repo.insertFlag(tx, c.id(), v.id(), why, now());
              if (inserted) {
                changes.contributionFlagged(tx, c.discussionId(), c.id());
              }
              return inserted;
            });
    if (!added) {
      throw Refusal.conflict("moderation.error.alreadyFlagged");
    }
  }

  /**
   * A published contribution the viewer may see (the same rule as its page, {@link Visibility});
   * 404 otherwise, so the flag form tells nothing the page would not.
   */
  public ContributionRef flaggable(Optional<Viewer> viewer, long contributionId) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    return repo.contribution(contributionId)
        .filter(x -> x.status() == ContributionStatus.APPROVED)
        .filter(
            x ->
                Visibility.contributionVisible(
                    repo.discussionIsDraft(x.discussionId()),
                    x.status(),
                    x.authorId(),
                    new Visibility.Audience(v.id(), access.canModerate(v, x.discussionId()))))
        .orElseThrow(Refusal::notFound);
  }

  public void dismissFlag(Optional<Viewer> viewer, long flagId) {
    if (viewer.isEmpty()) {
      throw new Refusal.Unauthenticated();
    }
    FlagRef f = repo.flag(flagId).orElseThrow(Refusal::notFound);
    Viewer v = access.requireModerator(viewer, f.discussionId());
    db.txRun(
        tx -> {
          if (!repo.resolveFlag(tx, f.id(), "dismissed", v.id(), now())) {
            throw alreadyDecided();
          }
          changes.flagDismissed(tx, v.id(), f.discussionId(), f.id());
        });
  }

  /** Settles every open flag of a published contribution, keeping it; false when none was open. */
  public boolean dismissFlagsOf(Optional<Viewer> viewer, long contributionId) {
    Moderated m = moderated(viewer, contributionId);
    ContributionRef c = m.contribution();
    Viewer by = m.by();
    return db.tx(
        tx -> {
          List<Long> settled = repo.resolveFlagsOf(tx, c.id(), "dismissed", by.id(), now());
          for (long flagId : settled) {
            changes.flagDismissed(tx, by.id(), c.discussionId(), flagId);
          }
          return !settled.isEmpty();
        });
  }

  /** Whether the viewer may still take back the latest decision on this contribution. */
  public Optional<String> undoable(Optional<Viewer> viewer, long contributionId) {
    if (viewer.isEmpty()) {
      return Optional.empty();
    }
    return repo.latestAction(ContentKind.CONTRIBUTION.code(), contributionId)
        .filter(l -> l.actorId() != null && l.actorId() == viewer.get().id())
        .filter(
            l ->
                List.of(AuditAction.APPROVE, AuditAction.REJECT, AuditAction.DELETE)
                    .contains(AuditAction.fromCode(l.action()).orElse(null)))
        .filter(l -> !l.at().toInstant().isBefore(clock.instant().minus(UNDO_WINDOW)))
        .map(ModerationRepository.LatestAction::action);
  }

  /**
   * Takes back the viewer's own latest decision on a contribution, within {@link #UNDO_WINDOW}: it
   * is waiting again (or published again, after a deletion). A rejection notice still in the outbox
   * is withdrawn; mail already sent cannot be.
   *
   * @return the action undone
   */
  public String undo(Optional<Viewer> viewer, long contributionId) {
    Moderated m = moderated(viewer, contributionId);
    ContributionRef c = m.contribution();
    Viewer by = m.by();
    ModerationRepository.LatestAction latest =
        repo.latestAction(ContentKind.CONTRIBUTION.code(), contributionId)
            .filter(l -> undoable(viewer, contributionId).isPresent())
            .orElseThrow(() -> Refusal.conflict("facilitation.undo.error"));
    db.txRun(
        tx -> {
          if (!ContributionRepository.undoDecision(tx, c.id(), latest.action(), now())) {
            throw Refusal.conflict("facilitation.undo.error");
          }
          if (AuditAction.REJECT.code().equals(latest.action()) && c.authorEmail() != null) {
            mailOutbox.cancelUnsent(tx, c.authorEmail(), "contribution-rejected", latest.at());
          }
          changes.contributionDecisionUndone(
              tx, by.id(), c.discussionId(), c.id(), latest.action());
        });
    return latest.action();
  }

  /**
   * Everything waiting across the discussions the viewer moderates (all of them for an admin), on
   * its first page.
   */
  public Dashboard dashboard(Optional<Viewer> viewer) {
    return dashboard(viewer, 1);
  }

  /**
   * Page {@code page} of everything waiting across the discussions the viewer moderates, oldest
   * first, {@link #QUEUE_PAGE} a page (the last page when past it).
   */
  public Dashboard dashboard(Optional<Viewer> viewer, int page) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    Collection<Long> scope = null;
    if (!v.isAdmin()) {
      List<Long> mine = access.moderatedBy(v.id());
      if (mine.isEmpty() && !v.isModerator()) {
        throw Refusal.forbidden();
      }
      scope = mine;
    }
    int total = repo.pendingCount(scope);
    QueuePage at = QueuePage.of(total, page);
    return new Dashboard(
        repo.pending(scope, at.offset(), QUEUE_PAGE),
        total,
        at.number(),
        at.count(),
        repo.openFlags(scope),
        repo.upcomingThemes(scope),
        repo.weeklyCounts(scope));
  }

  /** Waiting contributions on one page of a discussion's queue. */
  public static final int QUEUE_PAGE = 50;

  /** Page {@code number} of {@code count} pages of a queue, and the offset of its first item. */
  record QueuePage(int number, int count) {
    /** The page asked for among {@code total} waiting items, the last one when past it. */
    static QueuePage of(int total, int asked) {
      int count = Math.max(1, (total + QUEUE_PAGE - 1) / QUEUE_PAGE);
      return new QueuePage(Math.max(1, Math.min(asked, count)), count);
    }

    int offset() {
      return (number - 1) * QUEUE_PAGE;
    }
  }

  /** Most contributions approved by one "approve selected". */
  public static final int MAX_SELECTION = 200;

  public DiscussionQueue queue(Optional<Viewer> viewer, String slug) {
    return queue(viewer, slug, 1);
  }

  /** Page {@code page} of the discussion's queue (the last page when past it). */
  public DiscussionQueue queue(Optional<Viewer> viewer, String slug, int page) {
    DiscussionRef d = discussionFor(viewer, slug);
    List<Long> scope = List.of(d.id());
    int total = repo.pendingCount(scope);
    QueuePage at = QueuePage.of(total, page);
    return new DiscussionQueue(
        d,
        repo.pending(scope, at.offset(), QUEUE_PAGE),
        total,
        at.number(),
        at.count(),
        repo.openFlags(scope),
        repo.trusted(d.id()),
        repo.weeklyCounts(scope));
  }

  public List<AuditEntry> auditLog(Optional<Viewer> viewer, String slug) {
    return repo.auditEntries(discussionFor(viewer, slug).id(), 500);
  }

  public DiscussionRef discussionFor(Optional<Viewer> viewer, String slug) {
    if (viewer.isEmpty()) {
      throw new Refusal.Unauthenticated();
    }
    DiscussionRef d = repo.discussionBySlug(slug).orElseThrow(Refusal::notFound);
    access.requireModerator(viewer, d.id());
    return d;
  }
}
