package org.indaba.discussion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.i18n.ContentLanguages;
import org.indaba.model.ContentKind;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.translation.Rendition;
import org.indaba.translation.Translation;
import org.indaba.translation.TranslationService;

/**
 * Assembles what the discussion pages, the API and the feed show, in a fixed number of queries
 * whatever the number of contributions: themes, then contributions with authors and parents, then
 * attachments.
 */
public final class DiscussionReader {
  private final DiscussionService discussions;
  private final ContributionService contributions;
  private final TranslationService translations;
  private final BackgroundDocuments documents;

  public DiscussionReader(
      DiscussionService discussions,
      ContributionService contributions,
      TranslationService translations,
      BackgroundDocuments documents) {
    this.discussions = discussions;
    this.contributions = contributions;
    this.translations = translations;
    this.documents = documents;
  }

  /** The background documents of a discussion, as the library describes them. */
  public List<BackgroundDocuments.Document> documents(long discussionId) {
    return documents.of(discussionId);
  }

  /**
   * How a reader reads: their interface language (translations into it are shown), whether they
   * asked for the originals ({@code ?original=1}), and a content language to filter a week by
   * ({@code ?week=N&written=fr}; null for all, ignored when not a known label), and which page of
   * the week in which order ({@code &page=3&order=newest}).
   */
  public record Reading(
      String language, boolean original, String filter, int page, WeekPaging.Order order) {
    public Reading(String language, boolean original, String filter) {
      this(language, original, filter, 1, WeekPaging.Order.OLDEST);
    }

    public static Reading originals() {
      return new Reading(null, true, null);
    }

    String knownFilter() {
      return ContentLanguages.isLabel(filter) ? filter : null;
    }
  }

  /**
   * One week on the discussion page; {@code shown} is the theme as this reader gets it, {@code
   * threads} the page of its contributions shown here.
   */
  public record WeekSection(
      Theme theme,
      List<WeekPaging.Thread> threads,
      Paging paging,
      boolean current,
      boolean showForm,
      Rendition shown) {
    public int number() {
      return theme.week();
    }
  }

  /** A link to one page of a week; {@code gap} marks the "…" between distant page numbers. */
  public record PageLink(int number, String href, boolean current, boolean gap) {}

  /**
   * Where a week's page stands: {@code number} of {@code count}, {@code total} contributions, links
   * to the pages around and to both orders; {@code more} on the overview when the week has more
   * than is shown there.
   */
  public record Paging(
      int number,
      int count,
      int total,
      String order,
      String previousHref,
      String nextHref,
      List<PageLink> links,
      String oldestHref,
      String newestHref,
      String moreHref) {
    public boolean several() {
      return count > 1;
    }

    public boolean newest() {
      return "newest".equals(order);
    }
  }

  /** A link of the language filter of a week: all languages (code null) or one of them. */
  public record FilterLink(String code, long count, boolean selected, String href) {
    public String nameKey() {
      return ContentLanguages.nameKey(code);
    }
  }

  public record Tab(int week, boolean published, boolean selected, String href) {}

  public record Page(
      Discussion discussion,
      DiscussionStatus status,
      boolean moderator,
      boolean canPost,
      List<BackgroundDocuments.Document> documents,
      List<DiscussionRepository.ReplyLink> replies,
      List<DiscussionRepository.ModeratorRow> moderators,
      List<Tab> tabs,
      List<WeekSection> sections,
      Integer selectedWeek,
      Integer currentWeek,
      Rendition intro,
      List<FilterLink> languageFilter,
      String filter,
      boolean original,
      String summary,
      String summaryLang) {

    public String statusCode() {
      return status.code();
    }

    public boolean closed() {
      return status == DiscussionStatus.CLOSED || status == DiscussionStatus.ARCHIVED;
    }
  }

  /**
   * The discussion page: every visible week, the current one first, or only {@code week} when
   * given. Members may post while the discussion is open, in any published week.
   */
  public Page page(Optional<Viewer> viewer, String slug, Integer week) {
    return page(viewer, slug, week, Reading.originals());
  }

  public Page page(Optional<Viewer> viewer, String slug, Integer week, Reading reading) {
    return page(viewer, slug, week, reading, false);
  }

