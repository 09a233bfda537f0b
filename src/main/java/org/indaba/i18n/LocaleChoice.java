package org.indaba.i18n;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which interface language a request gets: the member's preference, else an explicit {@code ?lang=}
 * choice (remembered in a cookie), else that cookie, else Accept-Language, else the site default.
 * Values outside the supported set are ignored rather than rejected.
 */
public final class LocaleChoice {
  public static final String COOKIE = "indaba_lang";

  private LocaleChoice() {}

  public static String choose(
      Optional<String> memberPreference,
      Optional<String> queryLang,
      Optional<String> cookieLang,
      Optional<String> acceptLanguage) {
    return memberPreference
        .map(LocaleChoice::normalise)
        .filter(Messages::isSupported)
        .or(() -> queryLang.map(LocaleChoice::normalise).filter(Messages::isSupported))
        .or(() -> cookieLang.map(LocaleChoice::normalise).filter(Messages::isSupported))
        .or(() -> acceptLanguage.flatMap(LocaleChoice::fromAcceptLanguage))
        .orElse(Messages.DEFAULT_LANGUAGE);
  }

  public static String normalise(String tag) {
    if (tag == null) {
      return "";
    }
    String t = tag.trim().toLowerCase(Locale.ROOT);
    int dash = t.indexOf('-');
    if (dash < 0) {
      dash = t.indexOf('_');
    }
    return dash > 0 ? t.substring(0, dash) : t;
  }

  /** RFC 9110 §12.5.4: highest q first, q=0 means "not acceptable". */
  static Optional<String> fromAcceptLanguage(String header) {
    if (header.length() > 500) {
      header = header.substring(0, 500);
    }
    record Range(String lang, double q, int order) {}
    List<Range> ranges = new ArrayList<>();
    String[] parts = header.split(",");
    for (int i = 0; i < parts.length && i < 20; i++) {
      String[] p = parts[i].trim().split(";");
      double q = 1.0;
      for (int j = 1; j < p.length; j++) {
        String param = p[j].trim();
        if (param.startsWith("q=")) {
          try {
            q = Double.parseDouble(param.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q > 0) {
        ranges.add(new Range(normalise(p[0]), q, i));
      }
    }
    return ranges.stream()
        .sorted(Comparator.comparingDouble(Range::q).reversed().thenComparingInt(Range::order))
        .map(Range::lang)
        .filter(Messages::isSupported)
        .findFirst();
  }
}
