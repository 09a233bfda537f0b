package org.indaba.mail.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Separates what the author wrote from the quoted message and signature below it.
 *
 * <p>Handles the conventions of Gmail, Outlook, Apple Mail, Thunderbird and phone clients in
 * English, French, Spanish, Portuguese and Arabic (and German, Italian, Dutch, Russian and Turkish
 * attribution lines): attribution lines ("On ... wrote:", also wrapped over several lines),
 * "Original Message" separators, Outlook header blocks, {@code >} quoted lines, the {@code "-- "}
 * signature separator and "sent from my phone" lines.
 *
 * <p>Inline replies keep the author's lines and drop only the quoted lines between them; a quote
 * block after the author's last line is dropped whole. Everything dropped is returned in {@link
 * Trimmed#removed()}, in order, so it can be shown collapsed.
 */
public final class ReplyTrimmer {

  /**
   * @param kept what the author wrote; never blank when the input had text
   * @param removed quoted text and signatures that were taken out, "" when none
   * @param nothingOwn true when the text held only quotes or a signature: then {@code kept} is the
   *     whole text, and mail can tell the author what was found
   */
  public record Trimmed(String kept, String removed, boolean nothingOwn) {
    public Trimmed(String kept, String removed) {
      this(kept, removed, false);
    }
  }

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  /** Attribution lines introduced by a locale's opening word, so they can be recognised alone. */
  private static final List<Pattern> ATTRIBUTIONS =
      List.of(
          Pattern.compile("^on\\b.{4,250}\\bwrote\\s*:$", FLAGS),
          Pattern.compile("^le\\b.{4,250}\\ba\\s+écrit\\s*:$", FLAGS),
          Pattern.compile("^el\\b.{4,250}\\bescribió\\s*:$", FLAGS),
          Pattern.compile("^(?:em|no dia|a)\\b.{4,250}\\bescreveu\\s*:$", FLAGS),
          Pattern.compile("^في\\s.{4,250}(?:كتب|كتبت|تمت كتابة ما يلي بواسطة).{0,200}:$", FLAGS),
          Pattern.compile("^am\\b.{4,250}\\bschrieb\\b.{0,200}:$", FLAGS),
          Pattern.compile("^il\\b.{4,250}\\bha scritto\\s*:$", FLAGS),
          Pattern.compile("^op\\b.{4,250}\\bschreef\\b.{0,200}:$", FLAGS));

  /**
   * Any line ending like an attribution (also Russian, Turkish and Arabic, whose clients put the
   * date first); only trusted when quoted lines follow it.
   */
  private static final Pattern LOOSE_ATTRIBUTION =
      Pattern.compile(
          "^.{1,250}(?:\\bwrote|\\ba\\s+écrit|\\bescribió|\\bescreveu|\\bschrieb|\\bha scritto"
              + "|\\bschreef|написал[аи]?|написав|пишет|yazdı|كتب|كتبت)(?:\\s+\\S{1,20})?\\s*:$",
          FLAGS);

  /**
   * What a client's attribution line always carries and an author's own sentence ("As Sen wrote:")
   * does not: an address, a time or a date of the message being answered.
   */
  private static final Pattern ATTRIBUTION_EVIDENCE =
      Pattern.compile(
          "@|[0-9٠-٩]{1,2}[:h.][0-9٠-٩]{2}|\\b(?:19|20)[0-9]{2}\\b|[٠-٩]{4}"
              + "|[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}");

  private static final Pattern SPACES = Pattern.compile("\\s+");

  private static final Pattern ORIGINAL_MESSAGE =
      Pattern.compile(
          "^-{2,}\\s*(?:original message|message d['’]origine|message original|mensaje original"
              + "|mensagem original|ursprüngliche nachricht|originalnachricht|messaggio originale"
              + "|الرسالة الأصلية|رسالة أصلية)\\s*-*$",
          FLAGS);