  /**
   * The page as every reader of the viewer's kind gets it, for a {@link #sharedKey}: nothing of the
   * viewer's own (no pending post, no edit link, no moderator view) even if they wrote or were made
   * a moderator since the key was taken; only whether they may post comes from them.
   */
  public Page sharedPage(Optional<Viewer> viewer, String slug, Integer week, Reading reading) {
    return page(viewer, slug, week, reading, true);
  }

  private Page page(
      Optional<Viewer> viewer, String slug, Integer week, Reading reading, boolean shared) {
    Discussion d = discussions.visible(viewer, slug);
    boolean moderator = !shared && discussions.canModerate(viewer, d);
    DiscussionStatus status = d.status(discussions.now());
    List<Theme> themes = discussions.themes(d, moderator);
    if (week != null && themes.stream().noneMatch(t -> t.week() == week)) {
      throw Refusal.notFound();
    }
    Integer current =
        themes.stream()
            .filter(Theme::published)
            .map(Theme::week)
            .max(Integer::compare)
            .orElse(null);
    boolean canPost = status == DiscussionStatus.OPEN && viewer.map(Viewer::verified).orElse(false);
    List<ContributionView> all =
        contributions.list(d, week, shared ? Optional.empty() : viewer, moderator);
    String filter = week == null ? null : reading.knownFilter();
    List<FilterLink> filterLinks =
        week == null ? List.of() : filterLinks(d, week, all, filter, reading.order());
    if (filter != null) {
      all = all.stream().filter(c -> filter.equals(c.c().language())).toList();
    }
    Map<Integer, List<ContributionView>> byWeek = new LinkedHashMap<>();
    all.forEach(c -> byWeek.computeIfAbsent(c.c().week(), k -> new ArrayList<>()).add(c));
    List<Theme> shown =
        themes.stream()
            .filter(t -> week == null || t.week() == week)
            .sorted(
                Comparator.comparing((Theme t) -> current == null || t.week() != current)
                    .thenComparing(Comparator.comparingInt(Theme::week).reversed()))
            .toList();
    // each week's page of threads; only what is shown is translated
    Map<Integer, WeekPaging.Cut> cuts = new LinkedHashMap<>();
    List<ContributionView> onPages = new ArrayList<>();
    for (Theme t : shown) {
      WeekPaging.Cut cut =
          WeekPaging.cut(
              WeekPaging.threads(byWeek.getOrDefault(t.week(), List.of())),
              week == null ? WeekPaging.Order.OLDEST : reading.order(),
              week == null ? 1 : reading.page(),
              WeekPaging.PAGE_SIZE);
      cuts.put(t.week(), cut);
      onPages.addAll(cut.contributions());
    }
    Map<Long, ContributionView> localized = new java.util.HashMap<>();
    localize(onPages, reading).forEach(v -> localized.put(v.id(), v));
    Map<Long, Translation> themeTranslations =
        reading.language() == null
            ? Map.of()
            : translations.into(
                ContentKind.THEME.code(),
                shown.stream().map(Theme::id).toList(),
                reading.language());
    List<WeekSection> sections = new ArrayList<>();
    for (Theme t : shown) {
      boolean first = sections.isEmpty();
      String weekHref = d.url() + "?week=" + t.week();
      Rendition r =
          Rendition.of(
              ContentKind.THEME.code(),
              t.id(),
              t.language(),
              t.title(),
              t.questionHtml(),
              themeTranslations.get(t.id()),
              reading.original(),
              weekHref + "&original=1",
              weekHref,
              reading.language());
      WeekPaging.Cut cut = cuts.get(t.week());
      List<WeekPaging.Thread> threads =
          cut.threads().stream()
              .map(
                  th ->
                      new WeekPaging.Thread(
                          localized.get(th.root().id()),
                          th.replies().stream()
                              .map(x -> new WeekPaging.Reply(localized.get(x.v().id()), x.direct()))
                              .toList()))
              .toList();
      sections.add(
          new WeekSection(
              t,
              threads,
              paging(d, t.week(), week != null, filter, reading, cut),
              // a closed discussion has no current week
              status == DiscussionStatus.OPEN && current != null && t.week() == current,
              first && canPost && t.published(),
              r));
    }
    List<Tab> tabs =
        themes.stream()
            .map(
                t ->
                    new Tab(
                        t.week(),
                        t.published(),
                        week != null && t.week() == week,
                        d.url() + "?week=" + t.week()))
            .toList();
    String here = week == null ? d.url() : d.url() + "?week=" + week;
    Translation introTranslation =
        reading.language() == null
            ? null
            : translations
                .into(ContentKind.DISCUSSION.code(), List.of(d.id()), reading.language())
                .get(d.id());
    Rendition intro =
        Rendition.of(
            ContentKind.DISCUSSION.code(),
            d.id(),
            d.language(),
            d.title(),
            d.introductionHtml(),
            introTranslation,
            reading.original(),
            here + (week == null ? "?" : "&") + "original=1",
            here,
            reading.language());
    return new Page(
        d,
        status,
        moderator,
        canPost,
        documents.of(d.id()),
        // linked from the page as soon as one is published, open or closed
        discussions.publishedReplies(d),
        discussions.moderators(d),
        tabs,
        sections,
        week,
        current,
        intro,
        filterLinks,
        filter,
        reading.original(),
        // the summary in the reader's language when its translation has one
        translatedSummary(introTranslation, reading) != null
            ? translatedSummary(introTranslation, reading)
            : d.summary(),
        translatedSummary(introTranslation, reading) != null
            ? introTranslation.language()
            : d.language());
  }

