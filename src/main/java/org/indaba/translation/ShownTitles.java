package org.indaba.translation;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.indaba.i18n.ContentLanguages;

/**
 * Discussion titles as a page shows them to one reader: in the reader's language when a translation
 * gives one, else as written, each with the language it is written in (for its {@code lang} and
 * {@code dir}). Every discussion a page names is read with one query.
 */
public final class ShownTitles {
  private final TranslationRepository repo;

  public ShownTitles(TranslationRepository repo) {
    this.repo = repo;
  }

  /** A title as shown, and the language it is in. */
  public record Shown(String title, String language) {
    public String lang() {
      return ContentLanguages.langAttribute(language);
    }

    public String dir() {
      return ContentLanguages.dir(language);
    }
  }

  /**
   * The titles of the discussions with these slugs for a reader of {@code language}, by slug; a
   * slug that names no discussion is left out.
   */
  public Map<String, Shown> bySlug(Collection<String> slugs, String language) {
    Set<String> wanted = new LinkedHashSet<>();
    slugs.stream().filter(Objects::nonNull).forEach(wanted::add);
    Map<String, Shown> out = new HashMap<>();
    for (TranslationRepository.DiscussionTitleRow r : repo.discussionTitles(wanted, language)) {
      boolean translated = r.translatedTitle() != null && !r.translatedTitle().isBlank();
      out.put(
          r.slug(),
          translated
              ? new Shown(r.translatedTitle().strip(), r.translation())
              : new Shown(r.title(), r.language()));
    }
    return out;
  }

  /** The title of one discussion for a reader of {@code language}. */
  public Shown of(String slug, String fallbackTitle, String fallbackLanguage, String language) {
    Shown s = bySlug(java.util.List.of(slug), language).get(slug);
    return s != null ? s : new Shown(fallbackTitle, fallbackLanguage);
  }
}
