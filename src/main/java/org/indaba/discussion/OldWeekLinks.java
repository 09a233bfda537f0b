package org.indaba.discussion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Week links written before {@code ?lang=} meant the interface language everywhere: a week's
 * language filter was {@code /d/{slug}?week=N&lang=xx}, and it is now {@code
 * /d/{slug}?week=N&written=xx}.
 *
 * <p>The two readings of {@code lang} are told apart by the shape of the query. Every old filter
 * link began with {@code week=N} and carried {@code lang} after it (the filter's links were the
 * week's address with {@code &lang=xx} added; the old language switcher dropped the week
 * altogether). Today's language links put {@code lang} first ({@code ?lang=fr&week=2}), and a week
 * already filtered carries {@code written}. So a query that starts with {@code week=N}, has a
 * {@code lang} later and no {@code written} is an old link: it moves permanently to the same query
 * with that {@code lang} renamed {@code written}, every other parameter kept in place.
 */
final class OldWeekLinks {
  private static final Pattern WEEK_FIRST = Pattern.compile("week=[0-9]{1,4}(&.*)?");

  private OldWeekLinks() {}

  /** Where an old week link now lives, or empty when {@code query} is not one. */
  static Optional<String> target(String path, String query) {
    if (query == null || !WEEK_FIRST.matcher(query).matches()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>(List.of(query.split("&")));
    int lang = -1;
    for (int i = 1; i < parts.size(); i++) {
      String name = parts.get(i).split("=", 2)[0];
      if (name.equals(DiscussionReader.WRITTEN)) {
        return Optional.empty();
      }
      if (name.equals("lang") && lang < 0) {
        lang = i;
      }
    }
    if (lang < 0) {
      return Optional.empty();
    }
    String value = parts.get(lang).contains("=") ? parts.get(lang).split("=", 2)[1] : "";
    parts.set(lang, DiscussionReader.WRITTEN + "=" + value);
    return Optional.of(path + "?" + String.join("&", parts));
  }
}
