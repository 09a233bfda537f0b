package org.indaba.translation;

import java.time.Instant;
import org.indaba.i18n.ContentLanguages;

/**
 * One translation of a contribution, theme, introduction or consolidated reply, as stored; {@code
 * summary} only for a discussion (its one-line summary, or null).
 */
public record Translation(
    long id,
    String entityType,
    long entityId,
    String language,
    String title,
    String body,
    String bodyHtml,
    boolean machine,
    boolean reviewed,
    Long translatorId,
    String translatorName,
    Instant updatedAt,
    boolean outdated,
    String summary) {

  public String lang() {
    return ContentLanguages.langAttribute(language);
  }

  public String dir() {
    return ContentLanguages.dir(language);
  }

  /**
   * The bundle key of the label readers see next to it: who translated, and whether anyone checked.
   */
  public String labelKey() {
    return labelKey(machine, reviewed);
  }

  static String labelKey(boolean machine, boolean reviewed) {
    return "translation.label." + (machine ? "machine" : "human") + (reviewed ? "Reviewed" : "");
  }

  public String nameKey() {
    return ContentLanguages.nameKey(language);
  }
}
