package org.indaba.discussion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DiscussionStatusTest {
  static final LocalDate START = LocalDate.parse("2026-03-09");
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  static DiscussionStatus at(String instant, boolean draft, Instant closed, Instant archived) {
    return DiscussionStatus.of(draft, START, PARIS, 4, closed, archived, Instant.parse(instant));
  }

  @Test
  void aDiscussionIsScheduledUntilMidnightOfItsFirstDayInItsOwnTimeZone() {
    assertThat(at("2026-03-08T22:59:59Z", false, null, null)).isEqualTo(DiscussionStatus.SCHEDULED);
    assertThat(at("2026-03-08T23:00:00Z", false, null, null)).isEqualTo(DiscussionStatus.OPEN);
  }

  @Test
  void itClosesByItselfAfterItsLastWeek() {
    assertThat(at("2026-04-05T21:59:59Z", false, null, null)).isEqualTo(DiscussionStatus.OPEN);
    assertThat(at("2026-04-05T22:00:00Z", false, null, null)).isEqualTo(DiscussionStatus.CLOSED);
  }

  @Test
  void aDraftStaysADraftWhateverItsDates() {
    assertThat(at("2026-03-01T00:00:00Z", true, null, null)).isEqualTo(DiscussionStatus.DRAFT);
    assertThat(at("2026-03-20T00:00:00Z", true, null, null)).isEqualTo(DiscussionStatus.DRAFT);
    assertThat(at("2027-01-01T00:00:00Z", true, null, null)).isEqualTo(DiscussionStatus.DRAFT);
  }

  @Test
  void closingEarlyWinsOverTheDatesFromTheMomentItHappens() {
    Instant closed = Instant.parse("2026-03-20T10:00:00Z");
    assertThat(at("2026-03-20T09:59:59Z", false, closed, null)).isEqualTo(DiscussionStatus.OPEN);
    assertThat(at("2026-03-20T10:00:00Z", false, closed, null)).isEqualTo(DiscussionStatus.CLOSED);
  }

  @Test
  void archivingWinsOverEverythingElse() {
    Instant archived = Instant.parse("2026-05-01T00:00:00Z");
    assertThat(at("2026-05-01T00:00:00Z", false, null, archived))
        .isEqualTo(DiscussionStatus.ARCHIVED);
    assertThat(at("2026-05-01T00:00:00Z", true, Instant.parse("2026-03-20T10:00:00Z"), archived))
        .isEqualTo(DiscussionStatus.ARCHIVED);
    assertThat(at("2026-04-30T00:00:00Z", false, null, archived))
        .isEqualTo(DiscussionStatus.CLOSED);
  }

  @Test
  void weekNIsPublishedByDefaultAtNineInTheMorningOfItsFirstDay() {
    assertThat(Discussion.defaultPublishAt(START, PARIS, 1))
        .isEqualTo(Instant.parse("2026-03-09T08:00:00Z"));
    // summer time in Paris starts on 29 March 2026
    assertThat(Discussion.defaultPublishAt(START, PARIS, 4))
        .isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
  }
}
