package org.indaba.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every user-visible sentence, per interface language. Bundles are UTF-8 files {@code
 * i18n/<feature>_<lang>.properties}, one per feature so that features own their words; a test fails
 * the build when a key is missing from any language.
 *
 * <p>Placeholders are {@code {0}}, {@code {1}}…; unlike MessageFormat, apostrophes are plain text
 * (French is full of them). A text that varies with a number is an ICU plural, with the forms of
 * its language's CLDR rules: {@code {0, plural, one {# new contribution} other {# new
 * contributions}}} in English, {@code zero}, {@code one}, {@code two}, {@code few}, {@code many}
 * and {@code other} in Arabic; {@code #} is the number written for the language. Apostrophes stay
 * plain text there too.
 */
public final class Messages {
  /** Interface languages, the default first. */
  public static final List<String> LANGUAGES = List.of("en", "fr", "es", "ar");

  public static final String DEFAULT_LANGUAGE = "en";

  /** Adding a feature bundle: add its name here and create the file in every language. */
  public static final List<String> FEATURES =
      List.of(
          "common",
          "account",
          "discussion",
          "moderation",
          "search",
          "mail",
          "admin",
          "translation",
          "security",
          "library",
          "analytics",
          "facilitation",
          "mailtrust",
          "launch",
          "export",
          "directory",
          "reading");

  private final Map<String, Bundle> bundles = new LinkedHashMap<>();

  public static Messages load() {
    Messages m = new Messages();
    for (String lang : LANGUAGES) {
      Map<String, String> all = new LinkedHashMap<>();
      for (String feature : FEATURES) {
        all.putAll(read("i18n/" + feature + "_" + lang + ".properties"));
      }
      m.bundles.put(lang, new Bundle(lang, all));
    }
    return m;
  }

  static Map<String, String> read(String resource) {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return out;
      }
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String k : p.stringPropertyNames()) {
        out.put(k, p.getProperty(k));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read message bundle " + resource, e);
    }
  }

  public Bundle bundle(String lang) {
    Bundle b = bundles.get(lang);
    return b != null ? b : bundles.get(DEFAULT_LANGUAGE);
  }

  public Set<String> keys(String lang) {
    return new TreeSet<>(bundles.get(lang).texts.keySet());
  }

  public static boolean isSupported(String lang) {
    return lang != null && LANGUAGES.contains(lang);
  }

  public static boolean isRightToLeft(String lang) {
    return lang != null
        && (lang.equals("ar") || lang.equals("fa") || lang.equals("he") || lang.equals("ur"));
  }

  /** An argument given plural (or ordinal, or select) forms. */
  private static final java.util.regex.Pattern PLURAL =
      java.util.regex.Pattern.compile("\\{(\\d+)\\s*,\\s*(plural|selectordinal|select)\\s*,");

  /** One language's texts. */
  public static final class Bundle {
    private final String lang;
    private final com.ibm.icu.util.ULocale icuLocale;
    private final Locale locale;
    private final Map<String, String> texts;

    Bundle(String lang, Map<String, String> texts) {
      this.lang = lang;
      this.locale = Locale.forLanguageTag(lang);
      this.icuLocale = com.ibm.icu.util.ULocale.forLanguageTag(lang);
      this.texts = texts;
    }

    public String language() {
      return lang;
    }

    public Locale locale() {
      return locale;
    }

    public boolean has(String key) {
      return texts.containsKey(key);
    }

    public String get(String key, Object... args) {
      String pattern = texts.get(key);
      if (pattern == null) {
        // visible but harmless: the completeness test keeps this from shipping
        return "??" + key + "??";
      }
      if (args == null || args.length == 0) {
        return pattern;
      }
      if (PLURAL.matcher(pattern).find()) {
        return plural(pattern, args);
      }
      StringBuilder sb = new StringBuilder(pattern.length() + 16);
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '{') {
          int close = pattern.indexOf('}', i);
          if (close > i + 1) {
            String inner = pattern.substring(i + 1, close);
            if (inner.chars().allMatch(Character::isDigit)) {
              int n = Integer.parseInt(inner);
              sb.append(n < args.length ? format(args[n]) : "");
              i = close;
              continue;
            }
          }
        }
        sb.append(c);
      }
      return sb.toString();
    }

    /** ICU MessageFormat for texts with {@code plural}, {@code selectordinal} or {@code select}. */
    private String plural(String pattern, Object[] args) {
      // apostrophes are plain text in every bundle: ICU would read some of them as quotes
      com.ibm.icu.text.MessageFormat f =
          new com.ibm.icu.text.MessageFormat(pattern.replace("'", "''"), icuLocale);
      Object[] values = args.clone();
      java.util.regex.Matcher m = PLURAL.matcher(pattern);
      while (m.find()) {
        int n = Integer.parseInt(m.group(1));
        if (!m.group(2).equals("select") && n < values.length && values[n] instanceof String text) {
          // counts given as text (from a template or a form) are still counts
          try {
            values[n] = Long.parseLong(text.strip());
          } catch (NumberFormatException e) {
            values[n] = 0L;
          }
        }
      }
      return f.format(values);
    }

    private String format(Object arg) {
      if (arg instanceof Number n) {
        return NumberFormat.getInstance(locale).format(n);
      }
      return String.valueOf(arg);
    }
  }
}
