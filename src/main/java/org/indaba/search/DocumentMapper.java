package org.indaba.search;

import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

/**
 * Writes a {@link SearchDocument} as Lucene fields; the comment on each field says why it is
 * analysed so.
 */
final class DocumentMapper {

  static final FacetsConfig FACETS = new FacetsConfig();

  static {
    // a resource has several topics
    FACETS.setMultiValued(IndexFields.FACET_TOPIC, true);
  }

  private DocumentMapper() {}

  static Document toLucene(SearchDocument source) throws java.io.IOException {
    Document doc = new Document();
    // Exact, unanalysed key: updates and deletes address the document by it.
    doc.add(new StringField(IndexFields.ID, source.id(), Field.Store.YES));
    // ...and sorted doc values: the last tie-break of every order.
    doc.add(new SortedDocValuesField(IndexFields.ID, new BytesRef(source.id())));
    // Exact keyword: filtered with type:, counted in a facet.
    doc.add(new StringField(IndexFields.TYPE, source.type().code(), Field.Store.YES));
    facet(doc, IndexFields.FACET_TYPE, source.type().code());
    // Slug as typed in URLs: exact match for discussion:, facet by slug.
    keyword(
        doc,
        IndexFields.DISCUSSION,
        source.discussionSlug() == null
            ? null
            : source.discussionSlug().toLowerCase(java.util.Locale.ROOT));
    facet(
        doc,
        IndexFields.FACET_DISCUSSION,
        source.discussionSlug() == null
            ? null
            : source.discussionSlug().toLowerCase(java.util.Locale.ROOT));
    // Display only: the title shown next to the slug.
    stored(doc, IndexFields.DISCUSSION_TITLE, source.discussionTitle());
    if (source.week() != null) {
      // Numeric point for week:N, stored for display, facet as text.
      doc.add(new IntPoint(IndexFields.WEEK, source.week()));
      doc.add(new StoredField(IndexFields.WEEK, source.week()));
      facet(doc, IndexFields.FACET_WEEK, source.week().toString());
    }
    // Normalised code, exact: filtered with lang:, counted in a facet.
    keyword(doc, IndexFields.LANGUAGE, source.language());
    facet(doc, IndexFields.FACET_LANGUAGE, source.language());
    // Title, ICU-folded but not stemmed: lets title matches weigh more whatever the language;
    // stored for display.
    text(doc, IndexFields.TITLE, source.title(), Field.Store.YES);
    addText(doc, source);
    // Names, ICU-folded: "author:diallo" finds "Aminata Diallo", "country:senegal" finds "Sénégal".
    text(doc, IndexFields.AUTHOR, source.authorName(), Field.Store.YES);
    text(doc, IndexFields.ORGANISATION, source.organisation(), Field.Store.YES);
    text(doc, IndexFields.COUNTRY, source.country(), Field.Store.YES);
    facet(
        doc, IndexFields.FACET_COUNTRY, source.country() == null ? null : source.country().strip());
    // Resource kind and topic codes, exact: filtered with kind: and topic:, counted in facets.
    keyword(doc, IndexFields.KIND, source.kind());
    facet(doc, IndexFields.FACET_KIND, source.kind());
    for (String topic : source.topics()) {
      keyword(doc, IndexFields.TOPIC, topic);
      facet(doc, IndexFields.FACET_TOPIC, topic);
    }
    long millis = source.date().toEpochMilli();
    // Point for before:/after:, doc values for newest-first sorting, stored for display.
    doc.add(new LongPoint(IndexFields.DATE, millis));
    doc.add(new NumericDocValuesField(IndexFields.DATE, millis));
    doc.add(new StoredField(IndexFields.DATE, millis));
    // Display only.
    stored(doc, IndexFields.URL, source.url());
    return FACETS.build(doc);
  }

  /**
   * Original text goes to the field of its own language (stemmed by that language's rules), each
   * translation to the field of the translation's language; everything also goes to the ICU "all"
   * field for unknown scripts, exact forms and prefixes. Bodies are stored in their language field
   * so snippets are cut from the same analysis that matched.
   */
  private static void addText(Document doc, SearchDocument source) {
    String own = IndexFields.text(source.language());
    // The body comes first: its offsets then match the stored body, and the title's lie past its
    // end, where the highlighter ignores them (the title is shown on its own).
    withOffsets(doc, own, source.body(), STORED_WITH_OFFSETS);
    withOffsets(doc, own, source.title(), WITH_OFFSETS);
    text(doc, IndexFields.ALL, source.title(), Field.Store.NO);
    text(doc, IndexFields.ALL, source.body(), Field.Store.NO);
    for (Map.Entry<String, String> translation : source.translations().entrySet()) {
      String language = Languages.normalise(translation.getKey());
      if (!language.equals(source.language())) {
        withOffsets(doc, IndexFields.text(language), translation.getValue(), STORED_WITH_OFFSETS);
        text(doc, IndexFields.ALL, translation.getValue(), Field.Store.NO);
      }
    }
  }

  /**
   * Language fields keep the offsets of their terms in the postings, so snippets are marked from
   * the index instead of analysing each hit's text again.
   */
  private static final FieldType WITH_OFFSETS = offsets(false);

  private static final FieldType STORED_WITH_OFFSETS = offsets(true);

  private static FieldType offsets(boolean stored) {
    FieldType type = new FieldType(TextField.TYPE_NOT_STORED);
    type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    type.setStored(stored);
    type.freeze();
    return type;
  }

  private static void withOffsets(Document doc, String field, String value, FieldType type) {
    if (value != null && !value.isBlank()) {
      doc.add(new Field(field, value, type));
    }
  }

  private static void text(Document doc, String field, String value, Field.Store store) {
    if (value != null && !value.isBlank()) {
      doc.add(new TextField(field, value, store));
    }
  }

  private static void keyword(Document doc, String field, String value) {
    if (value != null && !value.isBlank()) {
      doc.add(new StringField(field, value.strip(), Field.Store.YES));
    }
  }

  private static void stored(Document doc, String field, String value) {
    if (value != null) {
      doc.add(new StoredField(field, value));
    }
  }

  private static void facet(Document doc, String dimension, String value) {
    if (value != null && !value.isBlank()) {
      doc.add(new SortedSetDocValuesFacetField(dimension, value.strip()));
    }
  }
}
