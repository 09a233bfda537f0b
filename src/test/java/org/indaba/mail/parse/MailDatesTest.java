package org.indaba.mail.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MailDatesTest {

  @Test
  void readsObsoleteZoneNamesAndTwoDigitYears() {
    assertThat(MailDates.parse("Tue, 3 Mar 26 10:15:00 EST"))
        .contains(OffsetDateTime.of(2026, 3, 3, 10, 15, 0, 0, ZoneOffset.ofHours(-5)));
    assertThat(MailDates.parse("3 Mar 99 10:15 GMT"))
        .contains(OffsetDateTime.of(1999, 3, 3, 10, 15, 0, 0, ZoneOffset.UTC));
  }

  @Test
  void readsDatesWithCommentsAndWithoutDayName() {
    assertThat(MailDates.parse("4 Mar 2026 09:02:05 +0100 (CET)"))
        .contains(OffsetDateTime.of(2026, 3, 4, 9, 2, 5, 0, ZoneOffset.ofHours(1)));
  }

  @Test
  void rejectsImpossibleDates() {
    assertThat(MailDates.parse("Thu, 19 Mar 2026 25:99:00 +0200")).isEmpty();
    assertThat(MailDates.parse("yesterday")).isEmpty();
    assertThat(MailDates.parse(null)).isEmpty();
  }
}
