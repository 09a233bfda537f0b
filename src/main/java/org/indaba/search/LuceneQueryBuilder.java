package org.indaba.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * Turns a {@link QueryNode} tree into a Lucene query. Each word is analysed once per language field
 * present in the index and the per-field queries are joined in a disjunction, so a word typed in
 * any language meets text written in that language.
 */
final class LuceneQueryBuilder {

  /** Title matches weigh more: a title names what the whole text is about. */
  private static final float TITLE_BOOST = 2f;

  /**
   * The unstemmed "all" field holds every text once more; a word is looked for there only when no
   * language field has its terms (scripts or forms the language analyzers cut differently), at this
   * weight.
   */
  private static final float ALL_BOOST = 0.5f;

  /** Words whose analysis is kept across the searches of one index (one query per field each). */
  private static final int ANALYSED_WORDS = 2_000;

  /**
   * A place to keep analysed words between searches; one per index, since it knows the analyzer.
   */
  static final class AnalysedWords {
    private final Map<String, Map<String, Optional<Query>>> words = new ConcurrentHashMap<>();
  }

  private final Analyzer analyzer;
  private final AnalysedWords analysedWords;
  private final QueryBuilder terms;
  private final List<String> textFields;
  private final IndexReader reader;
  private final FieldPresence presence;
  private final Map<Term, Boolean> known = new HashMap<>();

  /** The language fields words are looked for in under a language filter; null for all. */
  private Set<String> scope;

  /**
   * The language fields left to a required word or phrase of an AND, where the others it sits with
   * leave it fewer.
   */
  private final Map<QueryNode, Set<String>> narrowed = new IdentityHashMap<>();

  /** Which language fields the documents of the index hold, as far as queries need to know. */
  interface FieldPresence {
    /** The language fields some document in one of {@code languages} has. */
    Set<String> ofLanguages(Collection<String> languages);

    /** Whether some document has both fields. */
    boolean together(String field, String other);
  }

  /**
   * How a node sits in an implicit AND: required, optional (a stop word somewhere), filter or
   * exclusion.
   */
  private record Clause(Query query, Occur occur) {}

  /**
   * @param reader the index searched: a field is queried only if it holds one of the word's terms
   *     (null queries every field)
   * @param analysedWords where analysed words are kept between searches with the same analyzer
   * @param presence which language fields the documents have: under a {@code lang:} filter words
   *     are looked for only in the fields of that language's documents, and the words of an AND
   *     only in fields that some document shares with the others' fields. Null looks in every
   *     field.
   */
  LuceneQueryBuilder(
      Analyzer analyzer,
      List<String> textFields,
      IndexReader reader,
      AnalysedWords analysedWords,
      FieldPresence presence) {
    this.presence = presence;
    this.analysedWords = analysedWords;
    this.analyzer = analyzer;
    this.terms = new QueryBuilder(analyzer);
    this.textFields = List.copyOf(textFields);
    this.reader = reader;
  }

  Query build(QueryNode root) {
    if (root == null) {
      return new MatchAllDocsQuery();
    }
    Clause clause = clause(root);
    if (clause == null) {
      return new MatchNoDocsQuery();
    }
    return switch (clause.occur()) {
      case MUST, SHOULD -> clause.query();
      case FILTER -> new ConstantScoreQuery(clause.query());
      case MUST_NOT -> excluding(clause.query());
    };
  }

  private Clause clause(QueryNode node) {
    return switch (node) {
      case QueryNode.Word word -> word(word.text(), narrowed.get(node));
      case QueryNode.Phrase phrase -> required(acrossFields(phrase.text(), narrowed.get(node)));
      case QueryNode.Prefix prefix -> required(prefix(prefix.prefix()));
      case QueryNode.Filter filter -> new Clause(filter(filter), Occur.FILTER);
      case QueryNode.Not not -> {
        Clause inner = clause(not.node());
        yield inner == null ? null : new Clause(inner.query(), Occur.MUST_NOT);
      }
      case QueryNode.And and -> and(and.nodes());
      case QueryNode.Or or -> or(or.nodes());
    };
  }

  /**
   * A word that some language drops as a stop word ("a", "de", "die") becomes optional: requiring
   * it would hide every document in that language.
   */
  private Clause word(String text, Set<String> only) {
    Query query = acrossFields(text, only);
    if (query == null) {
      return null;
    }
    return new Clause(query, isStopWordSomewhere(text) ? Occur.SHOULD : Occur.MUST);
  }

