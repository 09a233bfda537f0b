package org.indaba.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Shared steps of the index tests. */
abstract class IndexFixture {

  static void add(SearchIndex index, Docs... docs) throws IOException {
    index.upsert(Arrays.stream(docs).map(Docs::build).toList());
    index.refreshBlocking();
  }

  static SearchResults search(SearchIndex index, String query) throws Exception {
    return index.search(SearchRequest.of(query).withPage(1, 50));
  }

  static List<String> ids(SearchIndex index, String query) throws Exception {
    return search(index, query).hits().stream().map(SearchHit::id).toList();
  }

  static SearchIndex open(Path dir) throws IOException {
    return SearchIndex.open(dir);
  }
}
