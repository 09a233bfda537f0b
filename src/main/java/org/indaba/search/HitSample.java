package org.indaba.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * The matching documents of a query for facet counting and the total, but at most about {@code
 * budget} of them: each segment collects its share of the budget (in proportion to its size) and
 * stops there. A segment that stopped early tells how far through its documents it got, which gives
 * an estimate of its matches. A segment that runs out of matches first is counted exactly.
 *
 * <p>Counting every match of a common word at a million posts costs more than ranking the best ten,
 * which block-max pruning can do without visiting most of them.
 */
final class HitSample implements CollectorManager<HitSample.PerSlice, HitSample.Result> {

  /**
   * @param facets the collected documents, as facet counting reads them
   * @param collected documents collected
   * @param estimate matches of the whole query: exact when {@code exact}, otherwise extrapolated
   */
  record Result(FacetsCollector facets, long collected, long estimate, boolean exact) {

    /** Facet counts of the sample scaled up to the whole query. */
    long scale(long sampledCount) {
      if (exact || collected == 0) {
        return sampledCount;
      }
      return Math.max(1, Math.round((double) sampledCount * estimate / collected));
    }
  }

  private final int budget;
  private final int maxDoc;

  HitSample(int budget, int maxDoc) {
    this.budget = budget;
    this.maxDoc = Math.max(1, maxDoc);
  }

  @Override
  public PerSlice newCollector() {
    return new PerSlice();
  }

  @Override
  public Result reduce(Collection<PerSlice> slices) throws IOException {
    List<FacetsCollector.MatchingDocs> matching = new ArrayList<>();
    long collected = 0;
    double estimate = 0;
    boolean exact = true;
    for (PerSlice slice : slices) {
      matching.addAll(slice.facets.getMatchingDocs());
      collected += slice.collected;
      estimate += slice.estimate;
      exact &= slice.exact;
    }
    FacetsCollector merged = new MergedFacets(matching);
    return new Result(merged, collected, exact ? collected : Math.round(estimate), exact);
  }

  /** Collects one slice of segments, each up to its share of the budget. */
  final class PerSlice implements Collector {
    private final FacetsCollector facets = new FacetsCollector(false);
    private long collected;
    private double estimate;
    private boolean exact = true;

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
      LeafCollector inner = facets.getLeafCollector(context);
      int segmentDocs = context.reader().maxDoc();
      long share = Math.max(1, (long) Math.ceil((double) budget * segmentDocs / maxDoc));
      return new LeafCollector() {
        private long n;
        private int last = -1;
        private boolean stopped;

        @Override
        public void setScorer(Scorable scorer) throws IOException {
          inner.setScorer(scorer);
        }

        @Override
        public void collect(int doc) throws IOException {
          inner.collect(doc);
          n++;
          last = doc;
          if (n >= share) {
            stopped = true;
            throw new CollectionTerminatedException();
          }
        }

        @Override
        public void finish() throws IOException {
          inner.finish();
          collected += n;
          if (stopped && last + 1 < segmentDocs) {
            exact = false;
            estimate += (double) n * segmentDocs / (last + 1);
          } else {
            estimate += n;
          }
        }
      };
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }
  }

  /** The union of the slices' documents, read by facet counting like one collector's. */
  private static final class MergedFacets extends FacetsCollector {
    private final List<MatchingDocs> matching;

    MergedFacets(List<MatchingDocs> matching) {
      super(false);
      this.matching = List.copyOf(matching);
    }

    @Override
    public List<MatchingDocs> getMatchingDocs() {
      return matching;
    }
  }
}
