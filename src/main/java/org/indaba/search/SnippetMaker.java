package org.indaba.search;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

/**
 * Snippets as safe HTML. Language fields keep term offsets in their postings, so stems and folded
 * accents are marked exactly where they matched without analysing the text again; hits left
 * unmarked get a second pass that re-analyses the stored text with the unstemmed analyzer, for
 * prefix and exact-form matches.
 */
final class SnippetMaker {

  static final String MARK_OPEN = "<mark>";
  private static final int SNIPPET_LENGTH = 220;

  /** Share of the snippet placed before the first match, so the reader sees some lead-in. */
  private static final float MATCH_ALIGNMENT = 0.3f;

  private static final int MAX_ANALYSED_CHARS = 50_000;

  private static final PassageScoring SCORER = new PassageScoring();

  private final Analyzer languageAnalyzer;
  private final Analyzer surfaceAnalyzer;

  /**
   * @param languageAnalyzer the index analyzer, to mark stemmed matches
   * @param surfaceAnalyzer the unstemmed folding analyzer of the "all" field, to mark prefix and
   *     exact-form matches, which stems hide ("associat*" does not meet the stem "associ")
   */
  SnippetMaker(Analyzer languageAnalyzer, Analyzer surfaceAnalyzer) {
    this.languageAnalyzer = languageAnalyzer;
    this.surfaceAnalyzer = surfaceAnalyzer;
  }

  /**
   * One snippet per hit: from the document's own language if it matched there, otherwise from the
   * translation that matched, otherwise the opening of the text.
   */
  List<String> snippets(
      IndexSearcher searcher,
      List<String> textFields,
      Query query,
      ScoreDoc[] hits,
      List<String> ownFields,
      Map<Integer, Document> stored)
      throws IOException {
    if (hits.length == 0 || textFields.isEmpty()) {
      return java.util.Collections.nCopies(hits.length, "");
    }
    String[] fields = textFields.toArray(String[]::new);
    // The first pass reads only the fields that can hold a mark (those the query has terms in)
    // and each hit's own text (shown unmarked when nothing else matched): every field left out is
    // one stored value less to load and cut into passages for each hit.
    Set<String> marked = queriedFields(query);
    Set<String> read = new LinkedHashSet<>();
    for (String field : textFields) {
      if (marked.contains(field) || ownFields.contains(field)) {
        read.add(field);
      }
    }
    Map<String, String[]> byLanguage =
        highlight(
            searcher,
            languageAnalyzer,
            field -> IndexFields.isText(field) || field.equals(IndexFields.TITLE),
            read.toArray(String[]::new),
            query,
            hits,
            stored,
            false);
    List<String> snippets = new ArrayList<>(hits.length);
    List<Integer> unmarked = new ArrayList<>();
    for (int i = 0; i < hits.length; i++) {
      String snippet = choose(byLanguage, ownFields.get(i), i);
      snippets.add(snippet);
      if (!snippet.contains(MARK_OPEN)) {
        unmarked.add(i);
      }
    }
    if (!unmarked.isEmpty()) {
      ScoreDoc[] rest = unmarked.stream().map(i -> hits[i]).toArray(ScoreDoc[]::new);
      Map<String, String[]> bySurface =
          highlight(
              searcher,
              surfaceAnalyzer,
              IndexFields.ALL::equals,
              fields,
              query,
              rest,
              stored,
              true);
      for (int j = 0; j < rest.length; j++) {
        String snippet = choose(bySurface, ownFields.get(unmarked.get(j)), j);
        if (snippet.contains(MARK_OPEN)) {
          snippets.set(unmarked.get(j), snippet);
        }
      }
    }
    return snippets;
  }

