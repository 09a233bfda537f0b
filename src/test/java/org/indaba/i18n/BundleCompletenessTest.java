package org.indaba.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The build fails when one language lacks a sentence the others have. */
class BundleCompletenessTest {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[},]");

  @Test
  void everyFeatureBundleHasTheSameKeysInEveryLanguage() {
    for (String feature : Messages.FEATURES) {
      Set<String> english = Messages.read("i18n/" + feature + "_en.properties").keySet();
      for (String lang : Messages.LANGUAGES) {
        Map<String, String> other = Messages.read("i18n/" + feature + "_" + lang + ".properties");
        Set<String> missing = new TreeSet<>(english);
        missing.removeAll(other.keySet());
        Set<String> extra = new TreeSet<>(other.keySet());
        extra.removeAll(english);
        assertThat(missing)
            .as("keys of %s_en missing from %s_%s", feature, feature, lang)
            .isEmpty();
        assertThat(extra).as("keys of %s_%s that English lacks", feature, lang).isEmpty();
      }
    }
  }

  @Test
  void noSentenceIsEmptyAndPlaceholdersMatchEnglish() {
    Messages m = Messages.load();
    for (String key : m.keys("en")) {
      Set<String> englishPlaceholders = placeholders(m.bundle("en").get(key));
      for (String lang : Messages.LANGUAGES) {
        String text = m.bundle(lang).get(key);
        assertThat(text).as("%s in %s", key, lang).isNotBlank().doesNotStartWith("??");
        assertThat(placeholders(text))
            .as("placeholders of %s in %s", key, lang)
            .isEqualTo(englishPlaceholders);
      }
    }
  }

  @Test
  void noKeyIsDefinedByTwoFeatures() {
    for (String lang : Messages.LANGUAGES) {
      Set<String> seen = new TreeSet<>();
      for (String feature : Messages.FEATURES) {
        for (String key : Messages.read("i18n/" + feature + "_" + lang + ".properties").keySet()) {
          assertThat(seen.add(key)).as("%s defined twice in %s", key, lang).isTrue();
        }
      }
    }
  }

  private static Set<String> placeholders(String text) {
    Set<String> out = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      out.add(matcher.group(1));
    }
    return out;
  }
}
