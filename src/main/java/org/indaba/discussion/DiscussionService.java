package org.indaba.discussion;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.indaba.account.ModeratorRights;
import org.indaba.blob.BlobStore;
import org.indaba.content.MarkdownRenderer;
import org.indaba.db.Changes;
import org.indaba.db.Database;
import org.indaba.i18n.LanguageDetector;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.visibility.Visibility;

/** Discussions and their weekly themes: creating, editing, scheduling, closing, archiving. */
public final class DiscussionService {
  public static final String THEME_JOB = "theme-publisher";
  static final int MAX_WEEKS = 52;

  private final Database db;
  private final DiscussionRepository repo;
  private final ModeratorRights access;
  private final BlobStore blobs;
  private final Changes changes;
  private final LanguageDetector detector;
  private final Clock clock;
  private final long maxUploadBytes;

  public DiscussionService(
      Database db,
      DiscussionRepository repo,
      ModeratorRights access,
      BlobStore blobs,
      Changes changes,
      LanguageDetector detector,
      Clock clock,
      long maxUploadBytes) {
    this.db = db;
    this.repo = repo;
    this.access = access;
    this.blobs = blobs;
    this.changes = changes;
    this.detector = detector;
    this.clock = clock;
    this.maxUploadBytes = maxUploadBytes;
    this.closings = new ClosingRepository(db.dsl());
  }

  private final ClosingRepository closings;

  /**
   * The create/edit form as typed; {@link #validate} turns it into stored fields or field errors.
   */
  public record Form(
      String slug,
      String title,
      String summary,
      String introduction,
      String welcomedLanguages,
      String moderatorEmails,
      String startsOn,
      String timeZone,
      String weeks,
      boolean preModerated,
      boolean draft) {}

  private record Valid(DiscussionRepository.Fields fields, List<Long> moderatorIds) {}

  private Valid validate(Form f, long exceptId) {
    Map<String, String> errors = new LinkedHashMap<>();
    String slug = trim(f.slug()).toLowerCase(Locale.ROOT);
    if (!slug.matches("[a-z0-9][a-z0-9-]{1,58}[a-z0-9]") || slug.equals("new")) {
      errors.put("slug", "discussion.error.slug");
    } else if (isReservedSlug(slug)) {
      errors.put("slug", "security.slug.reserved");
    } else if (repo.slugTaken(slug, exceptId)) {
      errors.put("slug", "discussion.error.slugTaken");
    }
    String title = trim(f.title());
    if (title.isEmpty() || title.length() > 300) {
      errors.put("title", "discussion.error.title");
    }
    String summary = trim(f.summary());
    if (summary.length() > 2000) {
      errors.put("summary", "discussion.error.summary");
    }
    String intro = f.introduction() == null ? "" : f.introduction().strip();
    if (intro.length() > 100_000) {
      errors.put("introduction", "discussion.error.bodyTooLong");
    }
    List<String> langs =
        Arrays.stream(trim(f.welcomedLanguages()).toLowerCase(Locale.ROOT).split("[,\\s]+"))
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    if (langs.isEmpty()
        || langs.stream().anyMatch(l -> !l.matches("[a-z]{2,3}"))
        || String.join(",", langs).length() > 100) {
      errors.put("welcomedLanguages", "discussion.error.languages");
    }
    Set<String> emails =
        new LinkedHashSet<>(
            Arrays.stream(trim(f.moderatorEmails()).toLowerCase(Locale.ROOT).split("[,;\\s]+"))
                .filter(s -> !s.isEmpty())
                .toList());
    Map<String, Long> found = emails.isEmpty() ? Map.of() : repo.memberIdsByEmail(emails);
    if (found.size() < emails.size()) {
      errors.put("moderators", "discussion.error.moderatorUnknown");
    }
    LocalDate start = null;
    try {
      start = LocalDate.parse(trim(f.startsOn()));
    } catch (DateTimeException e) {
      errors.put("startsOn", "discussion.error.startsOn");
    }
    ZoneId zone = null;
    try {
      zone = ZoneId.of(trim(f.timeZone()));
    } catch (DateTimeException e) {
      errors.put("timeZone", "discussion.error.timeZone");
    }
    int weeks = 0;
    try {
      weeks = Integer.parseInt(trim(f.weeks()));
    } catch (NumberFormatException e) {
      // reported below
    }
    if (weeks < 1 || weeks > MAX_WEEKS) {
      errors.put("weeks", "discussion.error.weeks");
    }
    if (!errors.isEmpty()) {
      throw new Refusal.Invalid(errors);
    }
    String language = detector.detect(title + "\n\n" + summary + "\n\n" + intro);
    return new Valid(
        new DiscussionRepository.Fields(
            slug,
            title,
            summary,
            intro,
            MarkdownRenderer.render(intro),
            language,
            langs,
            start,
            zone.getId(),
            weeks,
            f.preModerated(),
            f.draft()),
        emails.stream().map(found::get).toList());
  }