  /** The fields the query has terms in. */
  static Set<String> queriedFields(Query query) {
    Set<String> fields = new HashSet<>();
    query.visit(
        new QueryVisitor() {
          @Override
          public boolean acceptField(String field) {
            fields.add(field);
            return false;
          }

          @Override
          public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
            return occur == BooleanClause.Occur.MUST_NOT ? QueryVisitor.EMPTY_VISITOR : this;
          }
        });
    return fields;
  }

  private static Map<String, String[]> highlight(
      IndexSearcher searcher,
      Analyzer analyzer,
      java.util.function.Predicate<String> queryFields,
      String[] fields,
      Query query,
      ScoreDoc[] hits,
      Map<Integer, Document> stored,
      boolean reanalyse)
      throws IOException {
    UnifiedHighlighter.Builder builder =
        UnifiedHighlighter.builder(searcher, analyzer)
            // Escaping is on: document text cannot inject markup, only our <mark> tags appear.
            .withFormatter(new DefaultPassageFormatter(MARK_OPEN, "</mark>", "… ", true))
            .withScorer(SCORER)
            .withBreakIterator(
                () ->
                    LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getSentenceInstance(Locale.ROOT),
                        SNIPPET_LENGTH,
                        MATCH_ALIGNMENT))
            // One word is queried on several fields at once, so terms of other fields count.
            .withFieldMatcher(queryFields)
            .withMaxLength(MAX_ANALYSED_CHARS)
            // Marks terms from the offsets directly; matching whole phrases would build the
            // query's weight again for every field of every hit.
            .withWeightMatches(false);
    // Language fields carry offsets (first pass: no analysis); surface forms are not in their
    // postings, so the second pass analyses the text again.
    UnifiedHighlighter highlighter = new FromStoredHits(builder, stored, reanalyse);
    int[] passages = new int[fields.length];
    Arrays.fill(passages, 1);
    TopDocs page = new TopDocs(new TotalHits(hits.length, TotalHits.Relation.EQUAL_TO), hits);
    return highlighter.highlightFields(fields, query, page, passages);
  }

  /**
   * The highlighter, given the stored text of the hits already read with the rest of each hit, so
   * each hit's stored fields are decompressed once per search instead of once per pass. The values
   * of a field are joined and cut at the maximum length as the library's own loader does.
   */
  private static final class FromStoredHits extends UnifiedHighlighter {
    private final Map<Integer, Document> stored;
    private final boolean reanalyse;

    FromStoredHits(Builder builder, Map<Integer, Document> stored, boolean reanalyse) {
      super(builder);
      this.stored = stored;
      this.reanalyse = reanalyse;
    }

    @Override
    protected OffsetSource getOffsetSource(String field) {
      return reanalyse ? OffsetSource.ANALYSIS : super.getOffsetSource(field);
    }

    @Override
    protected List<CharSequence[]> loadFieldValues(
        String[] fields, DocIdSetIterator docs, int cacheCharsThreshold) throws IOException {
      List<CharSequence[]> loaded =
          new ArrayList<>(cacheCharsThreshold == 0 ? 1 : (int) Math.min(64, docs.cost()));
      int chars = 0;
      do {
        int doc = docs.nextDoc();
        if (doc == DocIdSetIterator.NO_MORE_DOCS) {
          break;
        }
        Document document = stored.get(doc);
        if (document == null) {
          throw new IllegalStateException("stored fields of hit " + doc + " were not read");
        }
        CharSequence[] values = new CharSequence[fields.length];
        for (int f = 0; f < fields.length; f++) {
          values[f] = joined(document.getValues(fields[f]), getMaxLength());
          chars += values[f] == null ? 0 : values[f].length();
        }
        loaded.add(values);
      } while (chars <= cacheCharsThreshold && cacheCharsThreshold != 0);
      return loaded;
    }

    /** The values in stored order, separated as the highlighter expects, cut at {@code max}. */
    private static CharSequence joined(String[] values, int max) {
      if (values.length == 0) {
        return null;
      }
      String first = values[0];
      if (values.length == 1) {
        return first.substring(0, Math.min(max, first.length()));
      }
      StringBuilder joined = new StringBuilder(first.substring(0, Math.min(max, first.length())));
      for (int i = 1; i < values.length; i++) {
        int room = max - joined.length();
        if (room <= 0) {
          break;
        }
        joined.append(MULTIVAL_SEP_CHAR);
        joined.append(values[i], 0, Math.min(room - 1, values[i].length()));
      }
      return joined;
    }
  }

  private static String choose(Map<String, String[]> byField, String ownField, int hit) {
    String own = valueAt(byField.get(ownField), hit);
    if (own != null && own.contains(MARK_OPEN)) {
      return own;
    }
    for (String[] values : byField.values()) {
      String candidate = valueAt(values, hit);
      if (candidate != null && candidate.contains(MARK_OPEN)) {
        return candidate;
      }
    }
    return own == null ? "" : own;
  }

  private static String valueAt(String[] values, int index) {
    return values == null ? null : values[index];
  }
}
