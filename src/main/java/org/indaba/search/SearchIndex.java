package org.indaba.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DocumentStoredFieldVisitor;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.QueryTimeoutImpl;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.indaba.model.ContentKind;

/**
 * The search index of one site, in one directory. Writes are applied in outbox order by a single
 * indexer and become durable with {@link #commit(long)}, which records how far the outbox was
 * applied; searches see changes after {@link #maybeRefresh()}. All methods are thread-safe.
 *
 * <p>Uncommitted changes are dropped on close, so after a restart the index holds exactly what
 * {@link #committedPosition()} says and the indexer resumes from there.
 */
public final class SearchIndex implements AutoCloseable {

  static final String POSITION_KEY = "indaba.outboxPosition";

  /**
   * Consolidated replies summarise a week of discussion, so they rank above single contributions: a
   * constant added to their score (about a third of a typical one-word score), which keeps scores
   * bounded per block so the best hits can be found without scoring every match.
   */
  private static final float REPLY_BONUS = 1f;

  /**
   * Totals are counted exactly up to here by the ranking pass; past it, ranking skips what cannot
   * make the page and the total comes from {@link HitSample}.
   */
  static final int EXACT_TOTAL_BELOW = 1_000;

  /**
   * Matches sampled for the total and the facets: queries with fewer matches are counted exactly,
   * larger ones are estimated from this many (a few percent off, which "About 43,000 results"
   * already says; counting the facets of more cost as much as ranking at a million posts).
   */
  static final int SAMPLE = 2_000;

  private static final double RAM_BUFFER_MB = 96;

  private static final SortField NEWEST_FIRST =
      new SortField(IndexFields.DATE, SortField.Type.LONG, true);

  /**
   * Last tie-break of every order: equal scores and equal dates come back in the same order
   * whatever the segments look like (an index rebuilt from scratch or one updated for months).
   */
  private static final SortField BY_ID = new SortField(IndexFields.ID, SortField.Type.STRING);

  /**
   * @param searchTimeout time budget of one search; when spent, results are partial instead of late
   * @param sample matches counted for the total and the facets before they are estimated
   */
  public record Settings(Duration searchTimeout, int sample) {
    public Settings {
      Objects.requireNonNull(searchTimeout, "searchTimeout");
      if (sample < 1) {
        throw new IllegalArgumentException("sample must be positive");
      }
    }

