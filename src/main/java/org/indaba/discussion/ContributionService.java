package org.indaba.discussion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.account.AccountRepository;
import org.indaba.account.Member;
import org.indaba.account.ModeratorRights;
import org.indaba.blob.BlobStore;
import org.indaba.content.MarkdownRenderer;
import org.indaba.db.Changes;
import org.indaba.db.Database;
import org.indaba.db.RateLimiter;
import org.indaba.i18n.LanguageDetector;
import org.indaba.model.ContributionStatus;
import org.indaba.model.Reason;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.visibility.Visibility;

/**
 * Posting, editing and reading contributions. {@link #postContribution} is the one way in for the
 * web form, the API, incoming mail and mbox import, so the rules below hold for every channel.
 */
public final class ContributionService {
  public static final Duration EDIT_WINDOW = Duration.ofMinutes(30);
  public static final int POSTS_PER_HOUR = 30;
  public static final int MAX_BODY_CHARS = 100_000;

  private final Database db;
  private final DiscussionRepository discussions;
  private final ContributionRepository repo;
  private final AccountRepository accounts;
  private final ModeratorRights access;
  private final BlobStore blobs;
  private final Changes changes;
  private final RateLimiter limiter;
  private final LanguageDetector detector;
  private final Clock clock;
  private final long maxUploadBytes;

  public ContributionService(
      Database db,
      DiscussionRepository discussions,
      ContributionRepository repo,
      AccountRepository accounts,
      ModeratorRights access,
      BlobStore blobs,
      Changes changes,
      RateLimiter limiter,
      LanguageDetector detector,
      Clock clock,
      long maxUploadBytes) {
    this.changes = changes;
    this.db = db;
    this.discussions = discussions;
    this.repo = repo;
    this.accounts = accounts;
    this.access = access;
    this.blobs = blobs;
    this.limiter = limiter;
    this.detector = detector;
    this.clock = clock;
    this.maxUploadBytes = maxUploadBytes;
  }

  /**
   * Checks the rules and stores a contribution: approved at once, or pending with a hold reason
   * when the discussion is pre-moderated and the author is neither trusted nor a moderator, when
   * the sender is not a member, or when the caller forces a hold.
   *
   * @throws Refusal with a {@link Reason}: 404 unknown discussion, week or reply target; 403
   *     unverified member; 409 the discussion is not open or the week not published, or the message
   *     id was seen before; 400 invalid body or reply; 413/415 attachment too large or of a refused
   *     type; 429 too many posts
   */
  public Contribution postContribution(NewContribution in) {
    return post(in, false, new Reads(false, id -> false));
  }

  /**
   * {@link #postContribution(NewContribution)} with what it reads taken from {@code reads}: one
   * batch of mail posts several contributions in one transaction and reads each discussion, its
   * weeks and each author once.
   */
  public Contribution postContribution(NewContribution in, Reads reads) {
    return post(in, false, reads);
  }

  /**
   * What posting reads before it writes: the discussion, its weeks, the author and whether the
   * message id is taken. Remembering reads keep the first answer for as long as the caller keeps
   * them, which must be one batch of work in one transaction (never across transactions): a change
   * committed meanwhile by someone else is then seen as if the batch had run a moment earlier.
   */
  public final class Reads {
    private final boolean remember;
    private final java.util.function.Predicate<String> certainlyFree;
    private final Map<String, Optional<Discussion>> discussionsBySlug = new java.util.HashMap<>();
    private final Map<Long, List<Theme>> themesByDiscussion = new java.util.HashMap<>();
    private final Map<Long, Optional<Member>> membersById = new java.util.HashMap<>();

    private Reads(boolean remember, java.util.function.Predicate<String> certainlyFree) {
      this.remember = remember;
      this.certainlyFree = certainlyFree;
    }

    Optional<Discussion> discussion(String slug) {
      return remember
          ? discussionsBySlug.computeIfAbsent(slug, discussions::bySlug)
          : discussions.bySlug(slug);
    }

    List<Theme> themes(long discussionId) {
      return remember
          ? themesByDiscussion.computeIfAbsent(discussionId, discussions::themes)
          : discussions.themes(discussionId);
    }

    Optional<Member> member(long id) {
      return remember ? membersById.computeIfAbsent(id, accounts::byId) : accounts.byId(id);
    }

