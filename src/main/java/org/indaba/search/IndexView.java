package org.indaba.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;

/**
 * A point-in-time searcher plus what is worth computing once per refresh rather than per query: the
 * facet ordinals and the language fields that exist (only those are queried).
 */
final class IndexView extends IndexSearcher {

  private final SortedSetDocValuesReaderState facetState;
  private final List<String> textFields;

  private IndexView(IndexReader reader) throws IOException {
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
  }

  static SearcherFactory factory() {
    return new SearcherFactory() {
      @Override
      public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader)
          throws IOException {
        return new IndexView(reader);
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
}
