package org.indaba.search;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Language codes as the index sees them: ISO 639-1 (or -3) primary subtag, lower case, or "und".
 */
final class Languages {

  static final String UNDETERMINED = "und";

  /** Languages with a stemming analyzer; everything else goes through the ICU fallback. */
  static final List<String> STEMMED = List.of("en", "fr", "es", "pt", "ar", "de", "it");

  private static final Pattern CODE = Pattern.compile("[a-z]{2,3}");

  private Languages() {}

  /** "fr-CA", "FR", " fr " become "fr"; blank or malformed codes become "und". */
  static String normalise(String code) {
    if (code == null) {
      return UNDETERMINED;
    }
    String primary = code.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
    return CODE.matcher(primary).matches() ? primary : UNDETERMINED;
  }

  static boolean isValid(String code) {
    return code != null && CODE.matcher(code).matches();
  }

  /** The analysis bucket of a language: itself when it has a stemmer, otherwise "und". */
  static String analysisBucket(String code) {
    String normalised = normalise(code);
    return STEMMED.contains(normalised) ? normalised : UNDETERMINED;
  }
}