  private boolean isStopWordSomewhere(String text) {
    for (String language : Languages.STEMMED) {
      if (analysed(IndexFields.text(language), text) == null) {
        return true;
      }
    }
    return false;
  }

  /**
   * createPhraseQuery gives a term query for one token and a phrase for several ("e-mail").
   *
   * <p>Every text is in the field of its language, analysed there exactly as the query is, so a
   * document that has the word has it in the language fields queried; the "all" field, which holds
   * the same texts again, would only add a clause that matches the same documents, makes the score
   * bound of every block looser (each block of a common word is then scored instead of skipped) and
   * doubles the work of a phrase. It is queried when no language field has the terms.
   *
   * @param only the language fields left to this text by the rest of the query; null for all
   */
  private Query acrossFields(String text, Set<String> only) {
    List<Query> inLanguages = new ArrayList<>();
    boolean analysed = false;
    boolean inLanguageFields = false;
    for (String field : textFields) {
      Query query = analysed(field, text);
      if (query != null) {
        analysed = true;
        if (inIndex(query)) {
          inLanguageFields = true;
          if ((scope == null || scope.contains(field)) && (only == null || only.contains(field))) {
            inLanguages.add(query);
          }
        }
      }
    }
    List<Query> perField = new ArrayList<>();
    if (inLanguages.size() > 1 && neverTogether(inLanguages)) {
      perField.add(new DisjunctionMaxQuery(inLanguages, 0f));
    } else {
      perField.addAll(inLanguages);
    }
    analysed |= addIfPresent(perField, analysed(IndexFields.TITLE, text), TITLE_BOOST);
    if (!inLanguageFields) {
      analysed |= addIfPresent(perField, analysed(IndexFields.ALL, text), ALL_BOOST);
    }
    if (perField.isEmpty()) {
      // a word with terms that no document has matches nothing; one with no terms at all (only
      // stop words or punctuation) is left out of the query
      return analysed ? new MatchNoDocsQuery() : null;
    }
    if (perField.size() == 1) {
      return perField.getFirst();
    }
    // A sum over the fields rather than a maximum with a tie-breaker: a disjunction of sums bounds
    // the score of each block of documents, so ranking the best ten skips blocks that cannot make
    // the page, where a maximum with a tie-breaker has to score every match of a common word.
    return sum(perField);
  }

  /** Documents matching any of the queries, scored by the sum of those they match. */
  private static Query sum(List<Query> queries) {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    for (Query query : queries) {
      any.add(query, Occur.SHOULD);
    }
    return any.build();
  }

  /**
   * True when the index is known to hold no document that two of the queries could match: each
   * looks only in language fields, and no document holds fields of two (no translation between
   * their languages). Their sum is then the best of them, and a maximum with no tie-breaker bounds
   * each block of documents by the highest query's bound, where a sum adds them all up although no
   * document scores in two, so blocks of a common word that cannot make the page would be scored
   * ("migration" in English and French, "remesas OR remittances").
   */
  private boolean neverTogether(List<Query> queries) {
    if (presence == null) {
      return false;
    }
    List<Set<String>> groups = new ArrayList<>();
    for (Query query : queries) {
      Set<String> fields = languageFieldsOf(query);
      if (fields == null) {
        return false;
      }
      groups.add(fields);
    }
    for (int i = 0; i < groups.size(); i++) {
      for (int j = i + 1; j < groups.size(); j++) {
        for (String field : groups.get(i)) {
          for (String other : groups.get(j)) {
            if (presence.together(field, other)) {
              return false;
            }
          }
        }
      }
    }
    return true;
  }

  /**
   * The language fields a query looks in, or null when it may match otherwise (a field every
   * document can have, a filter, a match of every document).
   */
  private static Set<String> languageFieldsOf(Query query) {
    Set<String> fields = new HashSet<>();
    boolean[] other = {false};
    query.visit(
        new EachTerm() {
          @Override
          void term(Term term) {
            if (IndexFields.isText(term.field())) {
              fields.add(term.field());
            } else {
              other[0] = true;
            }
          }

          @Override
          public void consumeTermsMatching(
              Query q, String field, java.util.function.Supplier<ByteRunAutomaton> automaton) {
            other[0] = true;
          }

          @Override
          public void visitLeaf(Query q) {
            other[0] |= !(q instanceof MatchNoDocsQuery);
          }
        });
    return other[0] ? null : fields;
  }

  /** Visits every term of a query, however deeply it is nested. */
  private abstract static class EachTerm extends QueryVisitor {
    abstract void term(Term term);

    @Override
    public void consumeTerms(Query q, Term... found) {
      for (Term term : found) {
        term(term);
      }
    }

