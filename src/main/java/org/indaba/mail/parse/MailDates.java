package org.indaba.mail.parse;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient parsing of the RFC 5322 section 3.3 date-time, including the obsolete forms of section
 * 4.3 (two-digit years, named zones) and common deviations: missing seconds, missing day name, full
 * month names, comments such as "(UTC)", and no zone at all (read as UTC).
 */
final class MailDates {

  private static final Pattern DATE =
      Pattern.compile(
          "(\\d{1,2})[\\s-]+([A-Za-z]{3,9})\\.?[\\s-]+(\\d{2,4})\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?"
              + "(?:\\.\\d+)?\\s*([+-]\\d{2}:?\\d{2}|[A-Za-z]{1,5})?");

  private static final Map<String, Integer> MONTHS =
      Map.ofEntries(
          Map.entry("jan", 1),
          Map.entry("feb", 2),
          Map.entry("mar", 3),
          Map.entry("apr", 4),
          Map.entry("may", 5),
          Map.entry("jun", 6),
          Map.entry("jul", 7),
          Map.entry("aug", 8),
          Map.entry("sep", 9),
          Map.entry("oct", 10),
          Map.entry("nov", 11),
          Map.entry("dec", 12));

  // RFC 5322 section 4.3: the obsolete US zone names. Military zones are read as -0000 (unknown).
  private static final Map<String, Integer> ZONES =
      Map.ofEntries(
          Map.entry("UT", 0),
          Map.entry("GMT", 0),
          Map.entry("UTC", 0),
          Map.entry("Z", 0),
          Map.entry("EST", -5),
          Map.entry("EDT", -4),
          Map.entry("CST", -6),
          Map.entry("CDT", -5),
          Map.entry("MST", -7),
          Map.entry("MDT", -6),
          Map.entry("PST", -8),
          Map.entry("PDT", -7));

  private MailDates() {}

  static Optional<OffsetDateTime> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = DATE.matcher(value);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      int day = Integer.parseInt(m.group(1));
      Integer month = MONTHS.get(m.group(2).substring(0, 3).toLowerCase(Locale.ROOT));
      if (month == null) {
        return Optional.empty();
      }
      int year = Integer.parseInt(m.group(3));
      if (m.group(3).length() == 2) {
        // RFC 5322 section 4.3: 00-49 are 2000-2049, 50-99 are 1950-1999.
        year += year < 50 ? 2000 : 1900;
      } else if (m.group(3).length() == 3) {
        // Section 4.3 again: a three-digit year has 1900 added.
        year += 1900;
      }
      int hour = Integer.parseInt(m.group(4));
      int minute = Integer.parseInt(m.group(5));
      int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
      if (second == 60) {
        second = 59; // leap second, allowed by RFC 5322 section 3.3
      }
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second);
      return Optional.of(OffsetDateTime.of(local, zone(m.group(7))));
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static ZoneOffset zone(String zone) {
    if (zone == null) {
      return ZoneOffset.UTC;
    }
    if (zone.startsWith("+") || zone.startsWith("-")) {
      String digits = zone.replace(":", "");
      int hours = Integer.parseInt(digits.substring(1, 3));
      int minutes = Integer.parseInt(digits.substring(3, 5));
      int sign = zone.startsWith("-") ? -1 : 1;
      try {
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
      } catch (DateTimeException outOfRange) {
        return ZoneOffset.UTC;
      }
    }
    Integer hours = ZONES.get(zone.toUpperCase(Locale.ROOT));
    return hours == null ? ZoneOffset.UTC : ZoneOffset.ofHours(hours);
  }
}
