package org.indaba.library;

import java.util.Locale;
import java.util.Optional;

/** The fixed list of kinds a resource may be; each has a translated name in the bundles. */
public enum ResourceKind {
  WORKING_PAPER,
  LEARNING_BRIEF,
  REPORT,
  TOOLKIT,
  PROJECT_PAGE,
  NEWS,
  EVENT,
  FUNDING;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The bundle key of the kind's name. */
  public String nameKey() {
    return keyOf(code());
  }

  public static String keyOf(String code) {
    return "library.kind." + code;
  }

  public static Optional<ResourceKind> fromCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (ResourceKind k : values()) {
      if (k.code().equals(code.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
