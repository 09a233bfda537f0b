package org.indaba.consolidated;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.indaba.account.ModeratorRights;
import org.indaba.consolidated.WeekSummaryRepository.Summary;
import org.indaba.content.MarkdownRenderer;
import org.indaba.db.Changes;
import org.indaba.db.Database;
import org.indaba.i18n.MachineTranslator;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.moderation.ModerationRecords.DiscussionRef;
import org.indaba.moderation.ModerationRepository;

/**
 * A moderator's short synthesis of one week, one text per language: written as a draft, published
 * once (mailed to the discussion's subscribers and indexed for search), corrected in place, shown
 * at the top of its week and offered as the starting block of the consolidated reply.
 */
public final class WeekSummaryService {
  public static final int MAX_BODY = 20_000;
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

  private final Database db;
  private final WeekSummaryRepository repo;
  private final ModerationRepository discussions;
  private final ModeratorRights access;
  private final Changes changes;
  private final MachineTranslator machine;
  private final Clock clock;

  public WeekSummaryService(
      Database db,
      WeekSummaryRepository repo,
      ModerationRepository discussions,
      ModeratorRights access,
      Changes changes,
      MachineTranslator machine,
      Clock clock) {
    this.machine = machine;
    this.db = db;
    this.repo = repo;
    this.discussions = discussions;
    this.access = access;
    this.changes = changes;
    this.clock = clock;
  }

  /** A language's version of the week's summary, for the editor's list of versions. */
  public record Version(String language, boolean written, boolean published) {}

  /** What the editor shows: the week, the text in this language if any, the other versions. */
  public record EditForm(
      DiscussionRef discussion,
      int week,
      String themeTitle,
      String language,
      Summary existing,
      List<Version> versions,
      List<String> machineSources) {}

  private DiscussionRef moderated(Optional<Viewer> viewer, String slug) {
    if (viewer.isEmpty()) {
      throw new Refusal.Unauthenticated();
    }
    DiscussionRef d = discussions.discussionBySlug(slug).orElseThrow(Refusal::notFound);
    access.requireModerator(viewer, d.id());
    return d;
  }

  private static String checkedLanguage(String language) {
    if (language == null || !LANGUAGE.matcher(language).matches()) {
      throw Refusal.notFound();
    }
    return language;
  }

  private String themeTitle(long discussionId, int week) {
    String title = repo.themeTitles(discussionId).get(week);
    if (title == null) {
      throw Refusal.notFound();
    }
    return title;
  }

  public EditForm editForm(Optional<Viewer> viewer, String slug, int week, String language) {
    String lang = checkedLanguage(language);
    DiscussionRef d = moderated(viewer, slug);
    String title = themeTitle(d.id(), week);
    List<Summary> all = repo.ofDiscussion(d.id()).stream().filter(s -> s.week() == week).toList();
    List<String> langs = new ArrayList<>(repo.welcomedLanguages(d.id()));
    all.stream().map(Summary::language).filter(l -> !langs.contains(l)).forEach(langs::add);
    if (!langs.contains(lang)) {
      langs.add(lang);
    }
    List<Version> versions =
        langs.stream()
            .map(
                l -> {
                  Optional<Summary> s =
                      all.stream().filter(x -> x.language().equals(l)).findFirst();
                  return new Version(l, s.isPresent(), s.map(Summary::published).orElse(false));
                })
            .toList();
    Summary existing = all.stream().filter(s -> s.language().equals(lang)).findFirst().orElse(null);
    // a machine draft may be asked from any other written version, while this one is unpublished
    List<String> sources =
        !machine.enabled() || (existing != null && existing.published())
            ? List.of()
            : all.stream().map(Summary::language).filter(l -> !l.equals(lang)).toList();
    return new EditForm(d, week, title, lang, existing, versions, sources);
  }

  /** Saves the text (a published summary is corrected in place and indexed again). */
  public void save(Optional<Viewer> viewer, String slug, int week, String language, String body) {
    String lang = checkedLanguage(language);
    DiscussionRef d = moderated(viewer, slug);
    themeTitle(d.id(), week);
    long by = viewer.orElseThrow().id();
    String b = body == null ? "" : body.strip();
    if (b.isEmpty()) {
      throw Refusal.Invalid.of("body", "launch.summary.error.bodyRequired");
    }
    if (b.length() > MAX_BODY) {
      throw Refusal.Invalid.of("body", "launch.summary.error.bodyTooLong");
    }
    String html = MarkdownRenderer.render(b);
    OffsetDateTime now = OffsetDateTime.now(clock);
    db.txRun(
        tx -> {
          long id = repo.saveText(tx, d.id(), week, lang, b, html, by, now);
          changes.weekSummarySaved(tx, by, d.id(), id, lang);
        });
  }

