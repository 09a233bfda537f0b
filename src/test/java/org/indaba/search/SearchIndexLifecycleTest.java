package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.indaba.search.Docs.doc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchIndexLifecycleTest extends IndexFixture {

  @TempDir Path dir;

  @Test
  void upsertReplacesTheDocumentWithTheSameId() throws Exception {
    try (SearchIndex index = open(dir)) {
      add(index, doc("contribution:1").body("First draft about cooperatives."));
      add(index, doc("contribution:1").body("Edited text about microfinance."));
      assertThat(index.count()).isEqualTo(1);
      assertThat(ids(index, "cooperatives")).isEmpty();
      assertThat(ids(index, "microfinance")).containsExactly("contribution:1");
    }
  }

  @Test
  void deleteRemovesOnlyTheNamedDocuments() throws Exception {
    try (SearchIndex index = open(dir)) {
      add(
          index,
          doc("contribution:1").body("cooperatives"),
          doc("contribution:2").body("cooperatives"));
      index.delete(List.of("contribution:1", "contribution:404"));
      index.refreshBlocking();
      assertThat(ids(index, "cooperatives")).containsExactly("contribution:2");
    }
  }

  @Test
  void awaitingMergesLeavesFewerSegmentsAndTheSameDocuments() throws Exception {
    try (SearchIndex index = open(dir)) {
      // one flushed segment per commit: more than a tier holds, so merges are started
      for (int i = 1; i <= 30; i++) {
        index.upsert(List.of(doc("contribution:" + i).body("cooperatives number " + i).build()));
        index.commit(i);
      }
      assertThat(index.awaitMerges(java.time.Duration.ofMinutes(1))).isTrue();
      assertThat(index.segments()).isLessThan(30);
      assertThat(index.count()).isEqualTo(30);
      assertThat(search(index, "cooperatives").total()).isEqualTo(30);
    }
  }

  @Test
  void deleteAllEmptiesTheIndex() throws Exception {
    try (SearchIndex index = open(dir)) {
      add(index, doc("contribution:1").body("cooperatives"), doc("theme:1").body("themes"));
      index.deleteAll();
      index.refreshBlocking();
      assertThat(index.count()).isZero();
    }
  }

  @Test
  void writesBecomeVisibleAfterARefresh() throws Exception {
    try (SearchIndex index = open(dir)) {
      index.upsert(List.of(doc("contribution:1").body("cooperatives").build()));
      assertThat(index.count()).isZero();
      assertThat(index.maybeRefresh()).isTrue();
      assertThat(index.count()).isEqualTo(1);
    }
  }

  @Test
  void aNewIndexStartsAtPositionZero() throws Exception {
    try (SearchIndex index = open(dir)) {
      assertThat(index.committedPosition()).isZero();
    }
  }

  @Test
  void theCommittedPositionAndDocumentsSurviveReopening() throws Exception {
    try (SearchIndex index = open(dir)) {
      index.upsert(List.of(doc("contribution:1").body("cooperatives").build()));
      index.commit(42);
      assertThat(index.committedPosition()).isEqualTo(42);
    }
    try (SearchIndex index = open(dir)) {
      assertThat(index.committedPosition()).isEqualTo(42);
      assertThat(ids(index, "cooperatives")).containsExactly("contribution:1");
    }
  }

  @Test
  void uncommittedChangesAreDroppedOnCloseSoThePositionStaysTruthful() throws Exception {
    try (SearchIndex index = open(dir)) {
      index.upsert(List.of(doc("contribution:1").body("cooperatives").build()));
      index.commit(7);
      index.upsert(List.of(doc("contribution:2").body("cooperatives").build()));
      index.delete(List.of("contribution:1"));
    }
    try (SearchIndex index = open(dir)) {
      assertThat(index.committedPosition()).isEqualTo(7);
      assertThat(ids(index, "cooperatives")).containsExactly("contribution:1");
    }
  }

  @Test
  void aLaterCommitWithoutNewDocumentsStillRecordsThePosition() throws Exception {
    try (SearchIndex index = open(dir)) {
      index.commit(3);
      index.commit(9);
    }
    try (SearchIndex index = open(dir)) {
      assertThat(index.committedPosition()).isEqualTo(9);
    }
  }

  @Test
  void aSecondWriterOnTheSameDirectoryIsRefused() throws Exception {
    try (SearchIndex index = open(dir)) {
      assertThatThrownBy(() -> open(dir).close()).isInstanceOf(IOException.class);
      assertThat(index.count()).isZero();
    }
  }

  @Test
  void searchesRunSafelyWhileTheIndexerWritesAndRefreshes() throws Exception {
    try (SearchIndex index = open(dir);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      var writer =
          pool.submit(
              () -> {
                for (int i = 0; i < 200; i++) {
                  index.upsert(
                      List.of(
                          doc("contribution:" + (i % 50)).body("cooperatives round " + i).build()));
                  if (i % 20 == 0) {
                    index.maybeRefresh();
                    index.commit(i);
                  }
                }
                return null;
              });
      List<java.util.concurrent.Future<Long>> readers = new java.util.ArrayList<>();
      for (int r = 0; r < 3; r++) {
        readers.add(
            pool.submit(
                () -> {
                  long seen = 0;
                  for (int i = 0; i < 100; i++) {
                    seen = Math.max(seen, search(index, "cooperatives").total());
                  }
                  return seen;
                }));
      }
      writer.get();
      for (var reader : readers) {
        assertThat(reader.get()).isBetween(0L, 50L);
      }
      index.refreshBlocking();
      assertThat(ids(index, "cooperatives")).hasSize(50);
    }
  }

  @Test
  void aNegativePositionIsAProgrammingError() throws Exception {
    try (SearchIndex index = open(dir)) {
      assertThatThrownBy(() -> index.commit(-1)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
