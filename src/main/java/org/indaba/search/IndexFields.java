package org.indaba.search;

/** Names of the index fields; how each one is analysed is explained where it is written. */
final class IndexFields {

  static final String ID = "id";
  static final String TYPE = "type";
  static final String DISCUSSION = "discussion";
  static final String DISCUSSION_TITLE = "discussionTitle";
  static final String WEEK = "week";
  static final String LANGUAGE = "lang";
  static final String TITLE = "title";
  static final String ALL = "all";
  static final String AUTHOR = "author";
  static final String ORGANISATION = "org";
  static final String COUNTRY = "country";
  static final String DATE = "date";
  static final String URL = "url";
  static final String KIND = "kind";
  static final String TOPIC = "topic";

  /**
   * Per-language text fields are named {@code text.<bucket>}, the bucket being a stemmed language
   * or "und".
   */
  static final String TEXT_PREFIX = "text.";

  /** Facet dimensions (kept in the facets doc values field, separate from the fields above). */
  static final String FACET_TYPE = "type";

  static final String FACET_DISCUSSION = "discussion";
  static final String FACET_WEEK = "week";
  static final String FACET_LANGUAGE = "language";
  static final String FACET_COUNTRY = "country";
  static final String FACET_KIND = "kind";
  static final String FACET_TOPIC = "topic";

  private IndexFields() {}

  static String text(String language) {
    return TEXT_PREFIX + Languages.analysisBucket(language);
  }

  static boolean isText(String field) {
    return field.startsWith(TEXT_PREFIX);
  }
}
