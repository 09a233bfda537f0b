package org.indaba.translation;

import java.time.Instant;
import org.indaba.model.ContentKind;
import org.jooq.DSLContext;

/**
 * Corrects the language label of an original (a contribution, theme or discussion) in the caller's
 * transaction; false when there is no such item. The feature that owns the table implements it
 * ({@code discussion.DiscussionRepository.setOriginalLanguage}), so translation writes only its
 * own.
 */
@FunctionalInterface
public interface OriginalLanguage {
  boolean set(DSLContext tx, ContentKind kind, long id, String language, Instant now);
}
