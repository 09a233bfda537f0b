package org.indaba.mail.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.indaba.mail.parse.AutomatedMail.Kind;
import org.junit.jupiter.api.Test;

class AutomatedMailTest {

  private static ParsedMail withHeaders(String headers) {
    String raw =
        "From: Someone <someone@example.org>\nTo: list@lists.indaba.example\n"
            + headers
            + "\nContent-Type: text/plain\n\nText.\n";
    return MailParser.parse(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void classifiesMemberRepliesAsHuman() {
    for (String fixture :
        new String[] {
          "gmail_reply_english.eml",
          "outlook_reply_french.eml",
          "apple_mail_reply_spanish.eml",
          "thunderbird_reply_portuguese.eml",
          "iphone_reply_arabic.eml"
        }) {
      assertThat(AutomatedMail.classify(Fixtures.parse(fixture))).as(fixture).isEqualTo(Kind.HUMAN);
    }
  }

  @Test
  void treatsAutoSubmittedAutoRepliedAsAutoReply() {
    assertThat(AutomatedMail.classify(Fixtures.parse("auto_submitted_header.eml")))
        .isEqualTo(Kind.AUTO_REPLY);
  }

  @Test
  void treatsAnyOtherAutoSubmittedValueButNoAsAutomated() {
    assertThat(AutomatedMail.classify(withHeaders("Auto-Submitted: auto-generated")))
        .isEqualTo(Kind.AUTO_GENERATED);
    assertThat(
            AutomatedMail.classify(withHeaders("Auto-Submitted: auto-notified; owner-email=x@y")))
        .isEqualTo(Kind.AUTO_GENERATED);
    assertThat(AutomatedMail.classify(withHeaders("Auto-Submitted: No"))).isEqualTo(Kind.HUMAN);
  }

  @Test
  void treatsPrecedenceBulkAsBulk() {
    assertThat(AutomatedMail.classify(Fixtures.parse("precedence_bulk.eml"))).isEqualTo(Kind.BULK);
    assertThat(AutomatedMail.classify(withHeaders("Precedence: junk"))).isEqualTo(Kind.BULK);
    assertThat(AutomatedMail.classify(withHeaders("Precedence: list"))).isEqualTo(Kind.BULK);
    assertThat(AutomatedMail.classify(withHeaders("Precedence: auto_reply")))
        .isEqualTo(Kind.AUTO_REPLY);
  }

  @Test
  void treatsVendorAutoReplyHeadersAsAutoReply() {
    assertThat(AutomatedMail.classify(withHeaders("X-Autoreply: yes"))).isEqualTo(Kind.AUTO_REPLY);
    assertThat(AutomatedMail.classify(withHeaders("X-Autorespond: vacation")))
        .isEqualTo(Kind.AUTO_REPLY);
    // Outlook sets X-Auto-Response-Suppress on mail people write: it is no sign of a machine
    assertThat(AutomatedMail.classify(withHeaders("X-Auto-Response-Suppress: All")))
        .isEqualTo(Kind.HUMAN);
    assertThat(AutomatedMail.classify(withHeaders("X-Auto-Response-Suppress: DR, OOF")))
        .isEqualTo(Kind.HUMAN);
  }

  @Test
  void recognisesOutOfOfficeSubjectInFrenchWithHeaderEvidence() {
    String raw =
        new String(Fixtures.bytes("out_of_office_french_subject.eml"), StandardCharsets.UTF_8)
            .replace("Return-Path: <claire.dubois@example.fr>", "Return-Path: <>");
    assertThat(AutomatedMail.classify(MailParser.parse(raw.getBytes(StandardCharsets.UTF_8))))
        .isIn(Kind.AUTO_REPLY, Kind.BOUNCE);
  }

  @Test
  void recognisesOutOfOfficeSubjectsInEachLanguage() {
    for (String subject :
        new String[] {
          "Out of Office: Week 3",
          "Automatic reply: [Week 3]",
          "Absence du bureau",
          "Respuesta automática: Semana 3",
          "Fuera de la oficina",
          "Resposta automática: Semana 3",
          "Ausente",
          "رد تلقائي: الأسبوع 3",
          "خارج المكتب",
          "AUTO: Amina Diallo is out of the office"
        }) {
      assertThat(AutomatedMail.isAutoReplySubject(subject)).as(subject).isTrue();
    }
    for (String subject :
        new String[] {
          "Re: Out of office policies for field staff",
          "Ausentes en la reunión",
          "[Week 3] Automatic replies considered harmful?"
        }) {
      assertThat(AutomatedMail.isAutoReplySubject(subject)).as(subject).isFalse();
    }
  }

  @Test
  void readsHardBounceFromDeliveryStatus() {
    ParsedMail mail = Fixtures.parse("bounce_hard_dsn.eml");

    assertThat(AutomatedMail.classify(mail)).isEqualTo(Kind.BOUNCE);
    BounceReport report = AutomatedMail.bounceReport(mail).orElseThrow();
    assertThat(report.addresses()).containsExactly("Grace.Achieng@partner.example");
    assertThat(report.hard()).isTrue();
    BounceReport.Recipient r = report.recipients().get(0);
    assertThat(r.status()).isEqualTo("5.1.1");
    assertThat(r.action()).isEqualTo("failed");
    assertThat(r.diagnosticCode()).startsWith("smtp; 550 5.1.1");
  }

  @Test
  void aDelayedDeliveryStatusIsAReportNotABounce() {
    ParsedMail mail = Fixtures.parse("bounce_soft_dsn.eml");

    assertThat(AutomatedMail.classify(mail)).isEqualTo(Kind.DELIVERY_REPORT);
    assertThat(AutomatedMail.bounceReport(mail)).isEmpty();
  }

  @Test
  void fallsBackToXFailedRecipients() {
    ParsedMail mail =
        MailParser.parse(
            """
        From: Mail Delivery System <Mailer-Daemon@mx.partner.example>
        To: bounces@lists.indaba.example
        Subject: Mail delivery failed: returning message to sender
        X-Failed-Recipients: moses.banda@Example.MW
        Content-Type: text/plain

          moses.banda@example.mw
            host mx.example.mw [192.0.2.9]
            SMTP error from remote mail server after RCPT TO:<moses.banda@example.mw>:
            550 5.7.1 Relaying denied
        """
                .getBytes(StandardCharsets.UTF_8));

    assertThat(AutomatedMail.classify(mail)).isEqualTo(Kind.BOUNCE);
    BounceReport report = AutomatedMail.bounceReport(mail).orElseThrow();
    assertThat(report.addresses()).containsExactly("moses.banda@example.mw");
    assertThat(report.recipients().get(0).status()).isEqualTo("5.7.1");
    assertThat(report.hard()).isTrue();
  }

  @Test
  void treatsNullReturnPathAsBounce() {
    assertThat(AutomatedMail.classify(withHeaders("Return-Path: <>"))).isEqualTo(Kind.BOUNCE);
  }

  @Test
  void treatsSuccessfulDeliveryStatusAsDeliveryReport() {
    String raw =
        Fixtures.parse("bounce_hard_dsn.eml").headers().first("Content-Type").orElseThrow();
    ParsedMail mail =
        MailParser.parse(
            ("""
        From: postmaster@mx.partner.example
        Subject: Delivery Status Notification (Success)
        Content-Type: %s

        --dsn-boundary
        Content-Type: text/plain

        Delivered.
        --dsn-boundary
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.partner.example

        Final-Recipient: rfc822; grace.achieng@partner.example
        Action: delivered
        Status: 2.0.0

        --dsn-boundary--
        """
                    .formatted(raw))
                .getBytes(StandardCharsets.UTF_8));

    assertThat(AutomatedMail.classify(mail)).isEqualTo(Kind.DELIVERY_REPORT);
    assertThat(AutomatedMail.bounceReport(mail)).isEmpty();
  }

  @Test
  void hasNoBounceReportForHumanMail() {
    assertThat(AutomatedMail.bounceReport(Fixtures.parse("gmail_reply_english.eml"))).isEmpty();
  }
}
