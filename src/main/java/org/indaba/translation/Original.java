package org.indaba.translation;

import java.util.List;
import org.indaba.i18n.ContentLanguages;

/**
 * The text a translation is made from, whatever its kind. {@code title} is null for contributions,
 * which have none; {@code published} says whether readers who do not moderate may see it.
 */
public record Original(
    String type,
    long id,
    long discussionId,
    String discussionSlug,
    String discussionTitle,
    String language,
    String title,
    String body,
    String bodyHtml,
    Long authorId,
    boolean published,
    String url,
    List<String> welcomedLanguages) {

  public String lang() {
    return ContentLanguages.langAttribute(language);
  }

  public String dir() {
    return ContentLanguages.dir(language);
  }

  public String nameKey() {
    return ContentLanguages.nameKey(language);
  }

  public boolean hasTitle() {
    return title != null;
  }

  /** The translation's pages for this original. */
  public String translationsHref() {
    return "/translations/" + type + "/" + id;
  }
}