    /** An author the caller has just read (a batch reads its senders in one query). */
    public void know(Member member) {
      if (remember) {
        membersById.put(member.id(), Optional.of(member));
      }
    }

    /** Taken unless the caller knows it is free (it read the ids of its batch beforehand). */
    boolean messageIdTaken(String messageId) {
      return !certainlyFree.test(messageId) && repo.messageIdExists(messageId);
    }
  }

  private static final Duration POSTING_WINDOW = Duration.ofHours(1);

  private static String memberBucket(long memberId) {
    return "contribution:member:" + memberId;
  }

  private static String senderBucket(String email) {
    return "contribution:sender:" + email.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Locks, in the caller's transaction and in one order, the posting limits of the authors a batch
   * may post for (as members, or by address as non-members), so that two batches posting for the
   * same authors wait for each other at most once and never in a cycle.
   */
  public void holdPostingLimits(
      java.util.Collection<Long> memberIds, java.util.Collection<String> senders) {
    List<String> buckets = new ArrayList<>();
    memberIds.forEach(id -> buckets.add(memberBucket(id)));
    senders.forEach(e -> buckets.add(senderBucket(e)));
    limiter.holdAll(buckets, POSTING_WINDOW);
  }

  /**
   * Reads for one batch of work: each discussion, its weeks and each author read once; {@code
   * certainlyFree} says which message ids the caller has just seen to be free.
   */
  public Reads rememberingReads(java.util.function.Predicate<String> certainlyFree) {
    return new Reads(true, certainlyFree);
  }

  /**
   * An archived message ({@link NewContribution.Source#IMPORT}) into its week. The week's theme is
   * published quietly if it was not yet (an archive's weeks are long gone: nobody is told), nothing
   * is announced by mail, and with {@code approve} (a trusted archive) it is published whatever the
   * discussion's moderation rules say; otherwise those rules decide as for any post.
   */
  public Contribution postImported(NewContribution in, boolean approve) {
    if (in.source() != NewContribution.Source.IMPORT) {
      throw new IllegalArgumentException("postImported takes imported messages only");
    }
    return post(in, approve, new Reads(false, id -> false));
  }

  private Contribution post(NewContribution in, boolean approveImport, Reads reads) {
    Instant now = clock.instant();
    Discussion d =
        reads
            .discussion(in.discussionSlug())
            .orElseThrow(() -> Refusal.notFound(Reason.UNKNOWN_DISCUSSION));
    Member member = null;
    if (in.author() instanceof NewContribution.MemberAuthor m) {
      member =
          reads.member(m.memberId()).orElseThrow(() -> Refusal.notFound(Reason.UNKNOWN_AUTHOR));
      // an imported archive's authors are placeholders (unverified until someone claims the
      // address)
      if (!member.verified()
          && !(in.source() == NewContribution.Source.IMPORT && member.placeholder())) {
        throw new Refusal(
            Refusal.Kind.FORBIDDEN, Reason.UNVERIFIED_SENDER, "discussion.error.unverified");
      }
    }
    boolean importing = in.source() == NewContribution.Source.IMPORT;
    if (!importing) {
      DiscussionStatus status = d.status(now);
      if (status == DiscussionStatus.CLOSED || status == DiscussionStatus.ARCHIVED) {
        throw new Refusal(Refusal.Kind.CONFLICT, Reason.CLOSED, "discussion.error.closed");
      }
      if (status != DiscussionStatus.OPEN) {
        throw new Refusal(Refusal.Kind.CONFLICT, Reason.NOT_OPEN, "discussion.error.notOpen");
      }
    }
    String body = in.body() == null ? "" : in.body().strip();
    // attachments alone (a mailed report, a forwarded message) are a contribution too
    if (body.isEmpty() && in.attachments().isEmpty()) {
      throw Refusal.Invalid.of("body", "discussion.error.bodyRequired", Reason.EMPTY_BODY);
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw Refusal.Invalid.of("body", "security.limit.contribution", Reason.BODY_TOO_LONG);
    }
    Contribution parent = null;
    if (in.replyTo() != null) {
      parent =
          repo.byId(in.replyTo())
              .filter(
                  p ->
                      p.discussionId() == d.id()
                          && p.status() != ContributionStatus.DELETED
                          && p.status() != ContributionStatus.REJECTED)
              .orElseThrow(
                  () ->
                      new Refusal(
                          Refusal.Kind.INVALID, Reason.REPLY_TARGET, "discussion.error.replyTo"));
    }
    Instant createdAt = in.createdAt() != null ? in.createdAt() : now;
    int week;
    Theme quietly = null;
    if (importing) {
      week = in.week() != null ? in.week() : parent != null ? parent.week() : 1;
      int w = week;
      Theme theme =
          reads.themes(d.id()).stream()
              .filter(t -> t.week() == w)
              .findFirst()
              .orElseThrow(() -> Refusal.notFound(Reason.UNKNOWN_WEEK));
      quietly = theme.published() ? null : theme;
    } else {
      week = resolveWeek(reads.themes(d.id()), in.week(), parent);
    }
    List<Prepared> files = prepare(in.attachments());
    if (in.messageId() != null && reads.messageIdTaken(in.messageId())) {
      throw new Refusal(
          Refusal.Kind.CONFLICT, Reason.DUPLICATE_MESSAGE, "discussion.error.duplicateMessage");
    }
    if (!importing) {
      String bucket =
          member != null
              ? memberBucket(member.id())
              : senderBucket(((NewContribution.MailSender) in.author()).email());
      if (!limiter.tryAcquire(bucket, POSTS_PER_HOUR, POSTING_WINDOW)) {
        throw new Refusal(Refusal.Kind.TOO_MANY, Reason.TOO_MANY, "error.tooManyRequests");
      }
    }

    // a trusted archive is published, except what the archive itself says was still held
    String holdReason =
        importing && approveImport && in.forceHold() == null ? null : holdReason(in, d, member);
    ContributionStatus status =
        holdReason == null ? ContributionStatus.APPROVED : ContributionStatus.PENDING;
    // a language given by the channel is kept only when it is one we can label; otherwise detection
    // decides
    String language =
        org.indaba.i18n.ContentLanguages.isNamed(in.language())
                // an archive that says a text's language was undetermined is taken at its word
                || (importing && LanguageDetector.UNDETERMINED.equals(in.language()))
            ? in.language()
            : detector.detect(body);
    Long authorId = member == null ? null : member.id();
    String authorEmail =
        member != null ? member.email() : ((NewContribution.MailSender) in.author()).email();
    String authorName =
        member != null ? member.displayName() : ((NewContribution.MailSender) in.author()).name();
    Long replyToId = parent == null ? null : parent.id();
    Theme toPublish = quietly;
    Contribution stored =
        db.tx(
            tx -> {
              if (toPublish != null) {
                Instant at =
                    toPublish.publishAt().isBefore(createdAt) ? toPublish.publishAt() : createdAt;
                discussions
                    .publishIfUnpublished(tx, toPublish.id(), at)
                    .ifPresent(p -> changes.pastThemePublished(tx, p.themeId()));
              }
              Contribution row =
                  repo.insertReturning(
                      tx,
                      new ContributionRepository.NewRow(
                          d.id(),
                          week,
                          authorId,
                          authorEmail,
                          authorName,
                          replyToId,
                          body,
                          MarkdownRenderer.render(body),
                          in.trimmed(),
                          language,
                          status,
                          holdReason,
                          in.source().code(),
                          in.messageId(),
                          createdAt));
              long cid = row.id();
              for (Prepared f : files) {
                String sha = blobs.put(tx, f.bytes());
                repo.insertAttachment(
                    tx,
                    cid,
                    sha,
                    f.filename(),
                    f.type(),
                    f.bytes().length,
                    f.contentId(),
                    f.inline());
              }
              if (status == ContributionStatus.APPROVED) {
                // an archive is history: its messages are announced to nobody
                if (importing) {
                  changes.contributionImported(tx, cid);
                } else {
                  changes.contributionPosted(tx, d.id(), cid);
                }
              } else if (!importing) {
                changes.contributionHeld(tx, d.id(), cid);
              }
              return row;
            });
    return stored;
  }

  private int resolveWeek(List<Theme> themes, Integer requested, Contribution parent) {
    int week;
    if (requested != null) {
      week = requested;
    } else if (parent != null) {
      week = parent.week();
    } else {
      week =
          themes.stream()
              .filter(Theme::published)
              .mapToInt(Theme::week)
              .max()
              .orElseThrow(
                  () ->
                      new Refusal(
                          Refusal.Kind.CONFLICT,
                          Reason.WEEK_NOT_PUBLISHED,
                          "discussion.error.weekNotPublished"));
    }
    Theme theme =
        themes.stream()
            .filter(t -> t.week() == week)
            .findFirst()
            .orElseThrow(() -> Refusal.notFound(Reason.UNKNOWN_WEEK));
    if (!theme.published()) {
      throw new Refusal(
          Refusal.Kind.CONFLICT, Reason.WEEK_NOT_PUBLISHED, "discussion.error.weekNotPublished");
    }
    return week;
  }

  private String holdReason(NewContribution in, Discussion d, Member member) {
    if (in.forceHold() != null && !in.forceHold().isBlank()) {
      return in.forceHold().length() > 40 ? in.forceHold().substring(0, 40) : in.forceHold();
    }
    if (member == null) {
      return "non_member";
    }
    if (heldFor(d, member)) {
      return "premoderated";
    }
    return null;
  }

  /**
   * Whether the viewer may answer this contribution from its page: a verified member, the
   * discussion open, the week published and the contribution approved. {@link #postContribution}
   * checks the author, the status and the week again when the reply comes.
   */
  public boolean canReplyTo(Optional<Viewer> viewer, Discussion d, Theme theme, Contribution c) {
    return viewer.map(Viewer::verified).orElse(false)
        && d.status(clock.instant()) == DiscussionStatus.OPEN
        && theme.published()
        && c.approved();
  }

  /**
   * The hold rule for a member's post: in a pre-moderated discussion, held unless the author is
   * trusted there or moderates it.
   */
  public boolean heldFor(Discussion d, Member member) {
    return d.preModerated()
        && !access.isTrusted(d.id(), member.id())
        && !access.canModerate(member.toViewer(), d.id());
  }

  private record Prepared(
      String filename, String type, byte[] bytes, String contentId, boolean inline) {}

  private List<Prepared> prepare(List<NewContribution.NewAttachment> attachments) {
    if (attachments.size() > FilePolicy.MAX_ATTACHMENTS) {
      throw new Refusal(
          Refusal.Kind.INVALID,
          Reason.TOO_MANY_ATTACHMENTS,
          "discussion.error.tooManyAttachments",
          FilePolicy.MAX_ATTACHMENTS);
    }
    List<Prepared> out = new ArrayList<>();
    for (NewContribution.NewAttachment a : attachments) {
      String name = FilePolicy.safeFilename(a.filename());
      String type = FilePolicy.acceptedType(name, a.contentType());
      FilePolicy.checkSize(a.bytes().length, maxUploadBytes);
      String cid =
          a.contentId() == null
              ? null
              : a.contentId().substring(0, Math.min(300, a.contentId().length()));
      out.add(new Prepared(name, type, a.bytes(), cid, a.inline() && FilePolicy.isImage(type)));
    }
    return out;
  }

  /**
   * Names, on the contribution's page, the attachments of a mailed contribution that were left out
   * (their names made safe, as the mail notice gives them).
   */
  public void recordDroppedAttachments(long contributionId, List<String> names) {
    if (!names.isEmpty()) {
      repo.setDroppedAttachments(
          contributionId, names.stream().map(FilePolicy::safeFilename).distinct().toList());
    }
  }

  /** What became of an author's edit. */
  public enum EditOutcome {
    /** The text changed at once. */
    APPLIED,
    /** Readers keep the approved text until a moderator approves the edit. */
    WAITING
  }

  /**
   * The author changes their own words within {@link #EDIT_WINDOW} of posting; the previous body is
   * kept as a revision and the edit is in the audit log. In a pre-moderated discussion, an edit of
   * a published contribution by an author who is neither trusted nor a moderator waits for a
   * moderator: readers keep seeing the approved text. Moderators' edits of waiting contributions
   * belong to the moderation feature.
   */
  public EditOutcome editContribution(Viewer v, long id, String newBody) {
    String body = newBody == null ? "" : newBody.strip();
    if (body.isEmpty()) {
      throw Refusal.Invalid.of("body", "discussion.error.bodyRequired");
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw Refusal.Invalid.of("body", "security.limit.contribution");
    }
    Instant now = clock.instant();
    return db.tx(
        tx -> {
          Contribution c = repo.byIdForUpdate(tx, id).orElseThrow(Refusal::notFound);
          checkEditable(v, c, now);
          Discussion d = discussions.byId(c.discussionId()).orElseThrow(Refusal::notFound);
          String html = MarkdownRenderer.render(body);
          boolean mustWait =
              c.approved()
                  && d.preModerated()
                  && !access.isTrusted(d.id(), v.id())
                  && !access.canModerate(v, d.id());
          if (mustWait) {
            repo.savePendingEdit(tx, id, body, html, v.id(), now);
            changes.contributionEditWaiting(tx, v.id(), d.id(), id);
            return EditOutcome.WAITING;
          }
          applyEdit(tx, c, body, html, v.id(), now);
          changes.contributionEdited(tx, v.id(), d.id(), id);
          return EditOutcome.APPLIED;
        });
  }

  private void applyEdit(
      org.jooq.DSLContext tx, Contribution c, String body, String html, long by, Instant now) {
    repo.updateBody(tx, c.id(), c.body(), body, html, by, now, c.approved());
    if (c.approved()) {
      changes.publishedContributionTextChanged(tx, c.id());
      org.indaba.translation.TranslationRepository.markOutdated(tx, "contribution", c.id());
    }
  }

  /**
   * A moderator of the discussion publishes (approve) or drops an author's waiting edit; either is
   * in the audit log. 409 when there is no waiting edit (another moderator decided first).
   */
  public void decideEdit(Optional<Viewer> viewer, long id, boolean approve) {
    Contribution c = repo.byId(id).orElseThrow(Refusal::notFound);
    Viewer by = access.requireModerator(viewer, c.discussionId());
    Instant now = clock.instant();
    db.txRun(
        tx -> {
          Contribution locked = repo.byIdForUpdate(tx, id).orElseThrow(Refusal::notFound);
          ContributionRepository.PendingEdit e =
              repo.takePendingEdit(tx, id)
                  .orElseThrow(() -> Refusal.conflict("security.edit.alreadyDecided"));
          if (approve) {
            applyEdit(tx, locked, e.body(), e.bodyHtml(), e.editedBy(), now);
          }
          changes.contributionEditDecided(tx, by.id(), c.discussionId(), id, approve);
        });
  }

  /** The edit waiting for a moderator, for the contribution's moderators and its author. */
  public Optional<ContributionRepository.PendingEdit> pendingEdit(
      Optional<Viewer> viewer, Contribution c, boolean moderator) {
    boolean author = viewer.map(v -> Long.valueOf(v.id()).equals(c.authorId())).orElse(false);
    return moderator || author ? repo.pendingEdit(c.id()) : Optional.empty();
  }

  private void checkEditable(Viewer v, Contribution c, Instant now) {
    if (c.authorId() == null || c.authorId() != v.id()) {
      throw Refusal.forbidden("discussion.error.notYourContribution");
    }
    if (!c.approved() && !c.pending()) {
      throw Refusal.notFound();
    }
    if (!canStillEdit(c, now)) {
      throw Refusal.conflict("discussion.error.editWindowClosed", EDIT_WINDOW.toMinutes());
    }
  }

  /**
   * The contribution, when the viewer may still edit it; the same refusals as {@link
   * #editContribution}.
   */
  public Contribution requireEditable(Viewer v, long id) {
    Contribution c = repo.byId(id).orElseThrow(Refusal::notFound);
    checkEditable(v, c, clock.instant());
    return c;
  }

  static boolean canStillEdit(Contribution c, Instant now) {
    return now.isBefore(c.createdAt().plus(EDIT_WINDOW));
  }

  /** Everything the permalink page shows; 404 when the viewer may not see the contribution. */
  public record Permalink(
      Discussion discussion,
      Theme theme,
      ContributionView contribution,
      List<ContributionView> replies,
      List<ContributionRepository.Revision> revisions,
      boolean moderator) {}

  public Permalink permalink(Optional<Viewer> viewer, long id) {
    ContributionRepository.Row row = repo.row(id).orElseThrow(Refusal::notFound);
    Discussion d =
        discussions.byId(row.contribution().discussionId()).orElseThrow(Refusal::notFound);
    boolean moderator = access.canModerate(viewer, d.id());
    Long viewerId = viewer.map(Viewer::id).orElse(null);
    Visibility.Audience audience = audience(viewerId, moderator);
    if (!Visibility.contributionVisible(
        d.draft(), row.contribution().status(), row.contribution().authorId(), audience)) {
      throw Refusal.notFound();
    }
    Theme theme =
        discussions.theme(d.id(), row.contribution().week()).orElseThrow(Refusal::notFound);
    if (!theme.published() && !moderator) {
      throw Refusal.notFound();
    }
    List<ContributionRepository.Row> replies =
        repo.repliesTo(
            d.id(), row.contribution().week(), row.contribution().id(), viewerId, moderator);
    List<ContributionRepository.Row> all = new ArrayList<>(replies);
    all.add(row);
    List<ContributionView> views = toViews(all, audience);
    return new Permalink(
        d,
        theme,
        views.getLast(),
        views.subList(0, views.size() - 1),
        moderator ? repo.revisions(id) : List.of(),
        moderator);
  }

  static Visibility.Audience audience(Long viewerId, boolean moderator) {
    return new Visibility.Audience(viewerId == null ? 0 : viewerId, moderator);
  }

  /**
   * Rows the viewer may see, with their attachments (one query for all of them) as views: what a
   * reply answers is named only when the viewer may see that too, and the text trimmed from a mail
   * is kept only for its author and the moderators ({@link Visibility}).
   */
  public List<ContributionView> toViews(
      List<ContributionRepository.Row> rows, Visibility.Audience audience) {
    List<ContributionRepository.Row> visible =
        rows.stream()
            .filter(
                r ->
                    Visibility.contributionVisible(
                        false, r.contribution().status(), r.contribution().authorId(), audience))
            .toList();
    Map<Long, List<Attachment>> files =
        repo.attachments(visible.stream().map(r -> r.contribution().id()).toList());
    Instant now = clock.instant();
    return visible.stream()
        .map(
            r -> {
              boolean parentShown =
                  r.replyToId() != null
                      && Visibility.contributionVisible(
                          false, r.replyToStatus(), r.replyToAuthorId(), audience);
              Contribution c = r.contribution();
              if (c.trimmed() != null && !Visibility.trimmedTextVisible(c.authorId(), audience)) {
                c = c.withoutTrimmed();
              }
              return new ContributionView(
                  c,
                  r.author(),
                  parentShown ? r.replyToId() : null,
                  parentShown ? r.replyToAuthor() : null,
                  files.getOrDefault(c.id(), List.of()),
                  audience.memberId() != 0
                      && Long.valueOf(audience.memberId()).equals(c.authorId())
                      && canStillEdit(c, now));
            })
        .toList();
  }

  /**
   * The visible contributions of a discussion (one week, or all when week is null), with
   * attachments.
   */
  public List<ContributionView> list(
      Discussion d, Integer week, Optional<Viewer> viewer, boolean moderator) {
    Long viewerId = viewer.map(Viewer::id).orElse(null);
    if (!Visibility.discussionVisible(d.draft(), audience(viewerId, moderator))) {
      return List.of();
    }
    return toViews(repo.list(d.id(), week, viewerId, moderator), audience(viewerId, moderator));
  }

  /** Whether the member wrote anything in the discussion, in any state. */
  public boolean wroteIn(Discussion d, long memberId) {
    return repo.hasAnyBy(d.id(), memberId);
  }

  /** Newest approved contributions for the feed: what an anonymous reader may see. */
  public List<ContributionView> latestApproved(Discussion d, int limit) {
    if (!Visibility.publiclyAnnounced(d.draft())) {
      return List.of();
    }
    return toViews(repo.latestApproved(d.id(), limit), Visibility.Audience.ANONYMOUS);
  }

  public List<ContributionRepository.ProfileItem> approvedBy(long memberId) {
    return repo.approvedBy(memberId, 100);
  }

  /** One contribution as its author sees it right after posting. */
  public ContributionView view(Viewer viewer, long id) {
    ContributionRepository.Row row = repo.row(id).orElseThrow(Refusal::notFound);
    return toViews(List.of(row), audience(viewer.id(), false)).getFirst();
  }

  /** A file for download, after the same visibility checks as its contribution. */
  public record File(Attachment attachment, byte[] bytes) {}

  public File attachment(Optional<Viewer> viewer, long contributionId, long attachmentId) {
    permalink(viewer, contributionId);
    Attachment a = repo.attachment(contributionId, attachmentId).orElseThrow(Refusal::notFound);
    return new File(a, blobs.get(a.sha256()).orElseThrow(Refusal::notFound));
  }
}
