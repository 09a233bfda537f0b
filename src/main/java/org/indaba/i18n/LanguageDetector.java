package org.indaba.i18n;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guesses the language of a contribution, answering "und" whenever a guess would be unreliable.
 *
 * <p>The language models take seconds and a few hundred megabytes to load, so loading starts on a
 * background thread as soon as the detector is constructed and {@link #detect} never waits for it:
 * until the models are ready every answer is "und", which callers already have to handle for short
 * or mixed texts. A wrong language label is worse than none (it would pick the wrong search
 * analyser and mislead translators), so the detector declines rather than guesses.
 *
 * <p>One instance is meant to be shared by the whole application; it is thread-safe. The models
 * themselves are held once per JVM by lingua, whatever the number of instances.
 */
public final class LanguageDetector {

  /** ISO 639-2 code for "undetermined", used when no language can be given with confidence. */
  public static final String UNDETERMINED = "und";

  /**
   * The languages of the communities Indaba serves. German and Italian cost about 30 MB each and
   * keep Italian or German texts from being forced onto Spanish, Portuguese or French.
   */
  public static final Set<String> DEFAULT_LANGUAGES =
      Set.of("en", "fr", "es", "pt", "ar", "de", "it");

  /** Below this many letters even lingua's best guess is a coin toss between Romance languages. */
  static final int MIN_LETTERS = 20;

  /** Fewer words than this is a greeting or a signature, not something to label. */
  static final int MIN_WORDS = 3;

  /** A script holding this share of the letters alongside another makes the text mixed. */
  static final double MIXED_SCRIPT_SHARE = 0.2;

  /**
   * lingua reports the runner-up's likelihood relative to the winner's (the winner is 1.0). Above
   * this ratio the two are too close to call, as happens for mixed texts and near languages.
   */
  static final double MAX_RUNNER_UP = 0.9;

  private static final Logger LOG = LoggerFactory.getLogger(LanguageDetector.class);

  private final Set<String> languages;
  private final Callable<Classifier> loader;
  private final CompletableFuture<Classifier> classifier = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();

  /** A detector for {@link #DEFAULT_LANGUAGES}; the models start loading immediately. */
  public LanguageDetector() {
    this(DEFAULT_LANGUAGES);
  }

  /**
   * A detector for the given ISO 639-1 codes; the models start loading immediately.
   *
   * @throws IllegalArgumentException if a code is not one lingua knows, or fewer than two are given
   */
  public LanguageDetector(Set<String> isoCodes) {
    this(linguaLanguages(isoCodes), true);
  }

  private LanguageDetector(Set<Language> linguaLanguages, boolean start) {
    this(codesOf(linguaLanguages), () -> LinguaClassifier.load(linguaLanguages), start);
  }

  /** For tests: any classifier, loaded now or only on {@link #warmUp()}. */
  LanguageDetector(Set<String> languages, Callable<Classifier> loader, boolean start) {
    this.languages = Set.copyOf(languages);
    this.loader = Objects.requireNonNull(loader, "loader");
    if (start) {
      warmUp();
    }
  }

  /** Starts loading the models in the background unless that has already happened. */
  public void warmUp() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    Thread.ofPlatform().daemon().name("language-models").start(this::load);
  }

  private void load() {
    long start = System.nanoTime();
    try {
      classifier.complete(loader.call());
      LOG.info(
          "Language models for {} ready in {} ms",
          new TreeSet<>(languages),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } catch (Exception | LinkageError | VirtualMachineError e) {
      // Detection then answers "und" for good; the rest of the server carries on without it.
      LOG.error("Language models could not be loaded; every text will be undetermined", e);
      classifier.completeExceptionally(e);
    }
  }

  /** Whether the models are loaded, so that {@link #detect} can give real answers. */
  public boolean isReady() {
    return classifier.isDone() && !classifier.isCompletedExceptionally();
  }

  /**
   * Waits up to {@code timeout} for the models, starting to load them if nobody has yet.
   *
   * @return whether the detector is ready; false if the time ran out or loading failed
   */
  public boolean awaitReady(Duration timeout) {
    warmUp();
    try {
      classifier.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** The ISO 639-1 codes this detector can answer with (besides "und"). */
  public Set<String> languages() {
    return languages;
  }

  /**
   * Returns the ISO 639-1 code of the text's language, or {@link #UNDETERMINED} when the models are
   * not loaded yet, the text is too short or mixes scripts, the best two candidates are too close,
   * or anything goes wrong. Never blocks and never throws.
   *
   * <p>Markdown syntax, code, URLs, e-mail addresses and quoted lines are ignored.
   */
  public String detect(String text) {
    // Checked first because getNow rethrows a failed load, and detect must not throw.
    Classifier ready = isReady() ? classifier.getNow(null) : null;
    if (ready == null || text == null) {
      return UNDETERMINED;
    }
    try {
      String prose = DetectionText.prepare(text);
      if (!longEnough(prose) || mixedScripts(prose)) {
        return UNDETERMINED;
      }
      return decide(ready.confidences(sample(prose)));
    } catch (Exception | StackOverflowError e) {
      // lingua is a black box for us; a bad input must cost a label, not a request.
      LOG.warn("Language detection failed for a text of {} characters", text.length(), e);
      return UNDETERMINED;
    }
  }

  /**
   * Characters of prose given to the classifier: a few sentences name a language as surely as a
   * whole message, and the cost of classifying grows with the length of the text.
   */
  static final int SAMPLE_CHARS = 400;

  /** The start of the prose, cut at a word boundary once it passes {@link #SAMPLE_CHARS}. */
  static String sample(String prose) {
    if (prose.length() <= SAMPLE_CHARS) {
      return prose;
    }
    int end = SAMPLE_CHARS;
    while (end < prose.length() && !Character.isWhitespace(prose.charAt(end))) {
      end++;
    }
    return prose.substring(0, end);
  }

  private String decide(Map<String, Double> confidences) {
    if (confidences == null || confidences.isEmpty()) {
      return UNDETERMINED;
    }
    Iterator<Map.Entry<String, Double>> ranked = confidences.entrySet().iterator();
    Map.Entry<String, Double> best = ranked.next();
    if (best.getValue() == null || best.getValue() <= 0 || !languages.contains(best.getKey())) {
      return UNDETERMINED;
    }
    if (ranked.hasNext()) {
      Double runnerUp = ranked.next().getValue();
      if (runnerUp != null && runnerUp / best.getValue() > MAX_RUNNER_UP) {
        return UNDETERMINED;
      }
    }
    return best.getKey();
  }

  /**
   * Counts letters and words of prepared prose ({@link DetectionText#prepare}), whose runs of
   * spaces are single spaces with none at either end: its words are its spaces plus one.
   */
  private static boolean longEnough(String prose) {
    long letters = 0;
    long words = 1;
    for (int i = 0; i < prose.length(); ) {
      int cp = prose.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetter(cp)) {
        letters++;
      } else if (cp == ' ') {
        words++;
      }
    }
    return letters >= MIN_LETTERS && words >= MIN_WORDS;
  }

  /**
   * lingua scores a text as a whole, so an Arabic paragraph with a French sentence gets whichever
   * language has more letters. Such texts are labelled "und" instead; so is text mostly in a script
   * none of the configured languages uses.
   */
  private static boolean mixedScripts(String prose) {
    long latin = 0;
    long arabic = 0;
    long other = 0;
    for (int i = 0; i < prose.length(); ) {
      int cp = prose.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      switch (Character.UnicodeScript.of(cp)) {
        case LATIN -> latin++;
        case ARABIC -> arabic++;
        default -> other++;
      }
    }
    long total = latin + arabic + other;
    if (total == 0) {
      return true;
    }
    int scriptsPresent = 0;
    for (long count : new long[] {latin, arabic, other}) {
      if (count >= MIXED_SCRIPT_SHARE * total) {
        scriptsPresent++;
      }
    }
    return scriptsPresent > 1 || other >= MIXED_SCRIPT_SHARE * total;
  }

  private static Set<Language> linguaLanguages(Set<String> isoCodes) {
    Set<Language> result = EnumSet.noneOf(Language.class);
    for (String code : isoCodes) {
      try {
        result.add(Language.getByIsoCode639_1(IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT))));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("Unknown ISO 639-1 code: " + code, e);
      }
    }
    // Choosing among fewer than two languages is no detection at all (and lingua refuses it).
    if (result.size() < 2) {
      throw new IllegalArgumentException("At least two languages are needed: " + isoCodes);
    }
    return result;
  }

  private static Set<String> codesOf(Set<Language> languages) {
    Set<String> codes = new TreeSet<>();
    for (Language language : languages) {
      codes.add(language.getIsoCode639_1().name().toLowerCase(Locale.ROOT));
    }
    return codes;
  }

  /** Ranks candidate languages for a text: ISO 639-1 code to likelihood, best first. */
  @FunctionalInterface
  interface Classifier {
    Map<String, Double> confidences(String text);
  }

  /** The lingua-backed classifier; building it with preloading reads every model into memory. */
  private record LinguaClassifier(com.github.pemistahl.lingua.api.LanguageDetector lingua)
      implements Classifier {

    static LinguaClassifier load(Set<Language> languages) {
      return new LinguaClassifier(
          LanguageDetectorBuilder.fromLanguages(languages.toArray(Language[]::new))
              .withPreloadedLanguageModels()
              .build());
    }

    @Override
    public Map<String, Double> confidences(String text) {
      Map<String, Double> ranked = new LinkedHashMap<>();
      // lingua's map is sorted by descending confidence, which is the order callers rely on.
      lingua
          .computeLanguageConfidenceValues(text)
          .forEach(
              (language, value) -> {
                if (language != Language.UNKNOWN) {
                  ranked.put(language.getIsoCode639_1().name().toLowerCase(Locale.ROOT), value);
                }
              });
      return ranked;
    }
  }
}