    public Settings(Duration searchTimeout) {
      this(searchTimeout, SAMPLE);
    }

    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(2));
    }
  }

  private final Directory directory;
  private final Analyzer analyzer;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final SnippetMaker snippets;
  private final Settings settings;
  private final Object commitLock = new Object();
  private final ExecutorService executor;
  private final DiscussionTitles titles = new DiscussionTitles();
  private final LuceneQueryBuilder.AnalysedWords analysedWords =
      new LuceneQueryBuilder.AnalysedWords();
  private volatile long committedPosition;

  private SearchIndex(Directory directory, Settings settings) throws IOException {
    this.directory = directory;
    this.settings = settings;
    this.analyzer = SearchAnalyzers.perField();
    IndexWriterConfig config =
        new IndexWriterConfig(analyzer)
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
            // fewer, larger flushes while rebuilding; the incremental indexer never fills it
            .setRAMBufferSizeMB(RAM_BUFFER_MB)
            .setCommitOnClose(false);
    this.committedPosition = readPosition(directory);
    this.writer = new IndexWriter(directory, config);
    this.searchers = new SearcherManager(writer, IndexView.factory());
    this.snippets = new SnippetMaker(analyzer, new SearchAnalyzers.FoldingAnalyzer());
    this.executor = searchThreads();
  }

  /** Segments are searched in parallel, on daemon threads so an unclosed index never hangs exit. */
  private static ExecutorService searchThreads() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        task -> {
          Thread t = new Thread(task, "search-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  public static SearchIndex open(Path path) throws IOException {
    return open(path, Settings.defaults());
  }

  public static SearchIndex open(Path path, Settings settings) throws IOException {
    Directory directory = FSDirectory.open(path);
    try {
      return new SearchIndex(directory, settings);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  /** Adds or replaces documents, matched by id. */
  public void upsert(Collection<SearchDocument> documents) throws IOException {
    for (SearchDocument document : documents) {
      Document lucene = DocumentMapper.toLucene(document);
      writer.updateDocument(new Term(IndexFields.ID, document.id()), lucene);
      titles.learn(document);
    }
  }

  /**
   * Adds documents known to be new (a rebuild after {@link #deleteAll()}): no lookup of an older
   * version. Safe to call from several threads at once.
   */
  public void add(Collection<SearchDocument> documents) throws IOException {
    for (SearchDocument document : documents) {
      writer.addDocument(DocumentMapper.toLucene(document));
      titles.learn(document);
    }
  }

  /** Removes documents by id; unknown ids are ignored, as a replayed outbox may repeat deletes. */
  public void delete(Collection<String> ids) throws IOException {
    Term[] terms = ids.stream().map(id -> new Term(IndexFields.ID, id)).toArray(Term[]::new);
    if (terms.length > 0) {
      writer.deleteDocuments(terms);
    }
  }

  /** Empties the index, e.g. before a full rebuild; takes effect at the next commit. */
  public void deleteAll() throws IOException {
    writer.deleteAll();
    titles.clear();
  }

  /** Makes everything written so far durable, together with the outbox position it reflects. */
  public void commit(long outboxPosition) throws IOException {
    if (outboxPosition < 0) {
      throw new IllegalArgumentException("outboxPosition must not be negative");
    }
    synchronized (commitLock) {
      writer.setLiveCommitData(Map.of(POSITION_KEY, Long.toString(outboxPosition)).entrySet());
      writer.commit();
      committedPosition = outboxPosition;
    }
  }

  /** The outbox position of the last commit; 0 for a new index. */
  public long committedPosition() {
    return committedPosition;
  }

  /** Makes recent writes searchable if the previous refresh is done; cheap, meant for a timer. */
  public boolean maybeRefresh() throws IOException {
    return searchers.maybeRefresh();
  }

  /** Makes recent writes searchable now, waiting for a refresh in progress. */
  public void refreshBlocking() throws IOException {
    searchers.maybeRefreshBlocking();
  }

  /**
   * Waits up to {@code limit} for the segment merges under way (a rebuild leaves some running after
   * its commit) and makes their result searchable; returns whether none is left.
   */
  public boolean awaitMerges(Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    ConcurrentMergeScheduler scheduler =
        writer.getConfig().getMergeScheduler() instanceof ConcurrentMergeScheduler cms ? cms : null;
    while (writer.hasPendingMerges() || (scheduler != null && scheduler.mergeThreadCount() > 0)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    refreshBlocking();
    return true;
  }

  /** The query a search for {@code query} matches with, as built for the current index. */
  Query matchingQuery(SearchQuery query) throws IOException {
    IndexView view = (IndexView) searchers.acquire();
    try {
      return new LuceneQueryBuilder(
              analyzer, view.textFields(), view.getIndexReader(), analysedWords, view)
          .build(query.root());
    } finally {
      searchers.release(view);
    }
  }

  /** Segments of the index as searches see it (as of the last refresh). */
  public int segments() throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.getIndexReader().leaves().size();
    } finally {
      searchers.release(searcher);
    }
  }

  /** Documents visible to searches (as of the last refresh). */
  public int count() throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.getIndexReader().numDocs();
    } finally {
      searchers.release(searcher);
    }
  }

  public SearchResults search(SearchRequest request) throws IOException, SearchQueryException {
    IndexView view = (IndexView) searchers.acquire();
    try {
      return search(view, request);
    } catch (IndexSearcher.TooManyClauses e) {
      throw new SearchQueryException(SearchQueryException.TOO_COMPLEX);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      searchers.release(view);
    }
  }

  private SearchResults search(IndexView view, SearchRequest request) throws IOException {
    // A searcher of our own per request: the timeout is per search, the shared one is not ours to
    // set.
    IndexReader reader = view.getIndexReader();
    IndexSearcher searcher = new IndexSearcher(reader, executor);
    searcher.setTimeout(new QueryTimeoutImpl(settings.searchTimeout().toMillis()));
    Query matching =
        new LuceneQueryBuilder(analyzer, view.textFields(), reader, analysedWords, view)
            .build(request.query().root());
    boolean byRelevance = request.sort() == SortOrder.RELEVANCE;
    Sort sort =
        byRelevance
            ? new Sort(SortField.FIELD_SCORE, NEWEST_FIRST, BY_ID)
            : new Sort(NEWEST_FIRST, BY_ID);
    int wanted = request.offset() + request.pageSize();
    int exactBelow = Math.min(EXACT_TOTAL_BELOW, settings.sample());
    Query sampled = new ConstantScoreQuery(matching);
    // The total and the facets do not depend on the ranking: they are counted on another thread
    // while this one ranks and cuts snippets, then both are joined.
    Future<Counted> counting =
        view.facetState() == null
            ? null
            : executor.submit(() -> count(searcher, view, reader, sampled, settings.sample()));
    try {
      TopFieldDocs top =
          byRelevance
              ? rankWithReplyBonus(searcher, matching, sort, wanted, exactBelow)
              : searcher.search(
                  matching, new TopFieldCollectorManager(sort, wanted, null, exactBelow));
      ScoreDoc[] page =
          top.scoreDocs.length <= request.offset()
              ? new ScoreDoc[0]
              : Arrays.copyOfRange(top.scoreDocs, request.offset(), top.scoreDocs.length);
      List<SearchHit> hits = hits(searcher, view, matching, page);
      boolean counted = top.totalHits.relation() == TotalHits.Relation.EQUAL_TO;
      long total = top.totalHits.value();
      boolean estimated = false;
      Counted sample = counting == null ? null : await(counting);
      counting = null;
      if (counted && sample != null && !sample.hits().exact()) {
        // few hits, but crowded into a segment whose share of the sample they outgrew: the ranking
        // pass counted them exactly, so the facets count them all too
        sample = count(searcher, view, reader, sampled, Integer.MAX_VALUE);
      }
      if (!counted && sample == null) {
        sample = count(searcher, view, reader, sampled, settings.sample());
      }
      if (!counted) {
        estimated = !sample.hits().exact();
        // the ranking pass saw at least its threshold: never show less than that
        total = Math.max(sample.hits().estimate(), total);
      }
      SearchFacets facets = sample == null ? SearchFacets.EMPTY : sample.facets();
      return new SearchResults(
          total, hits, facets, request.page(), request.pageSize(), searcher.timedOut(), estimated);
    } finally {
      if (counting != null) {
        // ranking failed: let the counting finish before the searcher is released
        counting.cancel(false);
        try {
          counting.get();
        } catch (Exception ignored) {
          // the ranking's failure is the one reported
        }
      }
    }
  }

  /**
   * The best {@code wanted} hits by relevance, consolidated replies getting {@link #REPLY_BONUS}:
   * the contributions and the replies are ranked apart and merged. A bonus clause over the whole
   * query would raise the score bound of every block of documents by the bonus, though replies are
   * a few per week, so blocks that cannot make the page would be scored rather than skipped; ranked
   * apart, the contributions are ranked by the words alone and the replies, a conjunction led by
   * their rare type, cost little. Scores and order are those of the query with the bonus clause.
   */
  private static TopFieldDocs rankWithReplyBonus(
      IndexSearcher searcher, Query matching, Sort sort, int wanted, int exactBelow)
      throws IOException {
    Query reply = new TermQuery(new Term(IndexFields.TYPE, ContentKind.REPLY.code()));
    Query others =
        new BooleanQuery.Builder()
            .add(matching, BooleanClause.Occur.MUST)
            .add(reply, BooleanClause.Occur.MUST_NOT)
            .build();
    Query replies =
        new BooleanQuery.Builder()
            .add(matching, BooleanClause.Occur.MUST)
            .add(
                new BoostQuery(new ConstantScoreQuery(reply), REPLY_BONUS),
                BooleanClause.Occur.SHOULD)
            .add(reply, BooleanClause.Occur.FILTER)
            .build();
    TopFieldDocs fromOthers =
        searcher.search(others, new TopFieldCollectorManager(sort, wanted, null, exactBelow));
    TopFieldDocs fromReplies =
        searcher.search(replies, new TopFieldCollectorManager(sort, wanted, null, exactBelow));
    TopFieldDocs merged = TopDocs.merge(sort, wanted, new TopFieldDocs[] {fromOthers, fromReplies});
    boolean exact =
        fromOthers.totalHits.relation() == TotalHits.Relation.EQUAL_TO
            && fromReplies.totalHits.relation() == TotalHits.Relation.EQUAL_TO;
    return new TopFieldDocs(
        new TotalHits(
            fromOthers.totalHits.value() + fromReplies.totalHits.value(),
            exact ? TotalHits.Relation.EQUAL_TO : TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO),
        merged.scoreDocs,
        merged.fields);
  }

  /** The sampled matches of a query and the facets counted from them. */
  private record Counted(HitSample.Result hits, SearchFacets facets) {}

  /**
   * Collects up to {@code budget} matches (every one when fewer) and counts the facets over them.
   */
  private Counted count(
      IndexSearcher searcher, IndexView view, IndexReader reader, Query sampled, int budget)
      throws IOException {
    HitSample.Result sample = searcher.search(sampled, new HitSample(budget, reader.maxDoc()));
    return new Counted(
        sample, FacetCounter.count(view.facetState(), sample, slug -> titles.of(searcher, slug)));
  }

  private static Counted await(Future<Counted> counting) throws IOException {
    try {
      return counting.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while counting");
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        default -> throw new IOException(e.getCause());
      }
    }
  }

  private List<SearchHit> hits(IndexSearcher searcher, IndexView view, Query query, ScoreDoc[] page)
      throws IOException {
    StoredFields stored = searcher.storedFields();
    // one read per hit for what it shows and the texts its snippet is cut from
    Set<String> read = new HashSet<>(HIT_FIELDS);
    read.addAll(view.textFields());
    List<Document> documents = new ArrayList<>(page.length);
    Map<Integer, Document> byDoc = new HashMap<>();
    List<String> ownFields = new ArrayList<>(page.length);
    for (ScoreDoc hit : page) {
      DocumentStoredFieldVisitor visitor = new DocumentStoredFieldVisitor(read);
      stored.document(hit.doc, visitor);
      Document document = visitor.getDocument();
      documents.add(document);
      byDoc.put(hit.doc, document);
      ownFields.add(IndexFields.text(document.get(IndexFields.LANGUAGE)));
    }
    List<String> snippetHtml =
        snippets.snippets(searcher, view.textFields(), query, page, ownFields, byDoc);
    List<SearchHit> hits = new ArrayList<>(page.length);
    for (int i = 0; i < page.length; i++) {
      hits.add(toHit(documents.get(i), snippetHtml.get(i)));
    }
    return hits;
  }

  /** What a hit shows, besides the texts its snippet is cut from. */
  private static final Set<String> HIT_FIELDS =
      Set.of(
          IndexFields.ID,
          IndexFields.TYPE,
          IndexFields.URL,
          IndexFields.TITLE,
          IndexFields.LANGUAGE,
          IndexFields.DISCUSSION,
          IndexFields.DISCUSSION_TITLE,
          IndexFields.WEEK,
          IndexFields.DATE,
          IndexFields.AUTHOR,
          IndexFields.ORGANISATION,
          IndexFields.COUNTRY);

  private static SearchHit toHit(Document document, String snippetHtml) {
    var week = document.getField(IndexFields.WEEK);
    return new SearchHit(
        document.get(IndexFields.ID),
        ContentKind.fromTyped(document.get(IndexFields.TYPE)).orElseThrow(),
        document.get(IndexFields.URL),
        document.get(IndexFields.TITLE),
        snippetHtml,
        document.get(IndexFields.LANGUAGE),
        document.get(IndexFields.DISCUSSION),
        document.get(IndexFields.DISCUSSION_TITLE),
        week == null ? null : week.numericValue().intValue(),
        Instant.ofEpochMilli(document.getField(IndexFields.DATE).numericValue().longValue()),
        document.get(IndexFields.AUTHOR),
        document.get(IndexFields.ORGANISATION),
        document.get(IndexFields.COUNTRY));
  }

  private static long readPosition(Directory directory) throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return 0;
    }
    String value = SegmentInfos.readLatestCommit(directory).getUserData().get(POSITION_KEY);
    return value == null ? 0 : Long.parseLong(value);
  }

  @Override
  public void close() throws IOException {
    executor.shutdown();
    try (directory;
        writer;
        searchers) {
      // closes in reverse order: searchers, then the writer (dropping uncommitted changes), then
      // the directory
    }
  }
}