    @Override
    public QueryVisitor getSubVisitor(Occur occur, Query parent) {
      return this;
    }
  }

  /**
   * The query of one word (or phrase) in one field, or null when the field's analyzer leaves no
   * term. A word is analysed by some fifteen analyzers per search, which cost more than finding a
   * rare word's hits; the result depends only on the field and the text, so it is kept.
   */
  private Query analysed(String field, String text) {
    Map<String, Map<String, Optional<Query>>> kept = analysedWords.words;
    Map<String, Optional<Query>> perField =
        kept.computeIfAbsent(text, t -> new ConcurrentHashMap<>());
    Optional<Query> query = perField.get(field);
    if (query == null) {
      query = Optional.ofNullable(terms.createPhraseQuery(field, text));
      if (kept.size() > ANALYSED_WORDS) {
        kept.clear(); // a crude bound: the words people search for come back quickly
      }
      perField.put(field, query);
    }
    return query.orElse(null);
  }

  /** Adds the query if it can match; returns whether the text gave a query at all. */
  private boolean addIfPresent(List<Query> queries, Query query, float boost) {
    if (query == null) {
      return false;
    }
    if (inIndex(query)) {
      queries.add(boost == 1f ? query : new BoostQuery(query, boost));
    }
    return true;
  }

  /**
   * True when some term of the query occurs in the index: a word typed in English has no terms in
   * most other language fields, and each field left out is one clause less to run and highlight.
   */
  private boolean inIndex(Query query) {
    if (reader == null) {
      return true;
    }
    boolean[] any = {false};
    query.visit(
        new EachTerm() {
          @Override
          void term(Term term) {
            any[0] |= known.computeIfAbsent(term, LuceneQueryBuilder.this::occurs);
          }
        });
    return any[0];
  }

