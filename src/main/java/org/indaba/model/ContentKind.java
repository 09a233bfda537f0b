package org.indaba.model;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of content that are searched, translated and audited, with the name each has in the
 * database ({@code search_outbox.entity_type}, {@code translation.entity_type}, {@code
 * audit_log.target_type}) and in the search index and query language ({@code type:reply}).
 */
public enum ContentKind {
  CONTRIBUTION("contribution"),
  THEME("theme"),
  REPLY("reply"),
  DISCUSSION("discussion"),
  /** A resource of the library: not part of any discussion, not translated. */
  RESOURCE("resource");

  /** The kinds readers may translate. */
  public static final Set<ContentKind> TRANSLATABLE =
      Set.of(CONTRIBUTION, THEME, DISCUSSION, REPLY);

  private final String code;

  ContentKind(String code) {
    this.code = code;
  }

  /** The name stored in the database and the index. */
  public String code() {
    return code;
  }

  /** The kind stored as {@code code}, exactly. */
  public static Optional<ContentKind> fromCode(String code) {
    for (ContentKind k : values()) {
      if (k.code.equals(code)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** The kind named by {@code typed}, ignoring case and surrounding blanks (as in a query). */
  public static Optional<ContentKind> fromTyped(String typed) {
    return typed == null ? Optional.empty() : fromCode(typed.strip().toLowerCase(Locale.ROOT));
  }
}