  /**
   * Drafts the week's summary in {@code language} with the machine-translation service from the
   * version written in {@code from}, stored unpublished and marked as machine-drafted for a
   * moderator to correct and publish. 404 when no service is configured or there is no such
   * version, 409 when {@code language}'s version is already published (a published text is never
   * replaced by a machine), 503 when the service gave nothing back. The service is called outside
   * any transaction.
   */
  public void machineDraft(
      Optional<Viewer> viewer, String slug, int week, String language, String from) {
    String lang = checkedLanguage(language);
    DiscussionRef d = moderated(viewer, slug);
    String source = checkedLanguage(from);
    if (!machine.enabled() || lang.equals(source)) {
      throw Refusal.notFound();
    }
    Summary original = repo.one(d.id(), week, source).orElseThrow(Refusal::notFound);
    if (repo.one(d.id(), week, lang).map(Summary::published).orElse(false)) {
      throw Refusal.conflict("launch.summary.error.alreadyPublished");
    }
    String body =
        machine
            .translate(original.body(), source, lang)
            .map(String::strip)
            .filter(t -> !t.isEmpty())
            .orElseThrow(() -> Refusal.unavailable("translation.error.machineUnavailable"));
    String b = body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body;
    String html = MarkdownRenderer.render(b);
    long by = viewer.orElseThrow().id();
    OffsetDateTime now = OffsetDateTime.now(clock);
    db.txRun(
        tx -> {
          long id =
              repo.saveMachineDraft(tx, d.id(), week, lang, b, html, by, now)
                  .orElseThrow(() -> Refusal.conflict("launch.summary.error.alreadyPublished"));
          changes.weekSummarySaved(tx, by, d.id(), id, lang);
        });
  }

  /** Publishes the draft: shown on the week, mailed to subscribers once, found by search. */
  public void publish(Optional<Viewer> viewer, String slug, int week, String language) {
    String lang = checkedLanguage(language);
    DiscussionRef d = moderated(viewer, slug);
    long by = viewer.orElseThrow().id();
    Summary s = repo.one(d.id(), week, lang).orElseThrow(Refusal::notFound);
    OffsetDateTime now = OffsetDateTime.now(clock);
    db.txRun(
        tx -> {
          if (!repo.publish(tx, s.id(), now)) {
            throw Refusal.conflict("launch.summary.error.alreadyPublished");
          }
          changes.weekSummaryPublished(tx, by, d.id(), s.id(), lang);
        });
  }

  /** Takes a published summary off the week (and out of search); publishing again mails no one. */
  public void withdraw(Optional<Viewer> viewer, String slug, int week, String language) {
    String lang = checkedLanguage(language);
    DiscussionRef d = moderated(viewer, slug);
    long by = viewer.orElseThrow().id();
    Summary s = repo.one(d.id(), week, lang).orElseThrow(Refusal::notFound);
    OffsetDateTime now = OffsetDateTime.now(clock);
    db.txRun(
        tx -> {
          if (repo.withdraw(tx, s.id(), now)) {
            changes.weekSummaryWithdrawn(tx, by, d.id(), s.id(), lang);
          }
        });
  }

  /** The published summary of each week for a reader of {@code lang}. */
  public Map<Integer, Summary> publishedFor(long discussionId, String lang) {
    return repo.publishedFor(discussionId, lang);
  }

  /**
   * The published summaries of every week as Markdown under a heading per week, in {@code lang}
   * where a version exists: the starting block of the consolidated reply.
   */
  public String startingBlock(
      long discussionId,
      String lang,
      java.util.function.BiFunction<Integer, String, String> heading) {
    Map<Integer, Summary> shown = repo.publishedFor(discussionId, lang);
    Map<Integer, String> titles = repo.themeTitles(discussionId);
    StringBuilder out = new StringBuilder();
    for (var e : shown.entrySet()) {
      out.append("## ")
          .append(heading.apply(e.getKey(), titles.getOrDefault(e.getKey(), "")))
          .append("\n\n")
          .append(e.getValue().body())
          .append("\n\n");
    }
    return out.toString().strip();
  }
}
