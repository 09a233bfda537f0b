package org.indaba.search;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.indaba.model.ContentKind;

/**
 * One searchable item as the indexer hands it over. Text is plain (markup already stripped);
 * optional fields may be null. {@code translations} maps a language code to a translation of the
 * title and body, so a reader searching in that language finds the original.
 */
public record SearchDocument(
    String id,
    ContentKind type,
    String discussionSlug,
    String discussionTitle,
    Integer week,
    String language,
    String title,
    String body,
    String authorName,
    String organisation,
    String country,
    Instant date,
    String url,
    Map<String, String> translations,
    String kind,
    java.util.List<String> topics) {

  /** A document without library facets (everything but resources). */
  public SearchDocument(
      String id,
      ContentKind type,
      String discussionSlug,
      String discussionTitle,
      Integer week,
      String language,
      String title,
      String body,
      String authorName,
      String organisation,
      String country,
      Instant date,
      String url,
      Map<String, String> translations) {
    this(
        id,
        type,
        discussionSlug,
        discussionTitle,
        week,
        language,
        title,
        body,
        authorName,
        organisation,
        country,
        date,
        url,
        translations,
        null,
        java.util.List.of());
  }

  public SearchDocument {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(date, "date");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    language = Languages.normalise(language);
    translations = translations == null ? Map.of() : Map.copyOf(translations);
    topics = topics == null ? java.util.List.of() : java.util.List.copyOf(topics);
  }

  /** A stable id of the form {@code type:key}, e.g. {@code contribution:123}. */
  public static String idOf(ContentKind type, Object key) {
    return type.code() + ":" + key;
  }
}
