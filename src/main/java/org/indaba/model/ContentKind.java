package org.indaba.model;

import java.util.Optional;

/**
 * The kinds of content that are searched, translated and audited, with the name each has in the
 * database ({@code search_outbox.doc_type}, {@code translation.content_type}).
 */
public enum ContentKind {
  CONTRIBUTION("contribution"),
  THEME("theme"),
  DISCUSSION("discussion"),
  REPLY("reply");

  private final String dbName;

  ContentKind(String dbName) {
    this.dbName = dbName;
  }

  /** The name stored in the database. */
  public String code() {
    return dbName;
  }

  public static Optional<ContentKind> fromCode(String code) {
    for (ContentKind k : values()) {
      if (k.dbName.equals(code)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