  /**
   * A forwarded message is what the member wants the group to read, so nothing after these markers
   * is trimmed even though Outlook-style headers follow them.
   */
  private static final Pattern FORWARDED =
      Pattern.compile(
          "^(?:-{2,}\\s*(?:forwarded message|message transféré|mensaje reenviado|mensagem encaminhada"
              + "|mensagem reencaminhada|weitergeleitete nachricht|الرسالة المُعاد توجيهها"
              + "|الرسالة المعاد توجيهها|رسالة محولة)\\s*-*"
              + "|begin forwarded message\\s*:|début du message (?:réexpédié|transféré)\\s*:"
              + "|inicio del mensaje reenviado\\s*:|início da mensagem (?:reencaminhada|encaminhada)\\s*:)$",
          FLAGS);

  private static final String DEVICES =
      "(?:iphone|ipad|android|samsung|galaxy|huawei|xiaomi"
          + "|tecno|infinix|itel|nokia|blackberry|mobile|phone|smartphone|yahoo|outlook|gmail|aol"
          + "|proton\\s?mail|mail for windows|appareil|téléphone|portable|dispositivo|móvil|movil"
          + "|celular|teléfono|telemóvel|telemovel|correo|e-?mail)";

  /** Outlook mobile follows its line with the store link: "Get Outlook for iOS<https://…>". */
  private static final String LINK = ".{0,10}(?:\\s*<https?://[^>\\s]{1,200}>)?\\s*$";

  private static final List<Pattern> MOBILE_SIGNATURES =
      List.of(
          Pattern.compile(
              "^sent (?:from|with|using|via) (?:my |the )?" + DEVICES + ".{0,40}$", FLAGS),
          // whatever the device is called
          Pattern.compile("^sent from my \\S.{0,50}$", FLAGS),
          Pattern.compile("^envoyé (?:de|depuis) mon \\S.{0,50}$", FLAGS),
          Pattern.compile("^enviado desde mi \\S.{0,50}$", FLAGS),
          Pattern.compile("^enviado do meu \\S.{0,50}$", FLAGS),
          Pattern.compile(
              "^envoyé (?:de|depuis|à partir de) (?:mon |ma |l['’]application |la )?"
                  + DEVICES
                  + ".{0,40}$",
              FLAGS),
          Pattern.compile("^enviado (?:desde|de) (?:mi |el |la )?" + DEVICES + ".{0,40}$", FLAGS),
          Pattern.compile(
              "^enviad[oa] (?:do|de|pelo|via|a partir do) (?:meu |minha |o )?"
                  + DEVICES
                  + ".{0,40}$",
              FLAGS),
          Pattern.compile("^(?:get|download) outlook for (?:android|ios|iphone)" + LINK, FLAGS),
          Pattern.compile(
              "^(?:obtenir|télécharger) outlook pour (?:android|ios|iphone)" + LINK, FLAGS),
          Pattern.compile(
              "^(?:obtener|descargar) outlook para (?:android|ios|iphone)" + LINK, FLAGS),
          Pattern.compile(
              "^(?:obter|obtenha|baixe|baixar|transferir) o outlook para "
                  + "(?:android|ios|iphone)"
                  + LINK,
              FLAGS),
          Pattern.compile(
              "^(?:أُ?رسلت|ارسلت|أرسل|تم الإرسال|تم الارسال|مرسل|إرسال)"
                  + "\\s+(?:من|عبر|باستخدام)\\s+.{0,20}"
                  + "(?:iphone|ipad|android|samsung|galaxy|outlook|آيفون|ايفون|أيفون|أندرويد|اندرويد"
                  + "|جهاز|هاتف|جوال|الجوال|سامسونج).{0,30}$",
              FLAGS));

  private static final Pattern HEADER_LINE =
      Pattern.compile("^\\*?\\s*([^:*]{1,30}?)\\s*\\*?\\s*:.*$");

  private static final Set<String> FROM_KEYS = Set.of("from", "de", "von", "da", "van", "من");

