package org.indaba.translation;

import org.indaba.i18n.ContentLanguages;

/**
 * The text to show someone who reads {@code requested}: a translation into it when one exists,
 * otherwise the original. {@code html} is sanitised Markdown output; {@code title} is null for
 * contributions. A machine draft is always flagged so that every channel can label it.
 */
public record BestVersion(
    String title,
    String body,
    String html,
    String language,
    boolean translated,
    boolean machine,
    boolean reviewed,
    String originalLanguage) {

  public String lang() {
    return ContentLanguages.langAttribute(language);
  }

  public String dir() {
    return ContentLanguages.dir(language);
  }

  /**
   * The label's bundle key for a translation ({@code translation.label.*}, argument: the original's
   * language name).
   */
  public String labelKey() {
    return Translation.labelKey(machine, reviewed);
  }

  public String originalNameKey() {
    return ContentLanguages.nameKey(originalLanguage);
  }
}
