package org.indaba.discussion;

import java.time.OffsetDateTime;
import java.util.Map;

/** Where a discussion page finds the published summary of each week (written by moderators). */
@FunctionalInterface
public interface WeekSummaries {
  /** Each week's published summary for a reader of {@code lang}, by week number. */
  Map<Integer, Shown> of(long discussionId, String lang);

  /**
   * A summary as shown: its language, sanitised HTML, publication time, and whether it is a machine
   * translation nobody changed (readers are told).
   */
  record Shown(String language, String html, OffsetDateTime publishedAt, boolean machine) {
    public String dir() {
      return org.indaba.i18n.Messages.isRightToLeft(language) ? "rtl" : "ltr";
    }
  }
}
