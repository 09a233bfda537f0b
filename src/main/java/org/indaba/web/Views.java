package org.indaba.web;

import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.cache.ConcurrentMapTemplateCache;
import com.github.jknack.handlebars.helper.ConditionalHelpers;
import com.github.jknack.handlebars.io.ClassPathTemplateLoader;
import com.github.jknack.handlebars.io.TemplateSource;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Map;
import org.indaba.i18n.Messages;

/**
 * Handlebars templates from {@code templates/} (carried in the jar). Every template is rendered
 * with the interface language and time zone as data, so the helpers below translate and format
 * without the handler having to pass them around:
 *
 * <ul>
 *   <li>{@code {{t "key" arg…}}}: a sentence from the bundles;
 *   <li>{@code {{date x}}}, {@code {{datetime x}}}: a date for the viewer's locale and time zone;
 *   <li>{@code eq}, {@code neq}, {@code and}, {@code or}, {@code not}, {@code gt}…: Handlebars'
 *       conditional helpers.
 * </ul>
 */
public final class Views {
  private final Handlebars handlebars;

  /** For plain-text mail parts and subjects: the same templates language, without HTML escaping. */
  private final Handlebars plainText;

  private final Messages messages;

  public Views(Messages messages) {
    this.messages = messages;
    this.handlebars =
        configure(new Handlebars(new ResolvedOnce("/templates", ".hbs")).with(Views::escapeHtml));
    this.plainText =
        configure(
            new Handlebars(new ResolvedOnce("/templates", ".hbs"))
                .with(com.github.jknack.handlebars.EscapingStrategy.NOOP));
  }

  /**
   * Templates are carried in the jar and never change while the server runs: each name is looked up
   * on the class path once. Handlebars asks the loader again at every use of a partial ({@code {{>
   * name}}}), which for a week of 200 cards was a class-path search per card.
   */
  private static final class ResolvedOnce extends ClassPathTemplateLoader {
    private final java.util.concurrent.ConcurrentHashMap<String, TemplateSource> sources =
        new java.util.concurrent.ConcurrentHashMap<>();

    ResolvedOnce(String prefix, String suffix) {
      super(prefix, suffix);
    }

    @Override
    public TemplateSource sourceAt(String location) throws IOException {
      TemplateSource known = sources.get(location);
      if (known != null) {
        return known;
      }
      TemplateSource found = super.sourceAt(location);
      sources.put(location, found);
      return found;
    }
  }