  /** Creates a discussion with one theme per week, each due at its default time. */
  public Discussion create(Optional<Viewer> viewer, Form form) {
    return create(viewer, form, List.of()).discussion();
  }

  /** A week of the launch form as typed: its theme, and its versions in other languages. */
  public record WeekForm(
      int week, String title, String question, String publishAt, List<WeekVersion> versions) {}

  /** A theme's version in one welcomed language, as typed. */
  public record WeekVersion(String language, String title, String question) {}

  /** A created discussion, and each week's theme id (for the versions to be saved against). */
  public record Created(Discussion discussion, Map<Integer, Long> themeIds) {}

  /**
   * The launch: creates the discussion and, in the same transaction, the theme of every week with
   * the title, question and publication time typed for it (blank fields keep the defaults). All of
   * it is checked first, so nothing is created when anything is wrong; errors are keyed {@code
   * week-N-title}, {@code week-N-question}, {@code week-N-publishAt}, {@code week-N-lang-title}.
   */
  public Created create(Optional<Viewer> viewer, Form form, List<WeekForm> weeks) {
    Viewer v = access.requireCreator(viewer);
    Map<String, String> errors = new LinkedHashMap<>();
    Valid valid = null;
    try {
      valid = validate(form, -1);
    } catch (Refusal.Invalid e) {
      errors.putAll(e.fieldErrors());
    }
    ZoneId zone = valid == null ? null : ZoneId.of(valid.fields().timeZone());
    Map<Integer, Instant> times = new LinkedHashMap<>();
    for (WeekForm w : weeks) {
      String p = "week-" + w.week() + "-";
      if (trim(w.title()).length() > 300) {
        errors.put(p + "title", "discussion.error.title");
      }
      if (w.question() != null && w.question().strip().length() > 20_000) {
        errors.put(p + "question", "discussion.error.bodyTooLong");
      }
      if (!trim(w.publishAt()).isEmpty()) {
        try {
          LocalDateTime local = LocalDateTime.parse(trim(w.publishAt()));
          if (zone != null) {
            times.put(w.week(), local.atZone(zone).toInstant());
          }
        } catch (DateTimeException e) {
          errors.put(p + "publishAt", "discussion.error.publishAt");
        }
      }
      for (WeekVersion ver : w.versions()) {
        if (trim(ver.title()).length() > 300) {
          errors.put(p + ver.language() + "-title", "discussion.error.title");
        }
        if (ver.question() != null && ver.question().strip().length() > 20_000) {
          errors.put(p + ver.language() + "-question", "discussion.error.bodyTooLong");
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new Refusal.Invalid(errors);
    }
    Instant now = clock.instant();
    DiscussionRepository.Fields f = valid.fields();
    Valid checked = valid;
    String original = f.welcomedLanguages().get(0);
    Map<Integer, Long> themeIds = new LinkedHashMap<>();
    long id =
        db.tx(
            tx -> {
              long did = repo.insert(tx, f, v.id(), now);
              repo.update(tx, did, f, now);
              repo.replaceModerators(
                  tx,
                  did,
                  checked.moderatorIds().isEmpty() ? List.of(v.id()) : checked.moderatorIds());
              for (int w = 1; w <= f.weeks(); w++) {
                Instant due = Discussion.defaultPublishAt(f.startsOn(), ZoneId.of(f.timeZone()), w);
                repo.insertTheme(tx, did, w, due, now);
                long themeId = repo.themeId(tx, did, w);
                themeIds.put(w, themeId);
                int week = w;
                WeekForm typed =
                    weeks.stream().filter(x -> x.week() == week).findFirst().orElse(null);
                if (typed != null
                    && (!trim(typed.title()).isEmpty()
                        || !trim(typed.question()).isEmpty()
                        || times.containsKey(w))) {
                  String question = typed.question() == null ? "" : typed.question().strip();
                  repo.updateTheme(
                      tx,
                      themeId,
                      trim(typed.title()),
                      question,
                      MarkdownRenderer.render(question),
                      original,
                      times.getOrDefault(w, due),
                      now);
                }
              }
              changes.discussionCreated(tx, did);
              return did;
            });
    return new Created(repo.byId(id).orElseThrow(), themeIds);
  }

  /**
   * Names a discussion may not take: mail local parts the server answers itself (and those mail
   * software treats as role addresses), and the first segments of the site's own paths.
   */
  public static final Set<String> RESERVED_SLUGS =
      Set.of(
          "postmaster",
          "reply",
          "bounce",
          "bounces",
          "noreply",
          "no-reply",
          "donotreply",
          "do-not-reply",
          "mailer-daemon",
          "abuse",
          "hostmaster",
          "webmaster",
          "root",
          "admin",
          "administrator",
          "api",
          "static",
          "help",
          "subscribe",
          "unsubscribe",
          "digest",
          "confirm",
          "owner",
          "request",
          "moderation",
          "search",
          "login",
          "logout",
          "register",
          "reset",
          "verify",
          "profile",
          "metrics",
          "healthz",
          "members",
          "translations",
          "content",
          "account");

  /** Whether a slug is reserved, also in a mail form such as {@code reply-…} or {@code owner-…}. */
  public static boolean isReservedSlug(String slug) {
    String s = slug.toLowerCase(Locale.ROOT);
    if (RESERVED_SLUGS.contains(s)) {
      return true;
    }
    // list software's role forms: owner-x, x-owner, x-request, x-bounces
    return s.startsWith("owner-")
        || s.endsWith("-owner")
        || s.endsWith("-request")
        || s.endsWith("-bounces");
  }

  public Discussion update(Optional<Viewer> viewer, String slug, Form form) {
    Discussion d = repo.bySlug(slug).orElseThrow(Refusal::notFound);
    Viewer v = access.requireModerator(viewer, d.id());
    Valid valid = validate(form, d.id());
    DiscussionRepository.Fields f = valid.fields();
    boolean publishedBeyond =
        repo.themes(d.id()).stream().anyMatch(t -> t.week() > f.weeks() && t.published());
    if (publishedBeyond) {
      throw Refusal.Invalid.of("weeks", "discussion.error.weeksPublished");
    }
    Instant now = clock.instant();
    db.txRun(
        tx -> {
          repo.update(tx, d.id(), f, now);
          if (!valid.moderatorIds().isEmpty()) {
            repo.replaceModerators(tx, d.id(), valid.moderatorIds());
          }
          repo.rescheduleDefaults(
              tx,
              d.id(),
              d.startsOn(),
              d.zone(),
              f.startsOn(),
              ZoneId.of(f.timeZone()),
              Math.max(d.weeks(), f.weeks()));
          repo.deleteUnpublishedThemesAfter(tx, d.id(), f.weeks());
          for (int w = 1; w <= f.weeks(); w++) {
            repo.insertTheme(
                tx,
                d.id(),
                w,
                Discussion.defaultPublishAt(f.startsOn(), ZoneId.of(f.timeZone()), w),
                now);
          }
          changes.discussionEdited(tx, v.id(), d.id());
        });
    return repo.byId(d.id()).orElseThrow();
  }

  public Form formOf(Discussion d) {
    return new Form(
        d.slug(),
        d.title(),
        d.summary(),
        d.introduction(),
        String.join(", ", d.welcomedLanguages()),
        String.join(
            ", ",
            repo.moderators(d.id()).stream()
                .map(DiscussionRepository.ModeratorRow::email)
                .toList()),
        d.startsOn().toString(),
        d.timeZone(),
        String.valueOf(d.weeks()),
        d.preModerated(),
        d.draft());
  }

  /** Ends the discussion before its last week; no new contributions are accepted after this. */
  /**
   * What happens to mail from people who are not members: held for moderation, or refused with a
   * notice.
   */
  public static final List<String> NON_MEMBER_MAIL = List.of("hold", "refuse");

  public String nonMemberMail(long discussionId) {
    return repo.nonMemberMail(discussionId);
  }

  public void setNonMemberMail(Optional<Viewer> viewer, String slug, String mode) {
    Discussion d = repo.bySlug(slug).orElseThrow(Refusal::notFound);
    Viewer v = access.requireModerator(viewer, d.id());
    if (!NON_MEMBER_MAIL.contains(mode)) {
      throw Refusal.badRequest("error.badRequest");
    }
    Instant now = clock.instant();
    db.txRun(
        tx -> {
          repo.setNonMemberMail(tx, d.id(), mode, now);
          changes.discussionNonMemberMailSet(tx, v.id(), d.id(), mode);
        });
  }

  /** Longest closing message in one language. */
  public static final int MAX_CLOSING_TEXT = 10_000;

  /**
   * Ends the discussion before its last week; no new contributions are accepted after this. With
   * {@code mailParticipants}, its followers and contributors get the closing message (the text
   * given for their language, else the default), once, by the mail job.
   */
  public void closeEarly(
      Optional<Viewer> viewer, String slug, boolean mailParticipants, Map<String, String> texts) {
    Discussion d = repo.bySlug(slug).orElseThrow(Refusal::notFound);
    Viewer v = access.requireModerator(viewer, d.id());
    Map<String, String> kept = new LinkedHashMap<>();
    texts.forEach(
        (lang, text) -> {
          String t = text == null ? "" : text.strip();
          if (t.length() > MAX_CLOSING_TEXT) {
            throw Refusal.Invalid.of("message-" + lang, "launch.closing.error.tooLong");
          }
          if (lang.matches("[a-z]{2,3}") && !t.isEmpty()) {
            kept.put(lang, t);
          }
        });
    Instant now = clock.instant();
    db.txRun(
        tx -> {
          long closing = closings.close(tx, d.id(), v.id(), now, mailParticipants, kept);
          if (closing < 0) {
            throw Refusal.conflict("launch.closing.error.alreadyClosed");
          }
          changes.discussionClosed(tx, v.id(), d.id());
          if (mailParticipants) {
            changes.closingMailRequested(tx, d.id(), closing);
          }
        });
  }

  /**
   * Undoes an early closing: contributions are accepted again (until the last week ends). A closing
   * mail not yet sent is not sent.
   */
  public void reopen(Optional<Viewer> viewer, String slug) {
    Discussion d = repo.bySlug(slug).orElseThrow(Refusal::notFound);
    Viewer v = access.requireModerator(viewer, d.id());
    Instant now = clock.instant();
    if (d.archivedAt() != null) {
      throw Refusal.conflict("launch.reopen.error.archived");
    }
    db.txRun(
        tx -> {
          if (!closings.reopen(tx, d.id(), now)) {
            throw Refusal.conflict("launch.reopen.error.notClosed");
          }
          changes.discussionReopened(tx, v.id(), d.id());
        });
  }

  /**
   * What the closing confirmation needs: the discussion, and whether a closing mail went before.
   */
  public record ClosingForm(Discussion discussion, boolean mailedBefore) {}

  public ClosingForm closingForm(Optional<Viewer> viewer, String slug) {
    Discussion d = repo.bySlug(slug).orElseThrow(Refusal::notFound);
    access.requireModerator(viewer, d.id());
    return new ClosingForm(d, closings.participantsMailed(d.id()));
  }

  public void archive(Optional<Viewer> viewer, String slug) {
    Discussion d = repo.bySlug(slug).orElseThrow(Refusal::notFound);
    Viewer v = access.requireModerator(viewer, d.id());
    Instant now = clock.instant();
    db.txRun(
        tx -> {
          repo.setArchivedAt(tx, d.id(), now);
          changes.discussionArchived(tx, v.id(), d.id());
        });
  }

  // themes

  /** A theme edit as typed: the publication time is local to the discussion's time zone. */
  public record ThemeForm(String title, String question, String publishAt) {}

  public Theme editTheme(Optional<Viewer> viewer, String slug, int week, ThemeForm form) {
    Discussion d = repo.bySlug(slug).orElseThrow(Refusal::notFound);
    Viewer v = access.requireModerator(viewer, d.id());
    Theme t = repo.theme(d.id(), week).orElseThrow(Refusal::notFound);
    Map<String, String> errors = new LinkedHashMap<>();
    String title = trim(form.title());
    if (title.isEmpty() || title.length() > 300) {
      errors.put("title", "discussion.error.title");
    }
    String question = form.question() == null ? "" : form.question().strip();
    if (question.length() > 20_000) {
      errors.put("question", "discussion.error.bodyTooLong");
    }
    Instant publishAt = t.publishAt();
    if (!trim(form.publishAt()).isEmpty()) {
      try {
        publishAt = LocalDateTime.parse(trim(form.publishAt())).atZone(d.zone()).toInstant();
      } catch (DateTimeException e) {
        errors.put("publishAt", "discussion.error.publishAt");
      }
    }
    if (!errors.isEmpty()) {
      throw new Refusal.Invalid(errors);
    }
    Instant when = publishAt;
    Instant now = clock.instant();
    String language = detector.detect(title + "\n\n" + question);
    db.txRun(
        tx -> {
          repo.updateTheme(
              tx, t.id(), title, question, MarkdownRenderer.render(question), language, when, now);
          changes.themeEdited(tx, v.id(), d.id(), t.id(), t.published());
        });
    return repo.theme(d.id(), week).orElseThrow();
  }

  /** Publishes a theme before its time; publishing twice is harmless (the first one counts). */
  public void publishThemeNow(Optional<Viewer> viewer, String slug, int week) {
    Discussion d = repo.bySlug(slug).orElseThrow(Refusal::notFound);
    Viewer v = access.requireModerator(viewer, d.id());
    Theme t = repo.theme(d.id(), week).orElseThrow(Refusal::notFound);
    Instant now = clock.instant();
    db.txRun(
        tx ->
            repo.publishIfUnpublished(tx, t.id(), now)
                .ifPresent(
                    p -> {
                      announce(tx, p);
                      changes.themePublishedEarly(tx, v.id(), d.id(), t.id());
                    }));
  }

  private void announce(org.jooq.DSLContext tx, DiscussionRepository.Published p) {
    changes.themePublished(tx, p.discussionId(), p.themeId());
  }

  /**
   * Publishes a theme with its original publication time: for imported archives and demo content,
   * whose weeks were published in the past. Announces nothing by mail for a week long gone.
   */
  public void publishAsOf(long discussionId, int week, Instant at) {
    Theme t = repo.theme(discussionId, week).orElseThrow(Refusal::notFound);
    db.txRun(
        tx ->
            repo.publishIfUnpublished(tx, t.id(), at)
                .ifPresent(p -> changes.pastThemePublished(tx, p.themeId())));
  }

  /** The scheduler job: publishes due themes in batches; true while there may be more. */
  public boolean publishDueThemes() {
    int batch = 50;
    Instant now = clock.instant();
    List<DiscussionRepository.Published> done =
        db.tx(
            tx -> {
              List<DiscussionRepository.Published> published = repo.publishDue(tx, now, batch);
              published.forEach(p -> announce(tx, p));
              return published;
            });
    return done.size() == batch;
  }

  // reading

  /** The discussion if the viewer may see it: drafts only for their moderators. */
  public Discussion visible(Optional<Viewer> viewer, String slug) {
    Discussion d = repo.bySlug(slug).orElseThrow(Refusal::notFound);
    if (!Visibility.discussionVisible(
        d.draft(),
        Visibility.Audience.of(viewer.map(Viewer::id), access.canModerate(viewer, d.id())))) {
      throw Refusal.notFound();
    }
    return d;
  }

  /**
   * {@link #visible} with the discussion's page version, raised by every committed change that can
   * alter its pages; both read at once.
   */
  public DiscussionRepository.Versioned visibleWithPageVersion(
      Optional<Viewer> viewer, String slug) {
    DiscussionRepository.Versioned v =
        repo.bySlugWithPageVersion(slug).orElseThrow(Refusal::notFound);
    if (v.discussion().draft() && !access.canModerate(viewer, v.discussion().id())) {
      throw Refusal.notFound();
    }
    return v;
  }

  public boolean canModerate(Optional<Viewer> viewer, Discussion d) {
    return access.canModerate(viewer, d.id());
  }

  public record Listed(Discussion discussion, DiscussionStatus status) {
    public String statusCode() {
      return status.code();
    }
  }

  /** Every discussion the viewer may see, newest start first. */
  public List<Listed> list(Optional<Viewer> viewer) {
    Instant now = clock.instant();
    Set<Long> moderated = viewer.map(v -> Set.copyOf(access.moderatedBy(v.id()))).orElse(Set.of());
    boolean admin = viewer.map(Viewer::isAdmin).orElse(false);
    List<Listed> out = new ArrayList<>();
    for (Discussion d : repo.all()) {
      if (Visibility.discussionVisible(
          d.draft(),
          Visibility.Audience.of(viewer.map(Viewer::id), admin || moderated.contains(d.id())))) {
        out.add(new Listed(d, d.status(now)));
      }
    }
    return out;
  }

  /** Themes the viewer may see: published ones, and all of them for the discussion's moderators. */
  public List<Theme> themes(Discussion d, boolean moderator) {
    return repo.themes(d.id()).stream().filter(t -> moderator || t.published()).toList();
  }

  public List<DiscussionRepository.ReplyLink> publishedReplies(Discussion d) {
    return repo.publishedReplies(d.id());
  }

  public List<DiscussionRepository.ModeratorRow> moderators(Discussion d) {
    return repo.moderators(d.id());
  }

  public Instant now() {
    return clock.instant();
  }

  private static String trim(String s) {
    return s == null ? "" : s.trim();
  }
}
