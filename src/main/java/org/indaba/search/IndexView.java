package org.indaba.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;

/**
 * A point-in-time searcher plus what is worth computing once per refresh rather than per query: the
 * facet ordinals, the language fields that exist (only those are queried), which of them the
 * documents of each language have and which of them occur in the same documents (a field that no
 * document shares with the others a query requires is left out of it).
 */
final class IndexView extends IndexSearcher implements LuceneQueryBuilder.FieldPresence {

  private final SortedSetDocValuesReaderState facetState;
  private final List<String> textFields;
  private final Map<String, Set<String>> fieldsByLanguage;
  private final Set<String> fieldPairs;

  private IndexView(IndexReader reader, SegmentFields perSegment) throws IOException {
    super(reader);
    FieldInfos fields = FieldInfos.getMergedFieldInfos(reader);
    List<String> text = new ArrayList<>();
    for (FieldInfo field : fields) {
      if (IndexFields.isText(field.name)) {
        text.add(field.name);
      }
    }
    Collections.sort(text);
    this.textFields = List.copyOf(text);
    this.facetState =
        fields.fieldInfo(FacetsConfig.DEFAULT_INDEX_FIELD_NAME) == null
            ? null
            : new DefaultSortedSetDocValuesReaderState(reader, DocumentMapper.FACETS);
    Map<String, Set<String>> byLanguage = new HashMap<>();
    Set<String> pairs = new HashSet<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      Presence presence = perSegment.of(leaf.reader());
      presence.byLanguage.forEach(
          (language, present) ->
              byLanguage.computeIfAbsent(language, l -> new HashSet<>()).addAll(present));
      pairs.addAll(presence.pairs);
    }
    byLanguage.replaceAll((language, present) -> Set.copyOf(present));
    this.fieldsByLanguage = Map.copyOf(byLanguage);
    this.fieldPairs = Set.copyOf(pairs);
  }

  static SearcherFactory factory() {
    SegmentFields perSegment = new SegmentFields();
    return new SearcherFactory() {
      @Override
      public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader)
          throws IOException {
        return new IndexView(reader, perSegment);
      }
    };
  }

  /** Null while no document carries facets. */
  SortedSetDocValuesReaderState facetState() {
    return facetState;
  }

  List<String> textFields() {
    return textFields;
  }

  @Override
  public Set<String> ofLanguages(Collection<String> languages) {
    Set<String> fields = new HashSet<>();
    for (String language : languages) {
      fields.addAll(fieldsByLanguage.getOrDefault(language, Set.of()));
    }
    return fields;
  }

  @Override
  public boolean together(String field, String other) {
    return field.equals(other) || fieldPairs.contains(pair(field, other));
  }

  private static String pair(String field, String other) {
    return field.compareTo(other) < 0 ? field + '\n' + other : other + '\n' + field;
  }

  /**
   * What one segment's documents hold: for each language, the text fields some document in it has
   * (its own text and translations), and the pairs of text fields some document has both of.
   * Deleted documents count too, which can only keep a field that is not needed.
   */
  private record Presence(Map<String, Set<String>> byLanguage, Set<String> pairs) {}

  /**
   * The presence of each segment: segments do not change, so each is looked at once (when it first
   * appears in a refresh) and forgotten when it is closed.
   */
  private static final class SegmentFields {
    private final Map<Object, Presence> bySegment = new ConcurrentHashMap<>();

    Presence of(LeafReader leaf) throws IOException {
      IndexReader.CacheHelper helper = leaf.getCoreCacheHelper();
      if (helper == null) {
        return compute(leaf);
      }
      Presence known = bySegment.get(helper.getKey());
      if (known != null) {
        return known;
      }
      Presence computed = compute(leaf);
      bySegment.put(helper.getKey(), computed);
      helper.addClosedListener(bySegment::remove);
      return computed;
    }

    private static Presence compute(LeafReader leaf) throws IOException {
      List<String> text = new ArrayList<>();
      for (FieldInfo field : leaf.getFieldInfos()) {
        if (IndexFields.isText(field.name) && field.hasNorms()) {
          text.add(field.name);
        }
      }
      Map<String, Set<String>> byLanguage = new HashMap<>();
      Terms terms = leaf.terms(IndexFields.LANGUAGE);
      if (terms != null) {
        TermsEnum values = terms.iterator();
        PostingsEnum docs = null;
        while (values.next() != null) {
          String language = values.term().utf8ToString();
          Set<String> present = new HashSet<>();
          for (String field : text) {
            docs = values.postings(docs, PostingsEnum.NONE);
            if (intersects(docs, leaf.getNormValues(field))) {
              present.add(field);
            }
          }
          byLanguage.put(language, Set.copyOf(present));
        }
      }
      Set<String> pairs = new HashSet<>();
      for (int i = 0; i < text.size(); i++) {
        for (int j = i + 1; j < text.size(); j++) {
          NumericDocValues first = leaf.getNormValues(text.get(i));
          NumericDocValues second = leaf.getNormValues(text.get(j));
          if (intersects(first, second)) {
            pairs.add(pair(text.get(i), text.get(j)));
          }
        }
      }
      return new Presence(Map.copyOf(byLanguage), Set.copyOf(pairs));
    }

    /** Whether the two iterators have a document in common; a null iterator has none. */
    private static boolean intersects(DocIdSetIterator a, DocIdSetIterator b) throws IOException {
      if (a == null || b == null) {
        return false;
      }
      int doc = a.nextDoc();
      while (doc != DocIdSetIterator.NO_MORE_DOCS) {
        int other = b.advance(doc);
        if (other == doc) {
          return true;
        }
        if (other == DocIdSetIterator.NO_MORE_DOCS) {
          return false;
        }
        doc = a.advance(other);
      }
      return false;
    }
  }
}
