package org.indaba.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.indaba.analytics.AnalyticsRepository.Row;
import org.indaba.db.Changes;
import org.indaba.db.Database;
import org.indaba.discussion.Discussion;
import org.indaba.discussion.DiscussionRepository;
import org.indaba.discussion.DiscussionService;
import org.indaba.i18n.Countries;
import org.indaba.model.ContributionStatus;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;

/**
 * The numbers facilitators report after a discussion: contributions by week, language, country,
 * organisation and channel; who took part (first-time, returning, only in week 1); how long posts
 * waited for a moderator; subscribers per mode. Published (approved) contributions are counted.
 */
public final class AnalyticsService {
  /** The key of contributions whose author gave no country or organisation. */
  public static final String UNKNOWN = "unknown";

  public static final List<String> CHANNELS = List.of("web", "email", "api", "import");

  private final Database db;
  private final AnalyticsRepository repo;
  private final DiscussionService discussions;
  private final DiscussionRepository discussionRepository;
  private final Changes changes;

  public AnalyticsService(
      Database db,
      AnalyticsRepository repo,
      DiscussionService discussions,
      DiscussionRepository discussionRepository,
      Changes changes) {
    this.db = db;
    this.repo = repo;
    this.discussions = discussions;
    this.discussionRepository = discussionRepository;
    this.changes = changes;
  }

  private java.util.function.Supplier<java.util.function.UnaryOperator<String>> organisations =
      () -> java.util.function.UnaryOperator.identity();

  /**
   * How an organisation's name is counted: under the organisation an admin merged it into, else as
   * typed.
   */
  public AnalyticsService withOrganisations(
      java.util.function.Supplier<java.util.function.UnaryOperator<String>> countedAs) {
    this.organisations = countedAs;
    return this;
  }

  /** Every number of one discussion. Maps keep a stable order: by week, then by count. */
  public record Numbers(
      long total,
      Map<String, Long> byWeek,
      Map<String, Long> byLanguage,
      Map<String, Long> byCountry,
      Map<String, Long> byOrganisation,
      Map<String, Long> byChannel,
      long participants,
      long firstTime,
      long returning,
      long onlyFirstWeek,
      long repliesBetweenMembers,
      Long medianSeconds,
      Long p90Seconds,
      long moderated,
      Map<String, Long> subscribers,
      Map<String, Long> byRegion) {}

  /** A discussion's analytics, for its moderators, or for anyone when they made it public. */
  public record View(
      Discussion discussion, Numbers numbers, boolean moderator, boolean published) {}

  public View view(Optional<Viewer> viewer, String slug) {
    Discussion d = discussions.visible(viewer, slug);
    boolean moderator = discussions.canModerate(viewer, d);
    boolean published = repo.isPublic(d.id());
    if (!moderator && !published) {
      throw viewer.isEmpty() ? new Refusal.Unauthenticated() : Refusal.forbidden();
    }
    return new View(d, numbers(d), moderator, published);
  }

  public void setPublic(Optional<Viewer> viewer, String slug, boolean on) {
    Discussion d = discussions.visible(viewer, slug);
    if (!discussions.canModerate(viewer, d)) {
      throw viewer.isEmpty() ? new Refusal.Unauthenticated() : Refusal.forbidden();
    }
    long actor = viewer.orElseThrow().id();
    db.txRun(
        tx -> {
          discussionRepository.setAnalyticsPublic(tx, d.id(), on);
          changes.analyticsVisibilitySet(tx, actor, d.id(), on);
        });
  }

