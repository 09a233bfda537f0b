package org.indaba.i18n;

import java.util.List;

/**
 * The languages content can be labelled with: the ones the detector knows and bundles can name
 * ({@code language.name.xx}), plus "und" for text whose language nobody determined. Interface
 * languages ({@link Messages#LANGUAGES}) are a subset.
 */
public final class ContentLanguages {
  /** Named content languages, in the order forms list them. */
  public static final List<String> NAMED = List.of("en", "fr", "es", "ar", "pt", "de", "it");

  public static final String UNDETERMINED = LanguageDetector.UNDETERMINED;

  /** What a language label may be set to: a named language or "und". */
  public static final List<String> LABELS =
      List.of("en", "fr", "es", "ar", "pt", "de", "it", UNDETERMINED);

  private ContentLanguages() {}

  public static boolean isLabel(String code) {
    return code != null && LABELS.contains(code);
  }

  public static boolean isNamed(String code) {
    return code != null && NAMED.contains(code);
  }

  /** A language code as stored: a known label, anything else "und". */
  public static String orUndetermined(String code) {
    return isLabel(code) ? code : UNDETERMINED;
  }

  /** The value for a {@code lang} attribute: empty (unknown) rather than the invalid "und". */
  public static String langAttribute(String code) {
    return code == null || code.isEmpty() || UNDETERMINED.equals(code) ? "" : code;
  }

  /**
   * The value for a {@code dir} attribute: "auto" lets the browser decide for text of unknown
   * language.
   */
  public static String dir(String code) {
    if (code == null || code.isEmpty() || UNDETERMINED.equals(code)) {
      return "auto";
    }
    return Messages.isRightToLeft(code) ? "rtl" : "ltr";
  }

  /** The bundle key of a language's name in the reader's language. */
  public static String nameKey(String code) {
    return "language.name." + (isLabel(code) ? code : UNDETERMINED);
  }
}
