package org.indaba.content;

import java.util.Optional;

/**
 * Looks up the contribution a {@code [#id]} reference names. Returning empty leaves the reference
 * as plain text, which is also what readers should see for ids they may not open.
 */
@FunctionalInterface
public interface CitationResolver {

  /** Resolves nothing; rendering with it is the same as rendering without citations. */
  CitationResolver NONE = id -> Optional.empty();

  Optional<Citation> resolve(long id);
}