  public Numbers numbers(Discussion d) {
    List<Row> rows = repo.contributions(d.id());
    List<Row> approved =
        rows.stream().filter(r -> r.status() == ContributionStatus.APPROVED).toList();
    Map<String, Long> byWeek = new LinkedHashMap<>();
    for (int w = 1; w <= d.weeks(); w++) {
      byWeek.put(String.valueOf(w), 0L);
    }
    Map<String, Long> byLanguage = new HashMap<>();
    Map<String, Long> byCountry = new HashMap<>();
    Map<String, Long> byRegion = new HashMap<>();
    java.util.function.UnaryOperator<String> countedAs = organisations.get();
    Map<String, Long> byOrganisation = new HashMap<>();
    Map<String, Long> byChannel = new LinkedHashMap<>();
    CHANNELS.forEach(c -> byChannel.put(c, 0L));
    Map<Long, Row> byId = new HashMap<>();
    rows.forEach(r -> byId.put(r.id(), r));
    // participants: a member by id, a non-member by address
    Map<String, java.time.Instant> firstHere = new HashMap<>();
    Map<String, Set<Integer>> weeksOf = new HashMap<>();
    long replies = 0;
    for (Row r : approved) {
      byWeek.merge(String.valueOf(r.week()), 1L, Long::sum);
      byLanguage.merge(r.language(), 1L, Long::sum);
      String country = countryKey(r.country());
      byCountry.merge(country, 1L, Long::sum);
      String region = org.indaba.i18n.Regions.of(country);
      byRegion.merge(region == null ? UNKNOWN : region, 1L, Long::sum);
      String organisation = organisationKey(r.organisation());
      byOrganisation.merge(
          organisation.equals(UNKNOWN) ? UNKNOWN : countedAs.apply(organisation), 1L, Long::sum);
      byChannel.merge(r.source(), 1L, Long::sum);
      String who = participant(r);
      firstHere.merge(who, r.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
      weeksOf.computeIfAbsent(who, k -> new HashSet<>()).add(r.week());
      if (r.replyToId() != null) {
        Row parent = byId.get(r.replyToId());
        if (parent != null && !participant(parent).equals(who)) {
          replies++;
        }
      }
    }
    List<Long> memberIds = new ArrayList<>();
    for (Row r : approved) {
      if (r.authorId() != null && !memberIds.contains(r.authorId())) {
        memberIds.add(r.authorId());
      }
    }
    Map<Long, java.time.Instant> elsewhere = repo.firstElsewhere(d.id(), memberIds);
    long firstTime = 0;
    for (var e : firstHere.entrySet()) {
      java.time.Instant other =
          e.getKey().startsWith("m:")
              ? elsewhere.get(Long.parseLong(e.getKey().substring(2)))
              : null;
      if (other == null || other.isAfter(e.getValue())) {
        firstTime++;
      }
    }
    long onlyWeekOne =
        weeksOf.values().stream().filter(w -> w.size() == 1 && w.contains(1)).count();
    // time to a moderation decision, for posts that waited for one
    List<Long> waits = new ArrayList<>();
    for (Row r : rows) {
      if (r.holdReason() == null) {
        continue;
      }
      java.time.Instant decided =
          switch (r.status()) {
            case APPROVED -> r.approvedAt();
            case REJECTED -> r.updatedAt();
            default -> null;
          };
      if (decided != null) {
        waits.add(Math.max(0, Duration.between(r.createdAt(), decided).toSeconds()));
      }
    }
    waits.sort(Long::compare);
    Map<String, Integer> subs = repo.subscribers(d.id());
    Map<String, Long> subscribers = new LinkedHashMap<>();
    subscribers.put("each", (long) subs.getOrDefault("each", 0));
    subscribers.put("digest", (long) subs.getOrDefault("digest", 0));
    subscribers.put(
        "announcements",
        (long) subs.getOrDefault("none", 0) + subs.getOrDefault("announcements", 0));
    return new Numbers(
        approved.size(),
        byWeek,
        sorted(byLanguage),
        sorted(byCountry),
        sorted(byOrganisation),
        byChannel,
        firstHere.size(),
        firstTime,
        firstHere.size() - firstTime,
        onlyWeekOne,
        replies,
        median(waits),
        percentile(waits, 90),
        waits.size(),
        subscribers,
        sorted(byRegion));
  }

  private static String participant(Row r) {
    return r.authorId() != null
        ? "m:" + r.authorId()
        : "e:" + (r.authorEmail() == null ? "" : r.authorEmail().toLowerCase(Locale.ROOT));
  }

  /** An ISO code when the country can be read as one; the text as typed otherwise. */
  static String countryKey(String country) {
    if (country == null || country.isBlank()) {
      return UNKNOWN;
    }
    return Countries.isCode(country.strip())
        ? country.strip()
        : Countries.codeOf(country).orElse(country.strip());
  }

  static String organisationKey(String organisation) {
    return organisation == null || organisation.isBlank() ? UNKNOWN : organisation.strip();
  }

  /** Most frequent first, then by key, so tables and charts read the same every time. */
  static Map<String, Long> sorted(Map<String, Long> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** The middle value, or the mean of the two middle ones (rounded down); null without values. */
  static Long median(List<Long> sorted) {
    int n = sorted.size();
    if (n == 0) {
      return null;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The nearest-rank percentile: the smallest value with at least p% of values at or below it. */
  static Long percentile(List<Long> sorted, int p) {
    int n = sorted.size();
    if (n == 0) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * n);
    return sorted.get(Math.max(0, rank - 1));
  }

  /** One line of the site-wide table. */
  public record SiteRow(Discussion discussion, Numbers numbers) {}

  /** Every discussion's main numbers and totals per year of start, for admins. */
  public record Site(List<SiteRow> rows, Map<String, Long> contributionsByYear) {}

  public Site site(Optional<Viewer> viewer) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    if (!v.isAdmin()) {
      throw Refusal.forbidden();
    }
    List<SiteRow> rows = new ArrayList<>();
    Map<String, Long> byYear = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    for (Discussion d : discussionRepository.all()) {
      Numbers n = numbers(d);
      rows.add(new SiteRow(d, n));
      byYear.merge(String.valueOf(d.startsOn().getYear()), n.total(), Long::sum);
    }
    return new Site(rows, new LinkedHashMap<>(byYear));
  }
}
