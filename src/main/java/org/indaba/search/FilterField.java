package org.indaba.search;

import java.util.Locale;
import java.util.Optional;

/** The {@code name:value} filters of the query language. */
public enum FilterField {
  DISCUSSION("discussion"),
  WEEK("week"),
  LANGUAGE("lang"),
  TYPE("type"),
  AUTHOR("author"),
  ORGANISATION("org"),
  COUNTRY("country"),
  KIND("kind"),
  TOPIC("topic"),
  BEFORE("before"),
  AFTER("after");

  private final String keyword;

  FilterField(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }

  /** Whether {@code a,b} means "a or b"; names and countries may themselves contain commas. */
  boolean acceptsList() {
    return this == DISCUSSION
        || this == WEEK
        || this == LANGUAGE
        || this == TYPE
        || this == KIND
        || this == TOPIC;
  }

  static Optional<FilterField> fromKeyword(String keyword) {
    String wanted = keyword.toLowerCase(Locale.ROOT);
    for (FilterField field : values()) {
      if (field.keyword.equals(wanted)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }
}