  private static String translatedSummary(Translation t, Reading reading) {
    return t == null || reading.original() || t.summary() == null || t.summary().isBlank()
        ? null
        : t.summary();
  }

  /**
   * The key under which this reader's view of the page may be shared with other readers, or empty
   * when it shows something only they may see. Moderators see held posts and tools; an author sees
   * their own pending posts, edit links and trimmed text: neither is ever shared. Every other
   * reader gets the same page as anyone of their kind (anonymous, or a member who may post), which
   * depends only on the discussion's state (its page version, raised in the transaction of every
   * change, and its status, which moves with time) and on how they read it.
   */
  public Optional<String> sharedKey(
      Optional<Viewer> viewer, String slug, Integer week, Reading reading) {
    // the discussion and its version in one snapshot; whatever a rendering reads later is at
    // least as new as that version
    DiscussionRepository.Versioned found = discussions.visibleWithPageVersion(viewer, slug);
    Discussion d = found.discussion();
    long version = found.pageVersion();
    if (discussions.canModerate(viewer, d)) {
      return Optional.empty();
    }
    if (viewer.isPresent() && contributions.wroteIn(d, viewer.get().id())) {
      return Optional.empty();
    }
    String kind = viewer.map(v -> v.verified() ? "member" : "unverified").orElse("anonymous");
    return Optional.of(
        String.join(
            "|",
            "discussion",
            String.valueOf(d.id()),
            String.valueOf(version),
            d.status(discussions.now()).code(),
            kind,
            String.valueOf(week),
            String.valueOf(reading.language()),
            String.valueOf(reading.original()),
            String.valueOf(reading.knownFilter()),
            String.valueOf(reading.page()),
            reading.order().code));
  }

  /** "All languages" and one link per language present in the week, most used first. */
  private static List<FilterLink> filterLinks(
      Discussion d, int week, List<ContributionView> all, String filter, WeekPaging.Order order) {
    Map<String, Long> counts = new LinkedHashMap<>();
    all.forEach(c -> counts.merge(c.c().language(), 1L, Long::sum));
    if (counts.size() < 2 && filter == null) {
      return List.of();
    }
    String base =
        d.url() + "?week=" + week + (order == WeekPaging.Order.NEWEST ? "&order=newest" : "");
    List<FilterLink> links = new ArrayList<>();
    links.add(new FilterLink(null, all.size(), filter == null, base));
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(
            e ->
                links.add(
                    new FilterLink(
                        e.getKey(),
                        e.getValue(),
                        e.getKey().equals(filter),
                        base + "&" + WRITTEN + "=" + e.getKey())));
    return links;
  }

  /** The query parameter of the week's contribution-language filter. */
  public static final String WRITTEN = "written";

