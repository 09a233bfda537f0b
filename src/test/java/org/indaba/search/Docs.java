package org.indaba.search;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.indaba.model.ContentKind;

/** Builds test documents with sensible defaults, so each test states only what it is about. */
final class Docs {

  private String id;
  private ContentKind type = ContentKind.CONTRIBUTION;
  private String discussionSlug = "migration-and-development";
  private String discussionTitle = "Migration and development";
  private Integer week = 1;
  private String language = "en";
  private String title = "";
  private String body = "";
  private String author = "Aminata Diallo";
  private String organisation = "Réseau Migration";
  private String country = "Senegal";
  private Instant date = Instant.parse("2024-03-01T10:00:00Z");
  private final Map<String, String> translations = new HashMap<>();

  static Docs doc(String id) {
    Docs docs = new Docs();
    docs.id = id;
    return docs;
  }

  Docs type(ContentKind value) {
    type = value;
    return this;
  }

  Docs discussion(String slug, String titleOfDiscussion) {
    discussionSlug = slug;
    discussionTitle = titleOfDiscussion;
    return this;
  }

  Docs week(Integer value) {
    week = value;
    return this;
  }

  Docs lang(String value) {
    language = value;
    return this;
  }

  Docs title(String value) {
    title = value;
    return this;
  }

  Docs body(String value) {
    body = value;
    return this;
  }

  Docs author(String value) {
    author = value;
    return this;
  }

  Docs org(String value) {
    organisation = value;
    return this;
  }

  Docs country(String value) {
    country = value;
    return this;
  }

  Docs date(String iso) {
    date = Instant.parse(iso);
    return this;
  }

  Docs translation(String lang, String text) {
    translations.put(lang, text);
    return this;
  }

  SearchDocument build() {
    return new SearchDocument(
        id,
        type,
        discussionSlug,
        discussionTitle,
        week,
        language,
        title,
        body,
        author,
        organisation,
        country,
        date,
        "/d/" + discussionSlug + "#" + id,
        translations);
  }
}
