package org.indaba.translation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.indaba.model.ContentKind;

/**
 * Discussion titles in their readers' languages, for mail that names a discussion: every title a
 * batch of mails needs is read with one query, whatever the number of recipients, discussions and
 * languages. A title with no translation into a language stays as written.
 */
public final class TranslatedTitles {
  private final TranslationRepository repo;

  public TranslatedTitles(TranslationRepository repo) {
    this.repo = repo;
  }

  /** The translated titles of these discussions into these languages (one query). */
  public Lookup discussions(Collection<Long> discussionIds, Collection<String> languages) {
    return new Lookup(
        repo.titles(
            ContentKind.DISCUSSION.code(), Set.copyOf(discussionIds), Set.copyOf(languages)));
  }

  /** The titles of one discussion in these languages (one query). */
  public Lookup discussion(long discussionId, Collection<String> languages) {
    return discussions(List.of(discussionId), languages);
  }

  /** What was read: the title of a discussion in a language, or the original. */
  public record Lookup(Map<Long, Map<String, String>> titles) {
    /** The title of {@code id} in {@code language}, or {@code original} when not translated. */
    public String of(long id, String language, String original) {
      String t = titles.getOrDefault(id, Map.of()).get(language);
      return t == null || t.isBlank() ? original : t;
    }
  }
}
