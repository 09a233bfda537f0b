package org.indaba.discussion;

import java.time.Instant;

/**
 * The theme of one week: a title and a question, published once at {@code publishAt} or earlier.
 */
public record Theme(
    long id,
    long discussionId,
    int week,
    String title,
    String question,
    String questionHtml,
    String language,
    Instant publishAt,
    Instant publishedAt) {

  public boolean published() {
    return publishedAt != null;
  }
}