  /** Where a week's page stands, with the links of its pager. */
  private static Paging paging(
      Discussion d,
      int week,
      boolean weekPage,
      String filter,
      Reading reading,
      WeekPaging.Cut cut) {
    String base =
        d.url()
            + "?week="
            + week
            + (filter == null ? "" : "&" + WRITTEN + "=" + filter)
            + (reading.original() ? "&original=1" : "");
    if (!weekPage) {
      return new Paging(
          1,
          cut.count(),
          cut.total(),
          "oldest",
          null,
          null,
          List.of(),
          base,
          base + "&order=newest",
          cut.count() > 1 ? base : null);
    }
    WeekPaging.Order order = reading.order();
    String ordered = base + (order == WeekPaging.Order.NEWEST ? "&order=newest" : "");
    java.util.function.IntFunction<String> href = n -> n == 1 ? ordered : ordered + "&page=" + n;
    List<PageLink> links = new ArrayList<>();
    int last = 0;
    for (int n = 1; n <= cut.count(); n++) {
      boolean near = Math.abs(n - cut.number()) <= 2;
      if (n == 1 || n == cut.count() || near) {
        if (last != 0 && n > last + 1) {
          links.add(new PageLink(0, null, false, true));
        }
        links.add(new PageLink(n, href.apply(n), n == cut.number(), false));
        last = n;
      }
    }
    return new Paging(
        cut.number(),
        cut.count(),
        cut.total(),
        order.code,
        cut.number() > 1 ? href.apply(cut.number() - 1) : null,
        cut.number() < cut.count() ? href.apply(cut.number() + 1) : null,
        links,
        base,
        base + "&order=newest",
        null);
  }

  /**
   * Each contribution with what this reader sees of it: its translation into their language, or
   * itself.
   */
  public List<ContributionView> localize(List<ContributionView> views, Reading reading) {
    if (reading.language() == null || views.isEmpty()) {
      return views;
    }
    Map<Long, Translation> found =
        translations.into(
            ContentKind.CONTRIBUTION.code(),
            views.stream().map(ContributionView::id).toList(),
            reading.language());
    return views.stream()
        .map(
            v ->
                v.withShown(
                    Rendition.of(
                        ContentKind.CONTRIBUTION.code(),
                        v.id(),
                        v.c().language(),
                        null,
                        v.c().bodyHtml(),
                        found.get(v.id()),
                        reading.original(),
                        v.c().url() + "?original=1",
                        v.c().url(),
                        reading.language())))
        .toList();
  }

  /**
   * The permalink page of a contribution, its replies translated for the reader like the
   * contribution.
   */
  public record PermalinkPage(
      ContributionService.Permalink p,
      List<Translation> translations,
      boolean canCorrectLanguage,
      boolean canTranslate) {}

  public PermalinkPage permalink(Optional<Viewer> viewer, long id, Reading reading) {
    ContributionService.Permalink p = contributions.permalink(viewer, id);
    List<ContributionView> localized = new ArrayList<>(p.replies());
    localized.add(p.contribution());
    localized = localize(localized, reading);
    ContributionService.Permalink shown =
        new ContributionService.Permalink(
            p.discussion(),
            p.theme(),
            localized.getLast(),
            localized.subList(0, localized.size() - 1),
            p.revisions(),
            p.moderator());
    Long authorId = p.contribution().c().authorId();
    boolean author = viewer.map(v -> authorId != null && authorId == v.id()).orElse(false);
    boolean canTranslate =
        p.contribution().c().approved()
            && translations.canTranslate(viewer, ContentKind.CONTRIBUTION.code(), id);
    return new PermalinkPage(
        shown,
        translations.all(ContentKind.CONTRIBUTION.code(), id),
        author || p.moderator(),
        canTranslate);
  }

  public record Home(
      List<Listed> open, List<Listed> upcoming, List<Listed> past, List<Listed> drafts) {}

  /**
   * A discussion on the home page, its title and summary in the reader's language if translated.
   */
  public record Listed(
      Discussion discussion,
      DiscussionStatus status,
      String title,
      String titleLang,
      String summary,
      String summaryLang) {
    public String statusCode() {
      return status.code();
    }
  }

