package org.indaba.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test server on a fresh database whose mail leaves through a real SMTP server (GreenMail) that
 * keeps every message it receives, read back as a mail client would.
 */
public final class RelayedApp implements AutoCloseable {
  public final GreenMail relay;
  public final TestApp app;

  private RelayedApp(GreenMail relay, TestApp app) {
    this.relay = relay;
    this.app = app;
  }

  public static RelayedApp start() {
    return start(Map.of());
  }

  /** Started with {@code extraEnv} on top of the relay's address. */
  public static RelayedApp start(Map<String, String> extraEnv) {
    GreenMail relay = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    relay.start();
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("INDABA_MAIL_RELAY", "localhost:" + relay.getSmtp().getPort());
    try {
      return new RelayedApp(relay, TestApp.start(TestDatabase.freshDatabaseUrl(), env));
    } catch (RuntimeException e) {
      relay.stop();
      throw e;
    }
  }

  /** Runs the jobs that turn events into mail and send it once each; what reached the address. */
  public List<MimeMessage> deliveredTo(String address) {
    app.app.background.runNow("mail-events");
    app.app.background.runNow("mail-out");
    return Arrays.stream(relay.getReceivedMessages()).filter(m -> sentTo(m, address)).toList();
  }

  /** The messages delivered to {@code address} whose subject contains {@code subjectPart}. */
  public List<MimeMessage> deliveredTo(String address, String subjectPart) {
    return deliveredTo(address).stream().filter(m -> subject(m).contains(subjectPart)).toList();
  }

  /** The last message delivered to {@code address} whose subject or plain text has {@code part}. */
  public MimeMessage lastTo(String address, String part) {
    List<MimeMessage> all = deliveredTo(address);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (subject(all.get(i)).contains(part) || text(all.get(i)).contains(part)) {
        return all.get(i);
      }
    }
    throw new AssertionError("no mail to " + address + " with " + part);
  }

  /** A browser signed in as the member {@code email} with the test password. */
  public HttpSession signedIn(String email) {
    HttpSession s = app.browser();
    s.login(email, TestApp.PASSWORD);
    return s;
  }

  private static boolean sentTo(MimeMessage m, String address) {
    try {
      Address[] to = m.getAllRecipients();
      return to != null
          && Arrays.stream(to)
              .anyMatch(
                  r ->
                      r instanceof InternetAddress a
                          ? a.getAddress().equalsIgnoreCase(address)
                          : r.toString().equalsIgnoreCase(address));
    } catch (MessagingException e) {
      return false;
    }
  }

  public static String subject(MimeMessage m) {
    try {
      String s = m.getSubject();
      return s == null ? "" : s;
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The body part of {@code type} (the whole body when the message is of that type), or "". */
  public static String part(MimeMessage m, String type) {
    try {
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
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The plain-text part, as a reader's mail client shows it. */
  public static String text(MimeMessage m) {
    return part(m, "text/plain");
  }

  @Override
  public void close() {
    try {
      app.close();
    } finally {
      relay.stop();
    }
  }
}
