package org.indaba.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

/** Facet counts over every hit of a query. */
final class FacetCounter {

  /** Enough values for any sidebar; weeks get more since a long discussion has many. */
  private static final int TOP_VALUES = 30;

  private static final int TOP_WEEKS = 60;

  private FacetCounter() {}

  static SearchFacets count(
      SortedSetDocValuesReaderState state, FacetsCollector hits, IndexSearcher searcher)
      throws IOException {
    if (state == null) {
      return SearchFacets.EMPTY;
    }
    SortedSetDocValuesFacetCounts counts = new SortedSetDocValuesFacetCounts(state, hits);
    return new SearchFacets(
        top(state, counts, IndexFields.FACET_TYPE, TOP_VALUES, UnaryOperator.identity()),
        top(
            state,
            counts,
            IndexFields.FACET_DISCUSSION,
            TOP_VALUES,
            slug -> discussionTitle(searcher, slug)),
        top(state, counts, IndexFields.FACET_WEEK, TOP_WEEKS, UnaryOperator.identity()),
        top(state, counts, IndexFields.FACET_LANGUAGE, TOP_VALUES, UnaryOperator.identity()),
        top(state, counts, IndexFields.FACET_COUNTRY, TOP_VALUES, UnaryOperator.identity()),
        top(state, counts, IndexFields.FACET_KIND, TOP_VALUES, UnaryOperator.identity()),
        top(state, counts, IndexFields.FACET_TOPIC, TOP_VALUES, UnaryOperator.identity()));
  }

  private static List<FacetCount> top(
      SortedSetDocValuesReaderState state,
      SortedSetDocValuesFacetCounts counts,
      String dimension,
      int n,
      UnaryOperator<String> labeller)
      throws IOException {
    if (state.getOrdRange(dimension) == null) {
      return List.of(); // no document has this dimension yet
    }
    FacetResult result = counts.getTopChildren(n, dimension);
    if (result == null) {
      return List.of();
    }
    List<FacetCount> values = new ArrayList<>(result.labelValues.length);
    for (LabelAndValue value : result.labelValues) {
      values.add(new FacetCount(value.label, labeller.apply(value.label), value.value.longValue()));
    }
    return List.copyOf(values);
  }

  /**
   * One lookup per listed discussion: cheaper than storing titles in the facet values and keeping
   * them in sync.
   */
  private static String discussionTitle(IndexSearcher searcher, String slug) {
    try {
      ScoreDoc[] docs =
          searcher.search(new TermQuery(new Term(IndexFields.DISCUSSION, slug)), 1).scoreDocs;
      if (docs.length == 0) {
        return slug;
      }
      String title =
          searcher.storedFields().document(docs[0].doc).get(IndexFields.DISCUSSION_TITLE);
      return title == null || title.isBlank() ? slug : title;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
