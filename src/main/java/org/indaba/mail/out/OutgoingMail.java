package org.indaba.mail.out;

import java.util.LinkedHashMap;
import java.util.Map;

/** One email to one recipient, composed and ready to be queued. */
public record OutgoingMail(
    String recipient,
    Long memberId,
    String kind,
    String subject,
    String textBody,
    String htmlBody,
    Map<String, String> headers) {

  public OutgoingMail {
    headers = new LinkedHashMap<>(headers == null ? Map.of() : headers);
  }

  public OutgoingMail withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new OutgoingMail(recipient, memberId, kind, subject, textBody, htmlBody, h);
  }
}
