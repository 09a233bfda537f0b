package org.indaba.search;

import java.util.Locale;
import java.util.Optional;

/** The kinds of things a reader can find; the code is what the index and the query language use. */
public enum DocType {
  CONTRIBUTION,
  THEME,
  REPLY,
  DISCUSSION,
  /** A moderator's published summary of one week. */
  SUMMARY,
  /** A resource of the library: not part of any discussion. */
  RESOURCE;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DocType> fromCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (DocType type : values()) {
      if (type.code().equalsIgnoreCase(code.strip())) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
