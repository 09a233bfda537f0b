package org.indaba.mail.out;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.web.Views;

/**
 * Every email is three templates under {@code templates/mail/}: {@code <kind>.subject}, {@code
 * <kind>.txt} and {@code <kind>.html}, rendered in the recipient's language. Sentences come from
 * the bundles, so the text and HTML versions share one translation.
 */
public final class MailComposer {
  private final Views views;
  private final String baseUrl;

  public MailComposer(Views views, String baseUrl) {
    this.views = views;
    this.baseUrl = baseUrl;
  }

  public OutgoingMail compose(
      String kind, String recipient, Long memberId, String lang, Map<String, Object> model) {
    Map<String, Object> m = new LinkedHashMap<>(model);
    m.put("baseUrl", baseUrl);
    m.put("lang", lang);
    m.put("dir", org.indaba.i18n.Messages.isRightToLeft(lang) ? "rtl" : "ltr");
    String subject =
        views.render("mail/" + kind + ".subject", m, lang).strip().replaceAll("[\\r\\n]+", " ");
    String text = views.render("mail/" + kind + ".txt", m, lang);
    String html = views.render("mail/" + kind + ".html", m, lang);
    return new OutgoingMail(recipient, memberId, kind, subject, text, html, Map.of());
  }

  /**
   * One email in several languages one after another, for a member who chose none: each language's
   * rendering of the same templates, the subjects joined, each HTML body kept in an element
   * carrying its language and direction.
   */
  public OutgoingMail composeIn(
      String kind, String recipient, Long memberId, List<String> langs, Map<String, Object> model) {
    return composeIn(kind, recipient, memberId, langs, lang -> model);
  }

  /**
   * As above, with a model per language (the content itself translated, not only the sentences).
   */
  public OutgoingMail composeIn(
      String kind,
      String recipient,
      Long memberId,
      List<String> langs,
      java.util.function.Function<String, Map<String, Object>> modelFor) {
    if (langs.size() == 1) {
      return compose(kind, recipient, memberId, langs.get(0), modelFor.apply(langs.get(0)));
    }
    List<String> subjects = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    StringBuilder html = new StringBuilder("<!doctype html>\n<html><body>\n");
    for (String lang : langs) {
      OutgoingMail one = compose(kind, recipient, memberId, lang, modelFor.apply(lang));
      subjects.add(one.subject());
      if (!text.isEmpty()) {
        text.append("\n\n----------------------------------------\n\n");
      }
      text.append(one.textBody().strip()).append('\n');
      Matcher body = BODY.matcher(one.htmlBody());
      String inner = body.find() ? body.group(1) : one.htmlBody();
      html.append("<div lang=\"")
          .append(lang)
          .append("\" dir=\"")
          .append(org.indaba.i18n.Messages.isRightToLeft(lang) ? "rtl" : "ltr")
          .append("\">")
          .append(inner)
          .append("</div>\n<hr>\n");
    }
    html.append("</body></html>\n");
    String subject = String.join(" / ", subjects.stream().distinct().toList());
    return new OutgoingMail(
        recipient, memberId, kind, subject, text.toString(), html.toString(), Map.of());
  }

  private static final Pattern BODY = Pattern.compile("(?is)<body[^>]*>(.*)</body>");
}
