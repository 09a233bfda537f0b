package org.indaba.content;

import java.util.Objects;

/**
 * Where a {@code [#123]} reference in a contribution points, and the text shown for it.
 *
 * @param url an absolute http(s) URL or a root-relative path inside Indaba
 * @param label plain text (for example the cited contribution's author and date); it is escaped
 *     when rendered, never interpreted as HTML or Markdown
 */
public record Citation(String url, String label) {
  public Citation {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(label, "label");
  }
}
