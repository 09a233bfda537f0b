package org.indaba.search;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

/**
 * Snippets as safe HTML. The stored text of each language field is re-analysed with that field's
 * analyzer, so stems and folded accents are marked exactly where they matched. Query terms from any
 * text field count, because one word is queried on several fields at once.
 */
final class SnippetMaker {

    static final String MARK_OPEN = "<mark>";
    private static final int SNIPPET_LENGTH = 220;
    /** Share of the snippet placed before the first match, so the reader sees some lead-in. */
    private static final float MATCH_ALIGNMENT = 0.3f;
    private static final int MAX_ANALYSED_CHARS = 50_000;

    private final Analyzer analyzer;

    SnippetMaker(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * One snippet per hit: from the document's own language if it matched there, otherwise from the
     * translation that matched, otherwise the opening of the text.
     */
    List<String> snippets(IndexSearcher searcher, List<String> textFields, Query query, ScoreDoc[] hits,
            List<String> ownFields) throws IOException {
        if (hits.length == 0 || textFields.isEmpty()) {
            return java.util.Collections.nCopies(hits.length, "");
        }
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                // Escaping is on: document text cannot inject markup, only our <mark> tags appear.
                .withFormatter(new DefaultPassageFormatter(MARK_OPEN, "</mark>", "… ", true))
                .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getSentenceInstance(Locale.ROOT), SNIPPET_LENGTH, MATCH_ALIGNMENT))
                .withFieldMatcher(field -> IndexFields.isText(field) || field.equals(IndexFields.ALL)
                        || field.equals(IndexFields.TITLE))
                .withMaxLength(MAX_ANALYSED_CHARS)
                .build();
        String[] fields = textFields.toArray(String[]::new);
        int[] passages = new int[fields.length];
        Arrays.fill(passages, 1);
        TopDocs page = new TopDocs(new TotalHits(hits.length, TotalHits.Relation.EQUAL_TO), hits);
        Map<String, String[]> byField = highlighter.highlightFields(fields, query, page, passages);
        List<String> snippets = new ArrayList<>(hits.length);
        for (int i = 0; i < hits.length; i++) {
            snippets.add(choose(byField, ownFields.get(i), i));
        }
        return snippets;
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
