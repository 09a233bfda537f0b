package org.indaba.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;

/**
 * Facet counts over the hits of a query, from doc values: every hit when they are few, a bounded
 * sample scaled to the estimated total when they are many ({@link HitSample}).
 */
final class FacetCounter {

  /** Enough values for any sidebar; weeks get more since a long discussion has many. */
  private static final int TOP_VALUES = 30;

  private static final int TOP_WEEKS = 60;

  private FacetCounter() {}

  static SearchFacets count(
      SortedSetDocValuesReaderState state,
      HitSample.Result sample,
      UnaryOperator<String> discussionTitle)
      throws IOException {
    if (state == null) {
      return SearchFacets.EMPTY;
    }
    SortedSetDocValuesFacetCounts counts =
        new SortedSetDocValuesFacetCounts(state, sample.facets());
    return new SearchFacets(
        top(state, counts, sample, IndexFields.FACET_TYPE, TOP_VALUES, UnaryOperator.identity()),
        top(state, counts, sample, IndexFields.FACET_DISCUSSION, TOP_VALUES, discussionTitle),
        top(state, counts, sample, IndexFields.FACET_WEEK, TOP_WEEKS, UnaryOperator.identity()),
        top(
            state,
            counts,
            sample,
            IndexFields.FACET_LANGUAGE,
            TOP_VALUES,
            UnaryOperator.identity()),
        top(state, counts, sample, IndexFields.FACET_COUNTRY, TOP_VALUES, UnaryOperator.identity()),
        top(state, counts, sample, IndexFields.FACET_KIND, TOP_VALUES, UnaryOperator.identity()),
        top(state, counts, sample, IndexFields.FACET_TOPIC, TOP_VALUES, UnaryOperator.identity()));
  }

  private static List<FacetCount> top(
      SortedSetDocValuesReaderState state,
      SortedSetDocValuesFacetCounts counts,
      HitSample.Result sample,
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
      values.add(
          new FacetCount(
              value.label, labeller.apply(value.label), sample.scale(value.value.longValue())));
    }
    return List.copyOf(values);
  }
}