  private static final Set<String> DETAIL_KEYS =
      Set.of(
          "sent",
          "date",
          "to",
          "cc",
          "subject",
          "envoyé",
          "à",
          "objet",
          "date d'envoi",
          "enviado",
          "enviado el",
          "enviada",
          "enviada em",
          "enviado em",
          "fecha",
          "para",
          "asunto",
          "assunto",
          "data",
          "gesendet",
          "an",
          "betreff",
          "inviato",
          "oggetto",
          "a",
          "verzonden",
          "aan",
          "onderwerp",
          "تاريخ الإرسال",
          "تم الإرسال",
          "التاريخ",
          "إلى",
          "الى",
          "نسخة",
          "الموضوع",
          "موضوع");

  private static final Pattern SEPARATOR_RULE = Pattern.compile("^(?:_{8,}|-{8,}|={8,})$");

  private ReplyTrimmer() {}

  private enum Role {
    TEXT,
    BLANK,
    QUOTE,
    INTRO
  }

  public static Trimmed trim(String text) {
    if (text == null || text.isBlank()) {
      return new Trimmed("", "");
    }
    String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    int n = lines.length;
    Lines view = new Lines(lines);
    Role[] roles = new Role[n];
    int cut = n;
    for (int i = 0; i < n; i++) {
      String line = normalise(lines[i]);
      if (roles[i] != null) {
        continue; // already claimed by a multi-line attribution
      }
      if (line.isEmpty()) {
        roles[i] = Role.BLANK;
        continue;
      }
      if (isQuoted(lines[i])) {
        roles[i] = Role.QUOTE;
        continue;
      }
      if (FORWARDED.matcher(line).matches()) {
        for (int k = i; k < n; k++) {
          roles[k] = normalise(lines[k]).isEmpty() ? Role.BLANK : Role.TEXT;
        }
        break;
      }
      if (isSignatureSeparator(lines[i])
          || matchesAny(MOBILE_SIGNATURES, line)
          || ORIGINAL_MESSAGE.matcher(line).matches()) {
        cut = i;
        break;
      }
      if (isHeaderBlock(lines, i)) {
        cut = ruleAbove(lines, i);
        break;
      }
      int span = attributionSpan(view, i);
      if (span > 0) {
        if (view.quoteFollows(i + span)) {
          for (int k = i; k < i + span; k++) {
            roles[k] = Role.INTRO;
          }
          continue;
        }
        // An attribution over unquoted text: the original follows as is (Outlook, HTML quotes).
        cut = i;
        break;
      }
      roles[i] = Role.TEXT;
    }

    int lastText = -1;
    for (int i = 0; i < cut; i++) {
      if (roles[i] == Role.TEXT) {
        lastText = i;
      }
    }
    List<String> kept = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i >= cut) {
        removed.add(lines[i]);
      } else if (i > lastText) {
        // Past the author's last line: a trailing quote block goes whole, blank lines with it.
        if (roles[i] != Role.BLANK) {
          removed.add(lines[i]);
        }
      } else if (roles[i] == Role.QUOTE || roles[i] == Role.INTRO) {
        removed.add(lines[i]);
      } else {
        kept.add(lines[i]);
      }
    }
    String keptText = join(kept);
    String removedText = join(removed);
    if (keptText.isBlank()) {
      // Only quotes or a signature: better to show everything than an empty message.
      return new Trimmed(join(List.of(lines)), "", true);
    }
    return new Trimmed(keptText, removedText);
  }

  /**
   * The lines of a message, normalised once, with for each line whether the next non-blank line
   * from there is quoted: the attribution search reads these instead of rescanning the body.
   */
  private static final class Lines {
    final String[] normalised;
    final boolean[] quoted;

    /** quoteFrom[k]: the first non-blank line at or after k is quoted. */
    final boolean[] quoteFrom;

    Lines(String[] raw) {
      int n = raw.length;
      normalised = new String[n];
      quoted = new boolean[n];
      quoteFrom = new boolean[n + 1];
      for (int k = 0; k < n; k++) {
        normalised[k] = normalise(raw[k]);
        quoted[k] = isQuoted(raw[k]);
      }
      for (int k = n - 1; k >= 0; k--) {
        quoteFrom[k] = normalised[k].isEmpty() ? quoteFrom[k + 1] : quoted[k];
      }
    }

    boolean quoteFollows(int from) {
      return from < quoteFrom.length && quoteFrom[Math.max(0, from)];
    }
  }

  /**
   * How many lines (1 to 3) from {@code i} form a client's attribution line, or 0 (clients wrap
   * long attributions: Gmail's plain-text part breaks before the address or "wrote:"). Only lines
   * ending in a colon can end one, so most lines cost one character test.
   */
  private static int attributionSpan(Lines lines, int i) {
    StringBuilder joined = new StringBuilder();
    for (int span = 1; span <= 3 && i + span - 1 < lines.normalised.length; span++) {
      String line = lines.normalised[i + span - 1];
      if (line.isEmpty() || (span > 1 && lines.quoted[i + span - 1])) {
        return 0;
      }
      if (span > 1) {
        joined.append(' ');
      }
      joined.append(line);
      if (line.charAt(line.length() - 1) != ':') {
        continue;
      }
      String candidate = SPACES.matcher(joined).replaceAll(" ");
      if (!ATTRIBUTION_EVIDENCE.matcher(candidate).find()) {
        // an author's own sentence introducing a citation, not a client's line
        continue;
      }
      if (matchesAny(ATTRIBUTIONS, candidate)) {
        return span;
      }
      if (span == 1
          && LOOSE_ATTRIBUTION.matcher(candidate).matches()
          && lines.quoteFollows(i + 1)) {
        return 1;
      }
    }
    return 0;
  }

  /**
   * An Outlook-style header block: a From line followed within a few lines by at least two other
   * header lines (Sent/Date, To, Cc, Subject or their translations).
   */
  private static boolean isHeaderBlock(String[] lines, int i) {
    String key = headerKey(lines[i]);
    if (key == null || !FROM_KEYS.contains(key)) {
      return false;
    }
    int details = 0;
    for (int k = i + 1; k < Math.min(lines.length, i + 9); k++) {
      String other = headerKey(lines[k]);
      if (other != null && DETAIL_KEYS.contains(other)) {
        details++;
      }
    }
    return details >= 2;
  }

  private static String headerKey(String line) {
    var m = HEADER_LINE.matcher(normalise(line));
    return m.matches() ? m.group(1).strip().toLowerCase(Locale.ROOT) : null;
  }

  /** Outlook draws a rule of underscores above its header block; it belongs to the quote. */
  private static int ruleAbove(String[] lines, int i) {
    int k = i - 1;
    while (k >= 0 && normalise(lines[k]).isEmpty()) {
      k--;
    }
    return k >= 0 && SEPARATOR_RULE.matcher(normalise(lines[k])).matches() ? k : i;
  }

  private static boolean isQuoted(String line) {
    return line.stripLeading().startsWith(">");
  }

  /** RFC 3676 section 4.3: "-- " on its own line; many clients lose the trailing space. */
  private static boolean isSignatureSeparator(String line) {
    return line.equals("-- ") || line.equals("--");
  }

  private static boolean matchesAny(List<Pattern> patterns, String line) {
    for (Pattern p : patterns) {
      if (p.matcher(line).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Strips bidirectional marks (Arabic clients wrap names and dates in them), turns no-break spaces
   * (French typography before ':') into spaces, and trims.
   */
  static String normalise(String line) {
    StringBuilder out = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\u200E'
          || c == '\u200F'
          || c == '\u061C'
          || c == '\uFEFF'
          || (c >= '\u202A' && c <= '\u202E')
          || (c >= '\u2066' && c <= '\u2069')) {
        continue;
      }
      out.append(c == '\u00A0' || c == '\u202F' || c == '\u2007' ? ' ' : c);
    }
    return out.toString().strip();
  }

  /** Joins lines, keeping at most one blank line in a row and none at either end. */
  private static String join(List<String> lines) {
    StringBuilder out = new StringBuilder();
    boolean pendingBlank = false;
    for (String line : lines) {
      String l = line.stripTrailing();
      if (l.isBlank()) {
        pendingBlank = out.length() > 0;
        continue;
      }
      if (out.length() > 0) {
        out.append(pendingBlank ? "\n\n" : "\n");
      }
      out.append(l);
      pendingBlank = false;
    }
    return out.toString();
  }
}
