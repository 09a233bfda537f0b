package org.indaba.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.indaba.content.MarkdownRenderer;
import org.indaba.model.ContentKind;
import org.indaba.search.SearchSourceRepository.Source;
import org.indaba.search.SearchSourceRepository.TranslationRow;

/**
 * Turns the current state of changed entities into index operations: visible ones become documents
 * to upsert, the others ids to delete. The incremental indexer and the full rebuild both go through
 * {@link #resolve}, so they produce the same documents.
 */
public final class SearchSources {
  /**
   * Ids per load query: bounds the statement size when a discussion change touches many entities.
   */
  static final int CHUNK = 1_000;

  /** What to write to the index for a set of changed entities. */
  public record Changes(List<SearchDocument> upserts, List<String> deletes) {}

  private final SearchSourceRepository repository;

  public SearchSources(SearchSourceRepository repository) {
    this.repository = repository;
  }

  public SearchSourceRepository repository() {
    return repository;
  }

  /**
   * Loads the given entities (one query per type and one for all translations, per chunk of ids). A
   * discussion's change also re-reads everything in it: its title, slug and visibility are part of
   * every document of the discussion.
   */
  public Changes resolve(Map<ContentKind, ? extends Collection<Long>> changed) {
    return resolve(changed, true);
  }

  /**
   * @param cascade whether a discussion brings its contents along (not in a rebuild, which lists
   *     them anyway)
   */
  public Changes resolve(Map<ContentKind, ? extends Collection<Long>> changed, boolean cascade) {
    Map<ContentKind, Set<Long>> ids = new EnumMap<>(ContentKind.class);
    changed.forEach(
        (type, list) -> ids.computeIfAbsent(type, t -> new LinkedHashSet<>()).addAll(list));
    if (cascade) {
      Set<Long> discussions = ids.getOrDefault(ContentKind.DISCUSSION, Set.of());
      repository
          .childrenOf(discussions)
          .forEach(
              (type, list) -> ids.computeIfAbsent(type, t -> new LinkedHashSet<>()).addAll(list));
    }
    List<SearchDocument> upserts = new ArrayList<>();
    List<String> deletes = new ArrayList<>();
    for (Map<ContentKind, List<Long>> chunk : chunks(ids)) {
      resolveChunk(chunk, upserts, deletes);
    }
    return new Changes(upserts, deletes);
  }

  private void resolveChunk(
      Map<ContentKind, List<Long>> chunk, List<SearchDocument> upserts, List<String> deletes) {
    List<Source> visible = new ArrayList<>();
    chunk.forEach((type, list) -> visible.addAll(repository.load(type, list)));
    Map<String, Map<String, String>> translations = new HashMap<>();
    if (!visible.isEmpty()) {
      Map<ContentKind, List<Long>> found = new EnumMap<>(ContentKind.class);
      visible.forEach(s -> found.computeIfAbsent(s.type(), t -> new ArrayList<>()).add(s.id()));
      for (TranslationRow t : repository.translations(found)) {
        translations
            .computeIfAbsent(
                SearchDocument.idOf(t.type(), t.entityId()), k -> new LinkedHashMap<>())
            .put(t.language(), translationText(t));
      }
    }
    Set<String> kept = new java.util.HashSet<>();
    for (Source s : visible) {
      SearchDocument doc =
          toDocument(s, translations.getOrDefault(SearchDocument.idOf(s.type(), s.id()), Map.of()));
      upserts.add(doc);
      kept.add(doc.id());
    }
    chunk.forEach(
        (type, list) ->
            list.stream()
                .map(id -> SearchDocument.idOf(type, id))
                .filter(id -> !kept.contains(id))
                .forEach(deletes::add));
  }

  static SearchDocument toDocument(Source s, Map<String, String> translations) {
    return new SearchDocument(
        SearchDocument.idOf(s.type(), s.id()),
        s.type(),
        s.discussionSlug(),
        s.discussionTitle(),
        s.week(),
        s.language(),
        s.title(),
        MarkdownRenderer.toPlainText(s.markdown()),
        s.authorName(),
        s.organisation(),
        s.country(),
        s.date(),
        s.url(),
        translations,
        s.kind(),
        s.topics());
  }

  private static String translationText(TranslationRow t) {
    String body = MarkdownRenderer.toPlainText(t.markdown());
    return t.title() == null || t.title().isBlank() ? body : t.title() + "\n\n" + body;
  }

  private static List<Map<ContentKind, List<Long>>> chunks(Map<ContentKind, Set<Long>> ids) {
    List<Map<ContentKind, List<Long>>> out = new ArrayList<>();
    Map<ContentKind, List<Long>> current = new EnumMap<>(ContentKind.class);
    int size = 0;
    for (var e : ids.entrySet()) {
      for (Long id : e.getValue()) {
        if (size == CHUNK) {
          out.add(current);
          current = new EnumMap<>(ContentKind.class);
          size = 0;
        }
        current.computeIfAbsent(e.getKey(), t -> new ArrayList<>()).add(id);
        size++;
      }
    }
    if (size > 0) {
      out.add(current);
    }
    return out;
  }

  /**
   * The hits still visible now, in their order: the index may lag behind a rejection or a deletion.
   */
  public List<SearchHit> stillVisible(List<SearchHit> hits) {
    if (hits.isEmpty()) {
      return hits;
    }
    Map<ContentKind, List<Long>> ids = new EnumMap<>(ContentKind.class);
    for (SearchHit hit : hits) {
      ids.computeIfAbsent(hit.type(), t -> new ArrayList<>()).add(entityId(hit.id()));
    }
    Set<String> visible = repository.visibleDocumentIds(ids);
    return hits.stream().filter(h -> visible.contains(h.id())).toList();
  }

  /** The entity id in a document id of the form {@code type:id}. */
  public static long entityId(String documentId) {
    return Long.parseLong(documentId.substring(documentId.indexOf(':') + 1));
  }
}
