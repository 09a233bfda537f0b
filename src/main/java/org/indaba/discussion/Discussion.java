package org.indaba.discussion;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/** An e-discussion as stored; {@link #status(Instant)} derives where it stands. */
public record Discussion(
    long id,
    String slug,
    String title,
    String summary,
    String introduction,
    String introductionHtml,
    String language,
    List<String> welcomedLanguages,
    LocalDate startsOn,
    String timeZone,
    int weeks,
    boolean preModerated,
    boolean draft,
    Instant closedAt,
    Instant archivedAt,
    Instant createdAt) {

  public ZoneId zone() {
    return zoneOf(timeZone);
  }

  static ZoneId zoneOf(String tz) {
    try {
      return ZoneId.of(tz);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }

  public DiscussionStatus status(Instant now) {
    return DiscussionStatus.of(draft, startsOn, zone(), weeks, closedAt, archivedAt, now);
  }

  /**
   * The default publication time of week {@code n}: 09:00 local time on the first day of that week.
   */
  public static Instant defaultPublishAt(LocalDate startsOn, ZoneId zone, int week) {
    return ZonedDateTime.of(startsOn.plusWeeks(week - 1L), java.time.LocalTime.of(9, 0), zone)
        .toInstant();
  }

  public String url() {
    return "/d/" + slug;
  }
}
