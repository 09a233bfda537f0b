package org.indaba.translation;

import org.indaba.i18n.ContentLanguages;

/**
 * What a reader is shown of one piece of content: the translation into their interface language
 * when there is one (and they did not ask for the original), otherwise the original. Templates
 * render {@code title}/{@code html} with {@code lang}/{@code dir} and, for a translation, its label
 * and a link back to the original.
 */
public record Rendition(
    String type,
    long id,
    String language,
    String title,
    String titleLanguage,
    String html,
    boolean translated,
    boolean machine,
    boolean reviewed,
    String originalLanguage,
    String originalHref,
    String translatedHref,
    boolean translationAvailable,
    String readerLanguage,
    boolean outdated) {

  /**
   * @param translation the translation into the reader's language, or null
   * @param showOriginal the reader asked for the original ({@code ?original=1})
   * @param originalHref where the original alone is shown; {@code translatedHref} the same page
   *     translated
   */
  public static Rendition of(
      String type,
      long id,
      String originalLanguage,
      String originalTitle,
      String originalHtml,
      Translation translation,
      boolean showOriginal,
      String originalHref,
      String translatedHref,
      String readerLanguage) {
    boolean usable = translation != null && !translation.language().equals(originalLanguage);
    if (usable && !showOriginal) {
      boolean titled = translation.title() != null && !translation.title().isBlank();
      // a translation without a title of its own keeps the original title, in the original's
      // language
      return new Rendition(
          type,
          id,
          translation.language(),
          titled ? translation.title() : originalTitle,
          titled ? translation.language() : originalLanguage,
          translation.bodyHtml(),
          true,
          translation.machine(),
          translation.reviewed(),
          originalLanguage,
          originalHref,
          translatedHref,
          true,
          readerLanguage,
          translation.outdated());
    }
    return new Rendition(
        type,
        id,
        originalLanguage,
        originalTitle,
        originalLanguage,
        originalHtml,
        false,
        false,
        false,
        originalLanguage,
        originalHref,
        translatedHref,
        usable,
        readerLanguage,
        false);
  }

  public String lang() {
    return ContentLanguages.langAttribute(language);
  }

  public String dir() {
    return ContentLanguages.dir(language);
  }

  public String titleLang() {
    return ContentLanguages.langAttribute(titleLanguage);
  }

  public String titleDir() {
    return ContentLanguages.dir(titleLanguage);
  }

  public String labelKey() {
    return Translation.labelKey(machine, reviewed);
  }

  public String originalLang() {
    return ContentLanguages.langAttribute(originalLanguage);
  }

  public String originalNameKey() {
    return ContentLanguages.nameKey(originalLanguage);
  }

  public String nameKey() {
    return ContentLanguages.nameKey(language);
  }

  public boolean undetermined() {
    return ContentLanguages.UNDETERMINED.equals(language);
  }

  /** The side-by-side page of the original and its translation into the reader's language. */
  public String compareHref() {
    return "/translations/" + type + "/" + id + "/" + readerLanguage;
  }
}
