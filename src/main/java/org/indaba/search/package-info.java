/**
 * Full-text search over discussions, contributions, themes and consolidated replies, in every
 * language, with no database dependency.
 *
 * <p>Writing: the indexer reads the outbox in order, maps rows to {@link org.indaba.search.SearchDocument}s,
 * calls {@link org.indaba.search.SearchIndex#upsert} / {@link org.indaba.search.SearchIndex#delete}, then
 * {@link org.indaba.search.SearchIndex#commit(long)} with the last outbox position applied. On start it
 * resumes after {@link org.indaba.search.SearchIndex#committedPosition()}; replaying a few entries twice
 * is harmless since writes are idempotent by id. A timer calls
 * {@link org.indaba.search.SearchIndex#maybeRefresh()} to make writes searchable.
 *
 * <p>Reading: {@link org.indaba.search.SearchQuery#parse} turns the reader's input into a validated query
 * or a {@link org.indaba.search.SearchQueryException} whose key is shown in the reader's language;
 * {@link org.indaba.search.SearchIndex#search} returns hits with HTML-safe snippets and facet counts.
 */
package org.indaba.search;
