package org.indaba.search;

import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanNormalizationFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.it.ItalianLightStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseLightStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;

/** The analyzers of the index, one per language bucket, plus the ICU one for everything else. */
final class SearchAnalyzers {

  // Italian elided articles and prepositions (l'acqua, dell'Europa, un'idea).
  private static final CharArraySet ITALIAN_ARTICLES =
      new CharArraySet(
          java.util.List.of(
              "c", "l", "all", "dall", "dell", "nell", "sull", "coll", "pell", "gl", "agl", "dagl",
              "degl", "negl", "sugl", "un", "m", "t", "s", "v", "d"),
          true);

  private SearchAnalyzers() {}

  /**
   * The analyzer to use when writing and querying: each field gets the analyzer of its language.
   */
  static Analyzer perField() {
    Map<String, Analyzer> byField = new HashMap<>();
    for (String language : Languages.STEMMED) {
      byField.put(IndexFields.text(language), new StemmingAnalyzer(language));
    }
    return new PerFieldAnalyzerWrapper(new FoldingAnalyzer(), byField);
  }

  /**
   * Stemming with optional accents: the folding filter keeps the accented token and adds its folded
   * twin at the same position, both are stemmed, then folded again, so "developpement" and
   * "développement" always share a stem while stemmers still see the accents they rely on
   * (Portuguese "-ões", French "-ité").
   */
  static final class StemmingAnalyzer extends Analyzer {
    private final String language;

    StemmingAnalyzer(String language) {
      this.language = language;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new StandardTokenizer();
      TokenStream stream =
          switch (language) {
            case "en" -> new EnglishPossessiveFilter(source);
            case "fr" -> new ElisionFilter(source, FrenchAnalyzer.DEFAULT_ARTICLES);
            case "it" -> new ElisionFilter(source, ITALIAN_ARTICLES);
            default -> source;
          };
      stream = new LowerCaseFilter(stream);
      if (language.equals("ar")) {
        return new TokenStreamComponents(source, arabic(stream));
      }
      stream = new StopFilter(stream, stopWords(language));
      stream = new ASCIIFoldingFilter(stream, true);
      stream = stem(stream);
      stream = new ASCIIFoldingFilter(stream, false);
      return new TokenStreamComponents(source, new RemoveDuplicatesTokenFilter(stream));
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
      TokenStream stream = new LowerCaseFilter(in);
      return language.equals("ar")
          ? new ArabicNormalizationFilter(stream)
          : new ASCIIFoldingFilter(stream);
    }

    private static TokenStream arabic(TokenStream stream) {
      // Normalisation drops diacritics and unifies alef/yeh/teh marbuta variants before stemming.
      stream = new DecimalDigitFilter(stream);
      stream = new StopFilter(stream, ArabicAnalyzer.getDefaultStopSet());
      stream = new ArabicNormalizationFilter(stream);
      return new ArabicStemFilter(stream);
    }

    private TokenStream stem(TokenStream stream) {
      return switch (language) {
        case "en" -> new PorterStemFilter(stream);
        case "fr" -> new FrenchLightStemFilter(stream);
        case "es" -> new SpanishLightStemFilter(stream);
        case "pt" -> new PortugueseLightStemFilter(stream);
        case "de" -> new GermanLightStemFilter(new GermanNormalizationFilter(stream));
        case "it" -> new ItalianLightStemFilter(stream);
        default -> throw new IllegalStateException("no stemmer for " + language);
      };
    }

    private static CharArraySet stopWords(String language) {
      return switch (language) {
        case "en" -> EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;
        case "fr" -> FrenchAnalyzer.getDefaultStopSet();
        case "es" -> SpanishAnalyzer.getDefaultStopSet();
        case "pt" -> PortugueseAnalyzer.getDefaultStopSet();
        case "de" -> GermanAnalyzer.getDefaultStopSet();
        case "it" -> ItalianAnalyzer.getDefaultStopSet();
        default -> CharArraySet.EMPTY_SET;
      };
    }
  }

  /**
   * Word segmentation for any script (Thai, Chinese, Amharic...) plus Unicode case, width and
   * diacritic folding; no stemming and no stop words because the language is not known.
   */
  static final class FoldingAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new ICUTokenizer();
      return new TokenStreamComponents(source, new ICUFoldingFilter(source));
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
      return new ICUFoldingFilter(in);
    }
  }
}
