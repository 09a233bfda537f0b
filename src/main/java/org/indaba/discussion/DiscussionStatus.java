package org.indaba.discussion;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Where a discussion stands. Only "draft", "closed early" and "archived" are stored as actions;
 * everything else follows from the dates, so no job has to flip a status at midnight and two server
 * processes always agree.
 */
public enum DiscussionStatus {
  DRAFT,
  SCHEDULED,
  OPEN,
  CLOSED,
  ARCHIVED;

  /** The value used in URLs, JSON and bundle keys. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The status at {@code now}. The discussion runs from the start of {@code startsOn} in its time
   * zone for {@code weeks} whole weeks. Archiving wins over everything (it is the last action),
   * then a draft stays a draft whatever its dates, then an early close wins over the dates.
   */
  public static DiscussionStatus of(
      boolean draft,
      LocalDate startsOn,
      ZoneId zone,
      int weeks,
      Instant closedAt,
      Instant archivedAt,
      Instant now) {
    if (archivedAt != null && !archivedAt.isAfter(now)) {
      return ARCHIVED;
    }
    if (draft) {
      return DRAFT;
    }
    if (closedAt != null && !closedAt.isAfter(now)) {
      return CLOSED;
    }
    Instant start = startsOn.atStartOfDay(zone).toInstant();
    if (now.isBefore(start)) {
      return SCHEDULED;
    }
    Instant end = startsOn.plusWeeks(weeks).atStartOfDay(zone).toInstant();
    return now.isBefore(end) ? OPEN : CLOSED;
  }
}