  public List<DiscussionService.Listed> list(Optional<Viewer> viewer) {
    return discussions.list(viewer);
  }

  public Home home(Optional<Viewer> viewer) {
    return home(viewer, null);
  }

  public Home home(Optional<Viewer> viewer, String language) {
    List<DiscussionService.Listed> listed = discussions.list(viewer);
    Map<Long, Translation> found =
        language == null || listed.isEmpty()
            ? Map.of()
            : translations.into(
                org.indaba.model.ContentKind.DISCUSSION.code(),
                listed.stream().map(l -> l.discussion().id()).toList(),
                language);
    List<Listed> all =
        listed.stream()
            .map(
                l -> {
                  Discussion d = l.discussion();
                  Translation t = found.get(d.id());
                  boolean titled = t != null && t.title() != null && !t.title().isBlank();
                  boolean summarised = t != null && t.summary() != null && !t.summary().isBlank();
                  return new Listed(
                      d,
                      l.status(),
                      titled ? t.title() : d.title(),
                      titled ? t.language() : d.language(),
                      summarised ? t.summary() : d.summary(),
                      summarised ? t.language() : d.language());
                })
            .toList();
    return new Home(
        all.stream().filter(l -> l.status() == DiscussionStatus.OPEN).toList(),
        all.stream().filter(l -> l.status() == DiscussionStatus.SCHEDULED).toList(),
        all.stream()
            .filter(
                l ->
                    l.status() == DiscussionStatus.CLOSED
                        || l.status() == DiscussionStatus.ARCHIVED)
            .toList(),
        all.stream().filter(l -> l.status() == DiscussionStatus.DRAFT).toList());
  }

  /** What the Atom feed lists: published themes and approved contributions, newest first. */
  public record Feed(
      Discussion discussion,
      List<Theme> themes,
      List<ContributionView> contributions,
      Instant updated) {}

  public Feed feed(String slug) {
    Discussion d = discussions.visible(Optional.empty(), slug);
    List<Theme> themes = discussions.themes(d, false).reversed();
    List<ContributionView> cs = contributions.latestApproved(d, 100);
    Instant updated = d.createdAt();
    for (Theme t : themes) {
      updated = t.publishedAt().isAfter(updated) ? t.publishedAt() : updated;
    }
    for (ContributionView c : cs) {
      updated = c.c().updatedAt().isAfter(updated) ? c.c().updatedAt() : updated;
    }
    return new Feed(d, themes, cs, updated);
  }

  /** The discussion as the API shows it. */
  public record Detail(
      Discussion discussion,
      DiscussionStatus status,
      List<Theme> themes,
      List<DiscussionRepository.ReplyLink> replies) {}

  public Detail detail(Optional<Viewer> viewer, String slug) {
    Discussion d = discussions.visible(viewer, slug);
    boolean moderator = discussions.canModerate(viewer, d);
    return new Detail(
        d,
        d.status(discussions.now()),
        discussions.themes(d, moderator),
        discussions.publishedReplies(d));
  }

  /** Visible contributions of one week (or all weeks), in time order. */
  public List<ContributionView> contributions(Optional<Viewer> viewer, String slug, Integer week) {
    return contributions(viewer, slug, week, null);
  }

  /** The same, only those written in {@code language} when it is a known language label. */
  public List<ContributionView> contributions(
      Optional<Viewer> viewer, String slug, Integer week, String language) {
    Discussion d = discussions.visible(viewer, slug);
    boolean moderator = discussions.canModerate(viewer, d);
    if (week != null
        && discussions.themes(d, moderator).stream().noneMatch(t -> t.week() == week)) {
      throw Refusal.notFound();
    }
    List<ContributionView> all = contributions.list(d, week, viewer, moderator);
    if (ContentLanguages.isLabel(language)) {
      all = all.stream().filter(c -> language.equals(c.c().language())).toList();
    }
    if (moderator) {
      return all;
    }
    // a non-moderator never sees contributions of a week that is not published yet
    List<Integer> published = discussions.themes(d, false).stream().map(Theme::week).toList();
    return all.stream().filter(c -> published.contains(c.c().week())).toList();
  }
}
