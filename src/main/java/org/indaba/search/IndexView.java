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
 * facet ordinals, the language fields that exist (only those are queried) and which of them the
 * documents of each language have (a query filtered to a language queries only those).
 */
final class IndexView extends IndexSearcher {

  private final SortedSetDocValuesReaderState facetState;
  private final List<String> textFields;
  private final Map<String, Set<String>> fieldsByLanguage;

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
    for (LeafReaderContext leaf : reader.leaves()) {
      perSegment
          .of(leaf.reader(), textFields)
          .forEach(
              (language, present) ->
                  byLanguage.computeIfAbsent(language, l -> new HashSet<>()).addAll(present));
    }
    byLanguage.replaceAll((language, present) -> Set.copyOf(present));
    this.fieldsByLanguage = Map.copyOf(byLanguage);
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

  /**
   * The language fields that some document of one of {@code languages} has: its own text and its
   * translations. Any other language field is empty for those documents.
   */
  Set<String> textFieldsOf(Collection<String> languages) {
    Set<String> fields = new HashSet<>();
    for (String language : languages) {
      fields.addAll(fieldsByLanguage.getOrDefault(language, Set.of()));
    }
    return fields;
  }

  /**
   * Which language fields the documents of each language have, per segment: segments do not change,
   * so each is looked at once (when it first appears in a refresh) and forgotten when it is closed.
   */
  static final class SegmentFields {
    private final Map<Object, Map<String, Set<String>>> bySegment = new ConcurrentHashMap<>();

    Map<String, Set<String>> of(LeafReader leaf, List<String> textFields) throws IOException {
      IndexReader.CacheHelper helper = leaf.getCoreCacheHelper();
      if (helper == null) {
        return compute(leaf, textFields);
      }
      // a segment's fields are all among the text fields of any reader that holds it
      Map<String, Set<String>> known = bySegment.get(helper.getKey());
      if (known != null) {
        return known;
      }
      Map<String, Set<String>> computed = compute(leaf, textFields);
      bySegment.put(helper.getKey(), computed);
      helper.addClosedListener(bySegment::remove);
      return computed;
    }

    /**
     * For each language of the segment, the text fields that at least one of its documents has
     * (deleted documents included, which can only keep a field that is not needed).
     */
    private static Map<String, Set<String>> compute(LeafReader leaf, List<String> textFields)
        throws IOException {
      Map<String, Set<String>> byLanguage = new HashMap<>();
      Terms terms = leaf.terms(IndexFields.LANGUAGE);
      if (terms == null) {
        return Map.of();
      }
      TermsEnum values = terms.iterator();
      PostingsEnum docs = null;
      while (values.next() != null) {
        String language = values.term().utf8ToString();
        Set<String> present = new HashSet<>();
        for (String field : textFields) {
          NumericDocValues withField = leaf.getNormValues(field);
          if (withField == null) {
            continue;
          }
          docs = values.postings(docs, PostingsEnum.NONE);
          if (intersects(docs, withField)) {
            present.add(field);
          }
        }
        byLanguage.put(language, Set.copyOf(present));
      }
      return Map.copyOf(byLanguage);
    }

    private static boolean intersects(DocIdSetIterator a, DocIdSetIterator b) throws IOException {
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

  /** Null while no document carries facets. */
  SortedSetDocValuesReaderState facetState() {
    return facetState;
  }

  List<String> textFields() {
    return textFields;
  }
}
