package org.indaba.translation;

import java.util.List;
import org.indaba.i18n.ContentLanguages;

/** One choice in a language select; its name comes from the bundles. */
public record LanguageOption(String code, boolean selected) {
  public String nameKey() {
    return ContentLanguages.nameKey(code);
  }

  /** Every language a content label may take, with the current one selected. */
  public static List<LanguageOption> labels(String current) {
    return ContentLanguages.LABELS.stream()
        .map(c -> new LanguageOption(c, c.equals(current)))
        .toList();
  }

  /** Languages a text may be translated into: the named ones except its own. */
  public static List<LanguageOption> targets(String originalLanguage, String preferred) {
    return ContentLanguages.NAMED.stream()
        .filter(c -> !c.equals(originalLanguage))
        .map(c -> new LanguageOption(c, c.equals(preferred)))
        .toList();
  }
}
