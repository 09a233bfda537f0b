package org.indaba.mail.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.indaba.mail.parse.AutomatedMail.Kind;
import org.junit.jupiter.api.Test;

/** Mail as real clients and gateways send it, one fixture per class of problem. */
class RealWorldMailTest {

  @Test
  void aLeadingBlankLineDoesNotHideTheHeaders() {
    ParsedMail mail = Fixtures.parse("leading_blank_line_gateway.eml");
    assertThat(mail.from().address()).isEqualTo("noura@example.org");
    assertThat(mail.subject()).isEqualTo("Water committees");
    assertThat(mail.body())
        .isEqualTo("Our village water committee is run by the women of the cooperative.")
        .doesNotContain("Content-Type");
  }

  @Test
  void aLeadingBlankLineBehindOurReceivedHeaderDoesNotHideTheHeadersEither() {
    byte[] raw = Fixtures.bytes("leading_blank_line_gateway.eml");
    byte[] trace =
        "Received: from gw.example.org ([192.0.2.8]) by lists.indaba.example; Mon, 2 Mar 2026\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    byte[] received = new byte[trace.length + raw.length];
    System.arraycopy(trace, 0, received, 0, trace.length);
    System.arraycopy(raw, 0, received, trace.length, raw.length);
    ParsedMail mail = MailParser.parse(received);
    assertThat(mail.from().address()).isEqualTo("noura@example.org");
    assertThat(mail.body()).doesNotContain("Content-Type").contains("water committee");
  }

  @Test
  void aSeparatorLineOfSpacesStillEndsTheHeaders() {
    ParsedMail mail = Fixtures.parse("whitespace_only_separator.eml");
    assertThat(mail.subject()).isEqualTo("Cooperatives");
    assertThat(mail.body()).contains("pools remittances to buy a boat");
  }

  @Test
  void aMissingOrUnreadableFromLeavesNoAuthor() {
    assertThat(Fixtures.parse("no_from_header.eml").from()).isNull();
    assertThat(Fixtures.parse("unparseable_from_header.eml").from()).isNull();
  }

  @Test
  void outlookMailWithXAutoResponseSuppressAndAnAbsenceSubjectIsAPersons() {
    assertThat(
            AutomatedMail.classify(Fixtures.parse("outlook_human_with_auto_response_suppress.eml")))
        .isEqualTo(Kind.HUMAN);
  }

  @Test
  void anOutOfOfficeSubjectCountsOnlyWithHeaderEvidence() {
    String raw =
        new String(Fixtures.bytes("out_of_office_french_subject.eml"), StandardCharsets.UTF_8);
    assertThat(AutomatedMail.classify(MailParser.parse(raw.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(Kind.HUMAN);
    String fromRule =
        "X-MS-Exchange-Inbox-Rules-Loop: claire.dubois@example.fr\n" + raw.replace("\r\n", "\n");
    assertThat(AutomatedMail.classify(MailParser.parse(fromRule.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(Kind.AUTO_REPLY);
  }

  @Test
  void aDelayReportIsNotABounce() {
    ParsedMail mail = Fixtures.parse("delay_dsn_action_delayed.eml");
    assertThat(AutomatedMail.classify(mail)).isEqualTo(Kind.DELIVERY_REPORT);
    assertThat(AutomatedMail.bounceReport(mail)).isEmpty();
  }

  @Test
  void aMultipartWhoseBoundaryNeverAppearsKeepsItsText() {
    ParsedMail mail = Fixtures.parse("boundary_never_appears.eml");
    assertThat(mail.body()).contains("susu savings groups").contains("ledger");
  }

  @Test
  void attachmentsWithoutTextAndAnAttachedMessageAreKept() {
    ParsedMail pdf = Fixtures.parse("attachments_only_pdf.eml");
    assertThat(pdf.body()).isBlank();
    assertThat(pdf.attachments())
        .extracting(Attachment::filename)
        .containsExactly("rapport-cooperative.pdf");
    ParsedMail fwd = Fixtures.parse("forwarded_message_rfc822.eml");
    assertThat(fwd.attachments()).hasSize(1);
    assertThat(fwd.attachments().get(0).contentType()).isEqualTo("message/rfc822");
  }

  @Test
  void russianGermanAndTurkishAttributionsAreTrimmedAndAnyDeviceSignatureGoes() {
    ReplyTrimmer.Trimmed ru =
        ReplyTrimmer.trim(Fixtures.parse("russian_reply_thunderbird.eml").body());
    assertThat(ru.kept())
        .contains("В Бишкеке")
        .contains("On the same day a German colleague answered too.")
        .doesNotContain("пишет")
        .doesNotContain("schrieb")
        .doesNotContain("money sent home");
    ReplyTrimmer.Trimmed tr = ReplyTrimmer.trim(Fixtures.parse("turkish_reply_mobile.eml").body());
    assertThat(tr.kept()).isEqualTo("Kayseri'de de aynısını görüyoruz.");
    assertThat(tr.removed()).contains("Fairphone").contains("yazdı");
  }

  @Test
  void theAuthorsOwnSentenceEndingInWroteStaysWithTheCitation() {
    ReplyTrimmer.Trimmed t = ReplyTrimmer.trim(Fixtures.parse("author_quotes_a_source.eml").body());
    assertThat(t.kept())
        .contains("a passage that Robert Chambers wrote:")
        .contains("hometown associations should choose")
        .doesNotContain("Get Outlook");
    assertThat(t.removed()).contains("Get Outlook for iOS");
  }

  @Test
  void gmailsHtmlSignatureBlockIsKeptApart() {
    ReplyTrimmer.Trimmed t = ReplyTrimmer.trim(Fixtures.parse("gmail_html_signature.eml").body());
    assertThat(t.kept())
        .isEqualTo("Village savings groups in Tamale now keep part of each transfer.");
    assertThat(t.removed()).contains("Programme Officer");
  }
}
