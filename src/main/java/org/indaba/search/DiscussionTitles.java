package org.indaba.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

/**
 * Titles of discussions by slug, for labelling the discussion facet without a search per value.
 * Learnt from every document written (the newest title wins) and, after a restart, looked up once
 * per slug in the index.
 */
final class DiscussionTitles {

  /** A site has tens of discussions; past this many, start again rather than grow. */
  private static final int MAX_ENTRIES = 10_000;

  private final Map<String, String> bySlug = new ConcurrentHashMap<>();

  void learn(SearchDocument document) {
    String slug = document.discussionSlug();
    String title = document.discussionTitle();
    if (slug != null && title != null && !title.isBlank()) {
      remember(slug.toLowerCase(java.util.Locale.ROOT), title);
    }
  }

  void clear() {
    bySlug.clear();
  }

  /** The title to show for {@code slug}; the slug itself when no document gives one. */
  String of(IndexSearcher searcher, String slug) {
    String known = bySlug.get(slug);
    if (known != null) {
      return known;
    }
    String found = lookUp(searcher, slug);
    if (found != null) {
      remember(slug, found);
      return found;
    }
    return slug;
  }

  private void remember(String slug, String title) {
    if (bySlug.size() >= MAX_ENTRIES && !bySlug.containsKey(slug)) {
      bySlug.clear();
    }
    bySlug.put(slug, title);
  }

  private static String lookUp(IndexSearcher searcher, String slug) {
    try {
      ScoreDoc[] docs =
          searcher.search(new TermQuery(new Term(IndexFields.DISCUSSION, slug)), 1).scoreDocs;
      if (docs.length == 0) {
        return null;
      }
      String title =
          searcher.storedFields().document(docs[0].doc).get(IndexFields.DISCUSSION_TITLE);
      return title == null || title.isBlank() ? null : title;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
