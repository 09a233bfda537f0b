package org.indaba.mail.out;

import java.util.LinkedHashMap;
import java.util.Map;
import org.indaba.web.Views;

/**
 * Every email is three templates under {@code templates/mail/}: {@code <kind>.subject},
 * {@code <kind>.txt} and {@code <kind>.html}, rendered in the recipient's language. Sentences come
 * from the bundles, so the text and HTML versions share one translation.
 */
public final class MailComposer {
  private final Views views;
  private final String baseUrl;

  public MailComposer(Views views, String baseUrl) {
    this.views = views;
    this.baseUrl = baseUrl;
  }

  public OutgoingMail compose(String kind, String recipient, Long memberId, String lang, Map<String, Object> model) {
    Map<String, Object> m = new LinkedHashMap<>(model);
    m.put("baseUrl", baseUrl);
    m.put("lang", lang);
    m.put("dir", org.indaba.i18n.Messages.isRightToLeft(lang) ? "rtl" : "ltr");
    String subject = views.render("mail/" + kind + ".subject", m, lang).strip().replaceAll("[\\r\\n]+", " ");
    String text = views.render("mail/" + kind + ".txt", m, lang);
    String html = views.render("mail/" + kind + ".html", m, lang);
    return new OutgoingMail(recipient, memberId, kind, subject, text, html, Map.of());
  }
}
