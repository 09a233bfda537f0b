/**
 * Full-text search over discussions, contributions, themes, consolidated replies and library
 * resources, in every language. The Lucene index is this process's own copy; PostgreSQL stays the
 * source of truth: the index is fed from {@code search_outbox} (rows written by {@code db.Changes}
 * in the transaction of each change) and every page of hits is checked against the database again.
 *
 * <p>Writing: the indexer reads the outbox in order, maps rows to {@link
 * org.indaba.search.SearchDocument}s, calls {@link org.indaba.search.SearchIndex#upsert} / {@link
 * org.indaba.search.SearchIndex#delete}, then {@link org.indaba.search.SearchIndex#commit(long)}
 * with the last outbox position applied. On start it resumes after {@link
 * org.indaba.search.SearchIndex#committedPosition()}; replaying a few entries twice is harmless
 * since writes are idempotent by id. A timer calls {@link
 * org.indaba.search.SearchIndex#maybeRefresh()} to make writes searchable.
 *
 * <p>Reading: {@link org.indaba.search.SearchQuery#parse} turns the reader's input into a validated
 * query or a {@link org.indaba.search.SearchQueryException} whose key is shown in the reader's
 * language; {@link org.indaba.search.SearchIndex#search} returns hits with HTML-safe snippets and
 * facet counts.
 *
 * <p>Wiring: {@link org.indaba.search.SearchSourceRepository} holds the visibility rules (approved
 * contributions, published themes and consolidated replies, non-draft discussions) and reads the
 * tables of the discussion and moderation features; {@link org.indaba.search.SearchSources} turns
 * rows into documents; {@link org.indaba.search.SearchIndexer} (job {@code search-indexer}) applies
 * the outbox with a transaction-id position that survives late commits; {@link
 * org.indaba.search.SearchRebuild} is {@code bin/indaba reindex}; {@link
 * org.indaba.search.SearchService} re-checks each page of hits against the database in one query
 * before showing it.
 *
 * <p>HTTP: {@code GET /search?q=&page=&sort=relevance|newest} (page), {@code GET
 * /api/search?q=&page=&sort=} returns {@code {total, hits: [{type, id, url, title, snippet,
 * language, discussion, week, date}], facets: {type, language, discussion, week, country}}} where
 * each facet is an object mapping a value to its count, most frequent first; {@code GET
 * /search/feed.atom?q=} is an Atom feed of the newest results. Searches are limited per address
 * ({@link org.indaba.search.SearchService#DEFAULT_PER_MINUTE}).
 */
package org.indaba.search;
