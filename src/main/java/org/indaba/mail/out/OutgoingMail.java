package org.indaba.mail.out;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One email to one recipient, composed and ready to be queued; {@code discussionId} is the
 * discussion it is about, or null (account mail), and decides whose moderators can read it.
 */
public record OutgoingMail(
    String recipient,
    Long memberId,
    String kind,
    String subject,
    String textBody,
    String htmlBody,
    Map<String, String> headers,
    Long discussionId) {

  public OutgoingMail {
    headers = new LinkedHashMap<>(headers == null ? Map.of() : headers);
  }

  public OutgoingMail(
      String recipient,
      Long memberId,
      String kind,
      String subject,
      String textBody,
      String htmlBody,
      Map<String, String> headers) {
    this(recipient, memberId, kind, subject, textBody, htmlBody, headers, null);
  }

  public OutgoingMail withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new OutgoingMail(
        recipient, memberId, kind, subject, textBody, htmlBody, h, discussionId);
  }

  /** The same mail, recorded as being about this discussion. */
  public OutgoingMail about(long discussion) {
    return new OutgoingMail(
        recipient, memberId, kind, subject, textBody, htmlBody, headers, discussion);
  }
}