  /**
   * The same characters as Handlebars' default escaping ({@code & < > " ' ` =}), in one pass over
   * the text: the default goes through a generic lookup table and was the largest single cost of
   * rendering a long week page.
   */
  static CharSequence escapeHtml(CharSequence value) {
    if (value == null) {
      return "";
    }
    int n = value.length();
    StringBuilder out = null;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      String rep =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#x27;";
            case '`' -> "&#x60;";
            case '=' -> "&#x3D;";
            default -> null;
          };
      if (rep != null && out == null) {
        out = new StringBuilder(n + 16).append(value, 0, i);
      }
      if (out != null) {
        if (rep != null) {
          out.append(rep);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? value : out;
  }

  /** Stands for the marked argument while the sentence is formatted and escaped. */
  private static final String MARK = "\uE000";

  /**
   * The sentence {@code key} escaped, its first argument ({@code params[0]}) wrapped in a span with
   * {@code lang} {@code params[1]} and {@code dir} {@code params[2]}; further parameters are the
   * sentence's other arguments.
   */
  static String marked(Messages.Bundle b, String key, Object[] params) {
    String text = params.length > 0 && params[0] != null ? params[0].toString() : "";
    String lang = params.length > 1 && params[1] != null ? params[1].toString() : "";
    String dir = params.length > 2 && params[2] != null ? params[2].toString() : "auto";
    Object[] args = new Object[Math.max(1, params.length - 2)];
    args[0] = MARK;
    for (int i = 3; i < params.length; i++) {
      args[i - 2] = params[i];
    }
    String sentence = escapeHtml(b.get(key, args)).toString();
    return sentence.replace(
        MARK,
        "<span lang=\""
            + escapeHtml(lang)
            + "\" dir=\""
            + escapeHtml(dir)
            + "\">"
            + escapeHtml(text)
            + "</span>");
  }

  private static Handlebars configure(Handlebars handlebars) {
    handlebars.with(new ConcurrentMapTemplateCache()).prettyPrint(false);
    handlebars.registerHelper(
        "concat",
        (Helper<Object>)
            (first, options) -> {
              StringBuilder sb = new StringBuilder(String.valueOf(first));
              for (Object p : options.params) {
                sb.append(p);
              }
              return sb.toString();
            });
    handlebars.registerHelpers(ConditionalHelpers.class);
    handlebars.registerHelper(
        "t",
        (Helper<Object>)
            (key, options) -> {
              Messages.Bundle b = options.data("bundle");
              Object[] args = options.params;
              return b.get(String.valueOf(key), args);
            });
    // a sentence whose first argument is text in a language of its own (a discussion's title):
    // {{tLang "key" text lang dir more...}} marks that argument with its lang and dir
    handlebars.registerHelper(
        "tLang",
        (Helper<Object>)
            (key, options) -> {
              Messages.Bundle b = options.data("bundle");
              return new Handlebars.SafeString(marked(b, String.valueOf(key), options.params));
            });
    // a country is stored as its ISO code and shown in the reader's language
    handlebars.registerHelper(
        "countryName",
        (Helper<Object>)
            (code, options) -> {
              Messages.Bundle b = options.data("bundle");
              return org.indaba.i18n.Countries.name(
                  code == null ? null : code.toString(), b.language());
            });
    handlebars.registerHelper(
        "date",
        (Helper<Object>)
            (value, options) ->
                format(value, options, DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)));
    handlebars.registerHelper(
        "datetime",
        (Helper<Object>)
            (value, options) ->
                format(
                    value,
                    options,
                    DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)));
    handlebars.registerHelper(
        "isodate",
        (Helper<Object>)
            (value, options) -> {
              TemporalAccessor t = toTemporal(value, ZoneId.of("UTC"));
              return t == null ? "" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
            });
    return handlebars;
  }

  /**
   * Maps, JavaBean getters ({@code isAdmin} as {@code admin}), record accessors and public fields.
   */
  private static final com.github.jknack.handlebars.ValueResolver[] RESOLVERS = {
    com.github.jknack.handlebars.context.MapValueResolver.INSTANCE,
    com.github.jknack.handlebars.context.JavaBeanValueResolver.INSTANCE,
    com.github.jknack.handlebars.context.MethodValueResolver.INSTANCE,
    com.github.jknack.handlebars.context.FieldValueResolver.INSTANCE
  };

  public Messages messages() {
    return messages;
  }

  private static Object format(Object value, Options options, DateTimeFormatter style) {
    Messages.Bundle b = options.data("bundle");
    ZoneId zone = options.data("zone");
    TemporalAccessor t = toTemporal(value, zone == null ? ZoneId.of("UTC") : zone);
    if (t == null) {
      return "";
    }
    if (t instanceof LocalDate d && style.toString().contains("Time")) {
      return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(b.locale()).format(d);
    }
    return style.withLocale(b.locale()).format(t);
  }

  private static TemporalAccessor toTemporal(Object value, ZoneId zone) {
    if (value instanceof Instant i) {
      return i.atZone(zone);
    }
    if (value instanceof OffsetDateTime o) {
      return o.atZoneSameInstant(zone);
    }
    if (value instanceof ZonedDateTime z) {
      return z.withZoneSameInstant(zone);
    }
    if (value instanceof LocalDate d) {
      return d;
    }
    return null;
  }

  /** Renders one template with the given model, language and time zone. */
  public String render(
      String template, Map<String, Object> model, Messages.Bundle bundle, ZoneId zone) {
    try {
      boolean plain = template.endsWith(".txt") || template.endsWith(".subject");
      Template t = (plain ? plainText : handlebars).compile(template);
      Context context = Context.newBuilder(model).resolver(RESOLVERS).build();
      context.data("bundle", bundle);
      context.data("zone", zone);
      try {
        return t.apply(context);
      } finally {
        context.destroy();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot render template " + template, e);
    }
  }

  public String render(String template, Map<String, Object> model, String lang) {
    return render(template, model, messages.bundle(lang), ZoneId.of("UTC"));
  }
}
