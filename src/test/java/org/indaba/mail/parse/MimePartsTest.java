package org.indaba.mail.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MimePartsTest {

  private static ParsedMail parse(String raw) {
    return MailParser.parse(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesRfc2231FilenameWithCharsetAndContinuations() {
    MimeParams p =
        MimeParams.parse(
            "attachment; filename*0*=iso-8859-1'fr'Compte%20rendu%20;"
                + " filename*1=\"r\u00e9union\"; filename*2*=%E9t%E9.docx");

    assertThat(p.value()).isEqualTo("attachment");
    assertThat(p.param("FILENAME")).isEqualTo("Compte rendu réunionété.docx");
  }

  @Test
  void stripsDirectoriesFromFilenames() {
    assertThat(MailParser.sanitiseFilename("C:\\Users\\amina\\Desktop\\notes.txt"))
        .isEqualTo("notes.txt");
    assertThat(MailParser.sanitiseFilename("../../etc/passwd")).isEqualTo("passwd");
    assertThat(MailParser.sanitiseFilename("  ")).isNull();
  }

  @Test
  void usesHtmlAlternativeWhenPlainTextPartIsEmpty() {
    ParsedMail mail =
        parse(
            """
        Content-Type: multipart/alternative; boundary=b

        --b
        Content-Type: text/plain

        --b
        Content-Type: text/html

        <p>Only the <b>HTML</b> part has words.</p>
        --b--
        """);

    assertThat(mail.body()).isEqualTo("Only the HTML part has words.");
    assertThat(mail.fromHtml()).isTrue();
  }

  @Test
  void keepsTextFilesAndForwardedMessagesAsAttachments() {
    ParsedMail mail =
        parse(
            """
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: text/plain

        See the notes and the original message.
        --b
        Content-Type: text/plain; name="notes.txt"
        Content-Disposition: attachment

        plot 4: maize failed
        --b
        Content-Type: message/rfc822

        From: amina.diallo@example.org
        Subject: original

        inner body
        --b--
        """);

    assertThat(mail.body()).isEqualTo("See the notes and the original message.");
    assertThat(mail.attachments())
        .extracting(Attachment::contentType)
        .containsExactly("text/plain", "message/rfc822");
    assertThat(new String(mail.attachments().get(1).content(), StandardCharsets.UTF_8))
        .contains("Subject: original")
        .contains("inner body");
  }

  @Test
  void joinsTextPartsAroundAnInlineImage() {
    ParsedMail mail =
        parse(
            """
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: text/plain

        Before the photo.
        --b
        Content-Type: image/jpeg; name="well.jpg"
        Content-Disposition: inline; filename="well.jpg"
        Content-Transfer-Encoding: base64

        /9j/4AAQ
        --b
        Content-Type: text/plain

        After the photo.
        --b--
        """);

    assertThat(mail.body()).isEqualTo("Before the photo.\n\nAfter the photo.");
    assertThat(mail.attachments()).singleElement().satisfies(a -> assertThat(a.inline()).isTrue());
  }

  @Test
  void leavesUndecodableEncodedWordsAsTheyAre() {
    assertThat(EncodedWords.decode("=?utf-8?q?caf=C3=A9_au_lait?= and =?x?z?abc?="))
        .isEqualTo("café au lait and =?x?z?abc?=");
  }

  @Test
  void rendersBlockquotesAsQuotedLines() {
    assertThat(
            HtmlToText.convert("<p>Yes.</p><blockquote><p>Is it dry?</p><p>Very.</p></blockquote>"))
        .isEqualTo("Yes.\n\n> Is it dry?\n>\n> Very.");
  }
}
