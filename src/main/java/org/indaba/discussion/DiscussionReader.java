package org.indaba.discussion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.web.HttpError;
import org.indaba.web.Viewer;

/**
 * Assembles what the discussion pages, the API and the feed show, in a fixed number of queries
 * whatever the number of contributions: themes, then contributions with authors and parents, then
 * attachments.
 */
public final class DiscussionReader {
  private final DiscussionService discussions;
  private final ContributionService contributions;

  public DiscussionReader(DiscussionService discussions, ContributionService contributions) {
    this.discussions = discussions;
    this.contributions = contributions;
  }

  /** One week on the discussion page. */
  public record WeekSection(Theme theme, List<ContributionView> contributions, boolean current, boolean showForm) {
    public int number() {
      return theme.week();
    }
  }

  public record Tab(int week, boolean published, boolean selected, String href) {}

  public record Page(Discussion discussion, DiscussionStatus status, boolean moderator, boolean canPost,
      List<Attachment> documents, List<DiscussionRepository.ReplyLink> replies,
      List<DiscussionRepository.ModeratorRow> moderators, List<Tab> tabs, List<WeekSection> sections,
      Integer selectedWeek, Integer currentWeek) {

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
    Discussion d = discussions.visible(viewer, slug);
    boolean moderator = discussions.canModerate(viewer, d);
    DiscussionStatus status = d.status(discussions.now());
    List<Theme> themes = discussions.themes(d, moderator);
    if (week != null && themes.stream().noneMatch(t -> t.week() == week)) {
      throw HttpError.notFound();
    }
    Integer current = themes.stream().filter(Theme::published).map(Theme::week).max(Integer::compare).orElse(null);
    boolean canPost = status == DiscussionStatus.OPEN && viewer.map(Viewer::verified).orElse(false);
    List<ContributionView> all = contributions.list(d, week, viewer, moderator);
    Map<Integer, List<ContributionView>> byWeek = new LinkedHashMap<>();
    all.forEach(c -> byWeek.computeIfAbsent(c.c().week(), k -> new ArrayList<>()).add(c));
    List<Theme> shown = themes.stream()
        .filter(t -> week == null || t.week() == week)
        .sorted(Comparator.comparing((Theme t) -> current == null || t.week() != current)
            .thenComparing(Comparator.comparingInt(Theme::week).reversed()))
        .toList();
    List<WeekSection> sections = new ArrayList<>();
    for (Theme t : shown) {
      boolean first = sections.isEmpty();
      sections.add(new WeekSection(t, byWeek.getOrDefault(t.week(), List.of()),
          current != null && t.week() == current, first && canPost && t.published()));
    }
    List<Tab> tabs = themes.stream().map(t -> new Tab(t.week(), t.published(), week != null && t.week() == week,
        d.url() + "?week=" + t.week())).toList();
    return new Page(d, status, moderator, canPost, discussions.documents(d),
        status == DiscussionStatus.CLOSED || status == DiscussionStatus.ARCHIVED ? discussions.publishedReplies(d) : List.of(),
        discussions.moderators(d), tabs, sections, week, current);
  }

  public record Home(List<DiscussionService.Listed> open, List<DiscussionService.Listed> upcoming,
      List<DiscussionService.Listed> past, List<DiscussionService.Listed> drafts) {}

  public List<DiscussionService.Listed> list(Optional<Viewer> viewer) {
    return discussions.list(viewer);
  }

  public Home home(Optional<Viewer> viewer) {
    List<DiscussionService.Listed> all = discussions.list(viewer);
    return new Home(
        all.stream().filter(l -> l.status() == DiscussionStatus.OPEN).toList(),
        all.stream().filter(l -> l.status() == DiscussionStatus.SCHEDULED).toList(),
        all.stream().filter(l -> l.status() == DiscussionStatus.CLOSED || l.status() == DiscussionStatus.ARCHIVED).toList(),
        all.stream().filter(l -> l.status() == DiscussionStatus.DRAFT).toList());
  }

  /** What the Atom feed lists: published themes and approved contributions, newest first. */
  public record Feed(Discussion discussion, List<Theme> themes, List<ContributionView> contributions, Instant updated) {}

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
  public record Detail(Discussion discussion, DiscussionStatus status, List<Theme> themes,
      List<DiscussionRepository.ReplyLink> replies) {}

  public Detail detail(Optional<Viewer> viewer, String slug) {
    Discussion d = discussions.visible(viewer, slug);
    boolean moderator = discussions.canModerate(viewer, d);
    return new Detail(d, d.status(discussions.now()), discussions.themes(d, moderator), discussions.publishedReplies(d));
  }

  /** Visible contributions of one week (or all weeks), in time order. */
  public List<ContributionView> contributions(Optional<Viewer> viewer, String slug, Integer week) {
    Discussion d = discussions.visible(viewer, slug);
    boolean moderator = discussions.canModerate(viewer, d);
    if (week != null && discussions.themes(d, moderator).stream().noneMatch(t -> t.week() == week)) {
      throw HttpError.notFound();
    }
    List<ContributionView> all = contributions.list(d, week, viewer, moderator);
    if (moderator) {
      return all;
    }
    // a non-moderator never sees contributions of a week that is not published yet
    List<Integer> published = discussions.themes(d, false).stream().map(Theme::week).toList();
    return all.stream().filter(c -> published.contains(c.c().week())).toList();
  }
}
