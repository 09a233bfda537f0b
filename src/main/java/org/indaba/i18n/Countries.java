package org.indaba.i18n;

import java.text.Collator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Countries as ISO 3166-1 alpha-2 codes, named in the reader's language from the JDK's locale data
 * (CLDR), so that a country can be counted however people spell it.
 */
public final class Countries {
  private static final Set<String> CODES = new TreeSet<>(Set.of(Locale.getISOCountries()));

  /** Folded names (every interface language, plus English) to their code. */
  private static final Map<String, String> BY_NAME = new HashMap<>();

  static {
    List<Locale> locales = new ArrayList<>();
    for (String l : Messages.LANGUAGES) {
      locales.add(Locale.forLanguageTag(l));
    }
    locales.add(Locale.of("pt"));
    locales.add(Locale.of("de"));
    locales.add(Locale.of("it"));
    for (String code : CODES) {
      Locale country = Locale.of("", code);
      for (Locale in : locales) {
        BY_NAME.putIfAbsent(fold(country.getDisplayCountry(in)), code);
      }
      BY_NAME.putIfAbsent(fold(code), code);
      BY_NAME.putIfAbsent(fold(country.getISO3Country()), code);
    }
    // names people commonly write that are no ISO code or CLDR name
    BY_NAME.putIfAbsent("uk", "GB");
    BY_NAME.putIfAbsent("england", "GB");
    BY_NAME.putIfAbsent("scotland", "GB");
    BY_NAME.putIfAbsent("wales", "GB");
    BY_NAME.putIfAbsent("usa", "US");
    BY_NAME.putIfAbsent("ivory coast", "CI");
    BY_NAME.putIfAbsent("cote d'ivoire", "CI");
  }

  private Countries() {}

  /** One entry of a country list. */
  public record Option(String code, String name) {}

  public static boolean isCode(String code) {
    return code != null && CODES.contains(code);
  }

  /** The country's name in the given language, or the code itself when it is not one. */
  public static String name(String code, String language) {
    if (!isCode(code)) {
      return code == null ? "" : code;
    }
    return Locale.of("", code).getDisplayCountry(Locale.forLanguageTag(language));
  }

  /** Every country, sorted by its name in the given language. */
  public static List<Option> options(String language) {
    Locale locale = Locale.forLanguageTag(language);
    Collator collator = Collator.getInstance(locale);
    List<Option> out = new ArrayList<>();
    for (String code : CODES) {
      out.add(new Option(code, Locale.of("", code).getDisplayCountry(locale)));
    }
    out.sort(Comparator.comparing(Option::name, collator));
    return out;
  }

  /**
   * The code of a country typed as free text: a code ("SN", "SEN") or a name in one of the
   * interface languages ("Senegal", "Sénégal", "السنغال"), ignoring case, accents and spacing.
   */
  public static Optional<String> codeOf(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_NAME.get(fold(text)));
  }

  static String fold(String s) {
    String n = Normalizer.normalize(s.strip(), Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    return n.toLowerCase(Locale.ROOT)
        .replace('\u2019', '\'')
        .replaceAll("[\\s.\\-_]+", " ")
        .strip();
  }
}
