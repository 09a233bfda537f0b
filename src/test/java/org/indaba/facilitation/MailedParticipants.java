package org.indaba.facilitation;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import org.indaba.testing.TestApp;

/** What a real SMTP server received from the app, read as a mail client would. */
final class MailedParticipants {
  private final TestApp app;
  private final GreenMail relay;

  MailedParticipants(TestApp app, GreenMail relay) {
    this.app = app;
    this.relay = relay;
  }

  /** Runs the event and sending jobs once each, then lists what reached {@code address}. */
  List<MimeMessage> to(String address) {
    app.app.background.runNow("mail-events");
    app.app.background.runNow("mail-out");
    return Arrays.stream(relay.getReceivedMessages())
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getAllRecipients())
                    .anyMatch(r -> r.toString().equalsIgnoreCase(address));
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }

  /** The messages to {@code address} whose subject contains {@code subjectPart}. */
  List<MimeMessage> to(String address, String subjectPart) {
    return to(address).stream()
        .filter(
            m -> {
              try {
                return m.getSubject().contains(subjectPart);
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }

  static String part(MimeMessage m, String type) throws Exception {
    Object content = m.getContent();
    if (content instanceof Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        if (mp.getBodyPart(i).isMimeType(type)) {
          return mp.getBodyPart(i).getContent().toString();
        }
      }
      return "";
    }
    return m.isMimeType(type) ? content.toString() : "";
  }

  static String text(MimeMessage m) throws Exception {
    return part(m, "text/plain");
  }
}
