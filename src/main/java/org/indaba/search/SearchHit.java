package org.indaba.search;

import java.time.Instant;
import org.indaba.model.ContentKind;

/**
 * One result. {@code snippetHtml} is safe HTML: the document text is escaped and the only markup is
 * {@code <mark>} around matched words. Every other string is plain text to be escaped on output.
 */
public record SearchHit(
    String id,
    ContentKind type,
    String url,
    String title,
    String snippetHtml,
    String language,
    String discussionSlug,
    String discussionTitle,
    Integer week,
    Instant date,
    String authorName,
    String organisation,
    String country) {}
