package org.indaba.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.ULocale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Texts that count things take the forms of each language's plural rules (CLDR, through ICU). */
class PluralFormsTest {
  private final Messages messages = Messages.load();

  @Test
  void frenchSaysOneNewContributionAndTwoNewContributions() {
    Messages.Bundle fr = messages.bundle("fr");
    assertThat(fr.get("mail.digest.subject", "Diaspora", 1))
        .isEqualTo("Diaspora : 1 nouvelle contribution");
    assertThat(fr.get("mail.digest.subject", "Diaspora", 2))
        .isEqualTo("Diaspora : 2 nouvelles contributions");
    // in French, zero takes the singular
    assertThat(fr.get("mail.digest.subject", "Diaspora", 0))
        .isEqualTo("Diaspora : 0 nouvelle contribution");
    // apostrophes stay plain text in a plural text too
    assertThat(fr.get("discussion.contribution.editWindow", 15))
        .isEqualTo(
            "Vous pouvez modifier une contribution pendant 15 minutes après l'avoir publiée.");
  }

  @Test
  void englishHasOneAndOther() {
    Messages.Bundle en = messages.bundle("en");
    assertThat(en.get("mail.digest.subject", "Diaspora", 1))
        .isEqualTo("Diaspora: 1 new contribution");
    assertThat(en.get("mail.digest.subject", "Diaspora", 12))
        .isEqualTo("Diaspora: 12 new contributions");
    assertThat(en.get("discussion.dates", "2 March 2026", 1))
        .isEqualTo("From 2 March 2026, for 1 week.");
    assertThat(en.get("search.totalAbout", 43000)).isEqualTo("About 43,000 results");
    // a count given as text, as templates sometimes pass it
    assertThat(en.get("security.token.days", "1")).isEqualTo("1 day");
  }

  @Test
  void arabicHasItsSixForms() {
    Messages.Bundle ar = messages.bundle("ar");
    assertThat(ar.get("mail.digest.subject", "نقاش", 0)).isEqualTo("نقاش: لا مساهمات جديدة");
    assertThat(ar.get("mail.digest.subject", "نقاش", 1)).isEqualTo("نقاش: مساهمة جديدة واحدة");
    assertThat(ar.get("mail.digest.subject", "نقاش", 2)).isEqualTo("نقاش: مساهمتان جديدتان");
    assertThat(ar.get("mail.digest.subject", "نقاش", 3)).isEqualTo("نقاش: 3 مساهمات جديدة");
    assertThat(ar.get("mail.digest.subject", "نقاش", 11)).isEqualTo("نقاش: 11 مساهمة جديدة");
    assertThat(ar.get("mail.digest.subject", "نقاش", 100)).isEqualTo("نقاش: 100 مساهمة جديدة");
    // CLDR rules, not ranges: 103 is "few" again, 111 "many"
    assertThat(ar.get("mail.digest.subject", "نقاش", 103)).isEqualTo("نقاش: 103 مساهمات جديدة");
    assertThat(ar.get("mail.digest.subject", "نقاش", 111)).isEqualTo("نقاش: 111 مساهمة جديدة");
  }

  @Test
  void theLibraryAnalyticsAndAdminCountsSayOneAndTwoInEachLanguage() {
    Messages.Bundle en = messages.bundle("en");
    assertThat(en.get("analytics.total", 1)).isEqualTo("1 published contribution");
    assertThat(en.get("analytics.total", 2)).isEqualTo("2 published contributions");
    assertThat(en.get("library.downloads", 0)).isEqualTo("Not downloaded yet");
    assertThat(en.get("library.downloads", 1)).isEqualTo("Downloaded once");
    assertThat(en.get("library.downloads", 2)).isEqualTo("Downloaded 2 times");
    assertThat(en.get("library.saves", 1)).isEqualTo("Saved by 1 member");
    assertThat(en.get("library.saves", 2)).isEqualTo("Saved by 2 members");
    assertThat(en.get("library.comments", 1)).isEqualTo("1 comment");
    assertThat(en.get("library.comments", 2)).isEqualTo("2 comments");
    assertThat(en.get("admin.organisations.members", 1)).isEqualTo("1 member");
    assertThat(en.get("admin.countries.count", 2)).isEqualTo("2 members to check");
    assertThat(en.get("export.count", 1)).isEqualTo("1 published contribution");

    Messages.Bundle fr = messages.bundle("fr");
    assertThat(fr.get("analytics.total", 1)).isEqualTo("1 contribution publiée");
    assertThat(fr.get("analytics.total", 2)).isEqualTo("2 contributions publiées");
    assertThat(fr.get("library.count", 1)).isEqualTo("1 ressource trouvée");
    assertThat(fr.get("library.count", 2)).isEqualTo("2 ressources trouvées");
    assertThat(fr.get("library.downloads", 2)).isEqualTo("Téléchargé 2 fois");
    assertThat(fr.get("library.saves", 2)).isEqualTo("Enregistrée par 2 membres");

    Messages.Bundle es = messages.bundle("es");
    assertThat(es.get("library.comments", 1)).isEqualTo("1 comentario");
    assertThat(es.get("library.comments", 2)).isEqualTo("2 comentarios");
    assertThat(es.get("admin.organisations.members", 2)).isEqualTo("2 miembros");
  }

  @Test
  void theLibraryAndAnalyticsCountsTakeTheSixArabicForms() {
    Messages.Bundle ar = messages.bundle("ar");
    assertThat(ar.get("library.comments", 0)).isEqualTo("لا تعليقات");
    assertThat(ar.get("library.comments", 1)).isEqualTo("تعليق واحد");
    assertThat(ar.get("library.comments", 2)).isEqualTo("تعليقان");
    assertThat(ar.get("library.comments", 3)).isEqualTo("3 تعليقات");
    assertThat(ar.get("library.comments", 11)).isEqualTo("11 تعليقًا");
    assertThat(ar.get("library.comments", 100)).isEqualTo("100 تعليق");
    assertThat(ar.get("analytics.total", 2)).isEqualTo("مساهمتان منشورتان");
    assertThat(ar.get("analytics.total", 5)).isEqualTo("5 مساهمات منشورة");
    assertThat(ar.get("library.downloads", 2)).isEqualTo("نُزِّل مرتين");
    assertThat(ar.get("admin.organisations.members", 12)).isEqualTo("12 عضوًا");
  }

  private static final Pattern ICU = Pattern.compile("\\{\\d+\\s*,\\s*plural\\s*,");

  @Test
  void everyPluralTextParsesAndHasAnOtherFormInEveryLanguage() {
    int plurals = 0;
    for (String lang : Messages.LANGUAGES) {
      Messages.Bundle b = messages.bundle(lang);
      for (String key : messages.keys(lang)) {
        String text = b.get(key);
        if (!ICU.matcher(text).find()) {
          continue;
        }
        plurals++;
        assertThat(text).as("%s in %s", key, lang).contains("other {");
        new MessageFormat(text.replace("'", "''"), ULocale.forLanguageTag(lang));
        // every number formats without an error
        for (int n : new int[] {0, 1, 2, 5, 11, 100, 1000}) {
          assertThat(b.get(key, n, n, n, n))
              .as("%s in %s for %d", key, lang, n)
              .doesNotContain("{");
        }
      }
    }
    assertThat(plurals).isGreaterThanOrEqualTo(4 * 10);
  }
}