  private boolean occurs(Term term) {
    try {
      return reader.docFreq(term) > 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Prefixes run on the unstemmed field (stems are truncated words) and keep only the most frequent
   * expansions.
   */
  private Query prefix(String prefix) {
    BytesRef normalised = analyzer.normalize(IndexFields.ALL, prefix);
    return new PrefixQuery(
        new Term(IndexFields.ALL, normalised),
        new MultiTermQuery.TopTermsBlendedFreqScoringRewrite(QueryLimits.MAX_PREFIX_EXPANSIONS));
  }

  private Query filter(QueryNode.Filter filter) {
    List<String> values = filter.values();
    return switch (filter.field()) {
      case TYPE -> exact(IndexFields.TYPE, values);
      case DISCUSSION -> exact(IndexFields.DISCUSSION, values);
      case LANGUAGE -> exact(IndexFields.LANGUAGE, values);
      case KIND -> exact(IndexFields.KIND, values);
      case TOPIC -> exact(IndexFields.TOPIC, values);
      case WEEK ->
          IntPoint.newSetQuery(
              IndexFields.WEEK, values.stream().mapToInt(Integer::parseInt).toArray());
      case AUTHOR -> words(IndexFields.AUTHOR, values.get(0));
      case ORGANISATION -> words(IndexFields.ORGANISATION, values.get(0));
      case COUNTRY -> words(IndexFields.COUNTRY, values.get(0));
      // Both bounds exclude the named day: "before:2024-05-01" ends on April 30, "after:" starts
      // the day after.
      case BEFORE ->
          LongPoint.newRangeQuery(
              IndexFields.DATE, Long.MIN_VALUE, startOfDay(values.get(0), 0) - 1);
      case AFTER ->
          LongPoint.newRangeQuery(IndexFields.DATE, startOfDay(values.get(0), 1), Long.MAX_VALUE);
    };
  }

  private static Query exact(String field, List<String> values) {
    return new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
  }

  /**
   * Names match as a phrase of folded words, so "author:diallo" and "author:\"Aminata Diallo\""
   * both work.
   */
  private Query words(String field, String value) {
    Query query = terms.createPhraseQuery(field, value);
    return query == null ? new MatchNoDocsQuery() : query;
  }

  private static long startOfDay(String isoDate, int plusDays) {
    return LocalDate.parse(isoDate)
        .plusDays(plusDays)
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant()
        .toEpochMilli();
  }

  /**
   * Under a {@code lang:} filter every document considered is in one of its languages, so a
   * language field that none of those documents has cannot add a match or a score: the words beside
   * the filter skip it. Spared clauses matter most there, as the filter leaves the ranking few
   * documents of each clause's blocks to skip over.
   */
  private Clause and(List<QueryNode> nodes) {
    Set<String> outer = scope;
    if (presence != null) {
      for (QueryNode node : nodes) {
        if (node instanceof QueryNode.Filter filter && filter.field() == FilterField.LANGUAGE) {
          Set<String> fields = new HashSet<>(presence.ofLanguages(filter.values()));
          if (scope != null) {
            fields.retainAll(scope);
          }
          scope = fields;
        }
      }
    }
    try {
      if (presence != null) {
        narrow(nodes);
      }
      return allOf(nodes);
    } finally {
      scope = outer;
    }
  }

  /**
   * A document that matches an AND has each required word in one of that word's fields, so a field
   * of one word that no document shares with any field of another required word can neither match
   * nor score: it is left out. For "migration development" over English and French fields where no
   * document has both, "migration" in French goes, which leaves a conjunction of two terms whose
   * blocks can be skipped, instead of a conjunction with a disjunction whose score bound (the sum
   * over its fields) is too loose to skip any. Words that may match a field every document can have
   * (title, "all") are left as they are and restrict no other.
   */
  private void narrow(List<QueryNode> nodes) {
    Map<QueryNode, Set<String>> fields = new IdentityHashMap<>();
    for (QueryNode node : nodes) {
      Set<String> of =
          switch (node) {
            case QueryNode.Word word when !isStopWordSomewhere(word.text()) ->
                languageFieldsOnly(word.text());
            case QueryNode.Phrase phrase -> languageFieldsOnly(phrase.text());
            default -> null;
          };
      if (of != null) {
        fields.put(node, of);
      }
    }
    if (fields.size() < 2) {
      return;
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<QueryNode, Set<String>> word : fields.entrySet()) {
        for (var it = word.getValue().iterator(); it.hasNext(); ) {
          String field = it.next();
          for (Map.Entry<QueryNode, Set<String>> other : fields.entrySet()) {
            if (other.getKey() != word.getKey() && !sharedWithAny(field, other.getValue())) {
              it.remove();
              changed = true;
              break;
            }
          }
        }
      }
    }
    narrowed.putAll(fields);
  }

  private boolean sharedWithAny(String field, Set<String> others) {
    for (String other : others) {
      if (presence.together(field, other)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The language fields (in scope) that hold the text's terms, or null when the text is also looked
   * for in a field every document may have (title, or "all" when no language field has it).
   */
  private Set<String> languageFieldsOnly(String text) {
    Query title = analysed(IndexFields.TITLE, text);
    if (title != null && inIndex(title)) {
      return null;
    }
    Set<String> fields = new HashSet<>();
    boolean inLanguageFields = false;
    for (String field : textFields) {
      Query query = analysed(field, text);
      if (query != null && inIndex(query)) {
        inLanguageFields = true;
        if (scope == null || scope.contains(field)) {
          fields.add(field);
        }
      }
    }
    return inLanguageFields ? fields : null;
  }

  private Clause allOf(List<QueryNode> nodes) {
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    boolean positive = false;
    int added = 0;
    for (QueryNode node : nodes) {
      Clause clause = clause(node);
      if (clause != null) {
        builder.add(clause.query(), clause.occur());
        positive |= clause.occur() != Occur.MUST_NOT;
        added++;
      }
    }
    if (added == 0) {
      return null;
    }
    if (!positive) {
      builder.add(
          new MatchAllDocsQuery(), Occur.MUST); // "-spam" alone means everything except spam
    }
    return required(builder.build());
  }

  private Clause or(List<QueryNode> nodes) {
    List<Query> alternatives = new ArrayList<>();
    for (QueryNode node : nodes) {
      Clause clause = clause(node);
      if (clause != null) {
        alternatives.add(asAlternative(clause));
      }
    }
    if (alternatives.isEmpty()) {
      return null;
    }
    return required(
        alternatives.size() > 1 && neverTogether(alternatives)
            ? new DisjunctionMaxQuery(alternatives, 0f)
            : sum(alternatives));
  }

  private static Query asAlternative(Clause clause) {
    return switch (clause.occur()) {
      case MUST, SHOULD -> clause.query();
      case FILTER -> new ConstantScoreQuery(clause.query());
      case MUST_NOT -> excluding(clause.query());
    };
  }

  private static Query excluding(Query query) {
    return new BooleanQuery.Builder()
        .add(new MatchAllDocsQuery(), Occur.MUST)
        .add(query, Occur.MUST_NOT)
        .build();
  }

  private static Clause required(Query query) {
    return query == null ? null : new Clause(query, Occur.MUST);
  }
}
