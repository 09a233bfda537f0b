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
import org.indaba.db.AuditLog;
import org.indaba.db.Database;
import org.indaba.db.DomainEvents;
import org.indaba.db.RateLimiter;
import org.indaba.i18n.Messages;
import org.indaba.mail.out.MailComposer;
import org.indaba.mail.out.MailOutbox;
import org.indaba.mail.out.OutgoingMail;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.moderation.ModerationRecords.AuditEntry;
import org.indaba.moderation.ModerationRecords.ContributionRef;
import org.indaba.moderation.ModerationRecords.Dashboard;
import org.indaba.moderation.ModerationRecords.DiscussionQueue;
import org.indaba.moderation.ModerationRecords.DiscussionRef;
import org.indaba.moderation.ModerationRecords.FlagRef;
import org.indaba.search.SearchOutbox;

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

  private final Database db;
  private final ModerationRepository repo;
  private final ModeratorRights access;
  private final AuditLog audit;
  private final SearchOutbox search;
  private final DomainEvents events;
  private final MailOutbox mailOutbox;
  private final MailComposer mailComposer;
  private final RateLimiter rateLimiter;
  private final ContributionCitations citations;
  private final Clock clock;

  public ModerationService(
      Database db,
      ModerationRepository repo,
      ModeratorRights access,
      AuditLog audit,
      SearchOutbox search,
      DomainEvents events,
      MailOutbox mailOutbox,
      MailComposer mailComposer,
      RateLimiter rateLimiter,
      ContributionCitations citations,
      Clock clock) {
    this.db = db;
    this.repo = repo;
    this.access = access;
    this.audit = audit;
    this.search = search;
    this.events = events;
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
          if (!repo.approve(tx, c.id(), by.id(), now())) {
            throw alreadyDecided();
          }
          search.changed(tx, SearchOutbox.CONTRIBUTION, c.id());
          events.record(tx, DomainEvents.CONTRIBUTION_APPROVED, c.discussionId(), c.id());
          audit.record(
              tx, by.id(), c.discussionId(), AuditLog.APPROVE, AuditLog.CONTRIBUTION, c.id(), null);
        });
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
          if (!repo.reject(tx, c.id(), why, now())) {
            throw alreadyDecided();
          }
          search.changed(tx, SearchOutbox.CONTRIBUTION, c.id());
          events.record(tx, DomainEvents.CONTRIBUTION_REJECTED, c.discussionId(), c.id());
          audit.record(
              tx, by.id(), c.discussionId(), AuditLog.REJECT, AuditLog.CONTRIBUTION, c.id(), why);
          notice.ifPresent(mail -> mailOutbox.enqueue(tx, mail));
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
        mailComposer.compose(
            "contribution-rejected",
            c.authorEmail(),
            c.authorId(),
            lang,
            Map.of(
                "name",
                c.authorName(),
                "discussionTitle",
                c.discussionTitle(),
                "discussionPath",
                "/d/" + c.discussionSlug(),
                "reason",
                reason,
                "body",
                c.body())));
  }

  /** The contribution as the edit form shows it; only waiting contributions can be edited. */
  public ContributionRef forEditing(Optional<Viewer> viewer, long contributionId) {
    ContributionRef c = moderated(viewer, contributionId).contribution();
    if (!c.status().equals("pending")) {
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
          if (!repo.editAndApprove(tx, c.id(), text, html, by.id(), now)) {
            throw alreadyDecided();
          }
          org.indaba.discussion.ContributionRepository.addRevision(
              tx, c.id(), c.body(), by.id(), now);
          search.changed(tx, SearchOutbox.CONTRIBUTION, c.id());
          events.record(tx, DomainEvents.CONTRIBUTION_APPROVED, c.discussionId(), c.id());
          audit.record(
              tx, by.id(), c.discussionId(), AuditLog.EDIT, AuditLog.CONTRIBUTION, c.id(), null);
          audit.record(
              tx, by.id(), c.discussionId(), AuditLog.APPROVE, AuditLog.CONTRIBUTION, c.id(), null);
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
          if (!repo.delete(tx, c.id(), why, by.id(), now)) {
            throw alreadyDecided();
          }
          repo.resolveFlagsOf(tx, c.id(), "deleted", by.id(), now);
          search.changed(tx, SearchOutbox.CONTRIBUTION, c.id());
          audit.record(
              tx, by.id(), c.discussionId(), AuditLog.DELETE, AuditLog.CONTRIBUTION, c.id(), why);
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
          if (repo.trust(tx, d.id(), memberId, v.id(), now())) {
            audit.record(
                tx, v.id(), d.id(), AuditLog.TRUST, AuditLog.MEMBER_TARGET, memberId, null);
          }
        });
  }

  public void untrust(Optional<Viewer> viewer, String slug, long memberId) {
    DiscussionRef d = repo.discussionBySlug(slug).orElseThrow(Refusal::notFound);
    Viewer v = access.requireModerator(viewer, d.id());
    db.txRun(
        tx -> {
          if (repo.untrust(tx, d.id(), memberId)) {
            audit.record(
                tx, v.id(), d.id(), AuditLog.UNTRUST, AuditLog.MEMBER_TARGET, memberId, null);
          }
        });
  }

  /** A signed-in, verified member reports a published contribution to its moderators. */
  public void flag(Optional<Viewer> viewer, long contributionId, String reason) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    if (!v.verified()) {
      throw Refusal.forbidden();
    }
    ContributionRef c =
        repo.contribution(contributionId)
            .filter(x -> x.status().equals("approved"))
            .orElseThrow(Refusal::notFound);
    String why = requiredReason(reason, MAX_FLAG_REASON);
    if (!rateLimiter.tryAcquire("flag:" + v.id(), FLAGS_PER_HOUR, Duration.ofHours(1))) {
      throw Refusal.tooManyRequests();
    }
    boolean added = db.tx(tx -> repo.insertFlag(tx, c.id(), v.id(), why, now()));
    if (!added) {
      throw Refusal.conflict("moderation.error.alreadyFlagged");
    }
  }

  public ContributionRef flaggable(Optional<Viewer> viewer, long contributionId) {
    viewer.orElseThrow(Refusal.Unauthenticated::new);
    return repo.contribution(contributionId)
        .filter(x -> x.status().equals("approved"))
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
          audit.record(
              tx, v.id(), f.discussionId(), AuditLog.DISMISS_FLAG, AuditLog.FLAG, f.id(), null);
        });
  }

  /** Everything waiting across the discussions the viewer moderates (all of them for an admin). */
  public Dashboard dashboard(Optional<Viewer> viewer) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    Collection<Long> scope = null;
    if (!v.isAdmin()) {
      List<Long> mine = access.moderatedBy(v.id());
      if (mine.isEmpty() && !v.isModerator()) {
        throw Refusal.forbidden();
      }
      scope = mine;
    }
    return new Dashboard(
        repo.pending(scope),
        repo.openFlags(scope),
        repo.upcomingThemes(scope),
        repo.weeklyCounts(scope));
  }

  public DiscussionQueue queue(Optional<Viewer> viewer, String slug) {
    DiscussionRef d = discussionFor(viewer, slug);
    List<Long> scope = List.of(d.id());
    return new DiscussionQueue(
        d,
        repo.pending(scope),
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
