package org.indaba.mail.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MailParserTest {

  private static ParsedMail parseText(String raw) {
    return MailParser.parse(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsSenderRecipientsAndThreadingHeaders() {
    ParsedMail mail = Fixtures.parse("gmail_reply_english.eml");

    assertThat(mail.from()).isEqualTo(new MailAddress("Kwame.Mensah@example.com", "Kwame Mensah"));
    assertThat(mail.to())
        .containsExactly(
            new MailAddress("climate-adaptation@lists.indaba.example", "Climate Adaptation CoP"));
    assertThat(mail.cc())
        .extracting(MailAddress::address)
        .containsExactly("amina.diallo@example.org", "fatou@example.net");
    assertThat(mail.deliveredTo())
        .extracting(MailAddress::address)
        .containsExactly("climate-adaptation@lists.indaba.example");
    assertThat(mail.subject())
        .isEqualTo("Re: [Week 3] Community seed banks and drought resilience");
    assertThat(mail.messageId()).isEqualTo("CAF3kq9xR2=week3-kwame@mail.gmail.example");
    assertThat(mail.inReplyTo()).isEqualTo("20260303101500.amina.week3@lists.indaba.example");
    assertThat(mail.references())
        .containsExactly(
            "20260302080000.week3-opening@lists.indaba.example",
            "20260303101500.amina.week3@lists.indaba.example");
    assertThat(mail.date())
        .isEqualTo(OffsetDateTime.of(2026, 3, 4, 9, 2, 5, 0, ZoneOffset.ofHours(1)));
    assertThat(mail.defects()).isEmpty();
  }

  @Test
  void findsHeadersWhateverTheirCase() {
    ParsedMail mail = Fixtures.parse("gmail_reply_english.eml");

    assertThat(mail.headers().first("message-id"))
        .contains("<CAF3kq9xR2=week3-kwame@mail.gmail.example>");
    assertThat(mail.headers().first("MESSAGE-ID")).isEqualTo(mail.headers().first("Message-ID"));
    assertThat(mail.headers().all("references"))
        .hasSize(1)
        .first()
        .asString()
        .contains("week3-opening")
        .doesNotContain("\n");
  }

  @Test
  void prefersPlainTextInMultipartAlternative() {
    ParsedMail mail = Fixtures.parse("gmail_reply_english.eml");

    assertThat(mail.fromHtml()).isFalse();
    assertThat(mail.body())
        .startsWith("Thanks Amina, this matches what we saw")
        .contains("> Dear colleagues,")
        .doesNotContain("<div");
  }

  @Test
  void convertsHtmlOnlyBodyToReadableText() {
    ParsedMail mail = Fixtures.parse("html_only.eml");

    assertThat(mail.fromHtml()).isTrue();
    assertThat(mail.body())
        .isEqualTo(
            """
        Week 4: Early warning systems

        Dear members,
        here is the reading list for this week.

        - FEWS NET seasonal outlook
        - Anticipatory action in practice (https://reading.example/anticipatory-action)

        1. Read the brief
        2. Share one example from your district

        Questions? Write to programme@ngo.example.""");
  }

  @Test
  void decodesIso88591Body() {
    assertThat(Fixtures.parse("iso_8859_1_body.eml").body())
        .isEqualTo(
            "Les comités de gestion se réunissent après la récolte. Coût : 15 000 FCFA par saison.");
  }

  @Test
  void decodesWindows1252SmartQuotesAndEuro() {
    assertThat(Fixtures.parse("windows_1252_body.eml").body())
        .isEqualTo(
            "\u201cCash first\u201d worked in Turkana \u2013 costs fell to \u20ac12 per household.");
  }

  @Test
  void decodesIso2022JpBodyAndSubject() {
    ParsedMail mail = Fixtures.parse("iso_2022_jp_body.eml");

    assertThat(mail.subject()).isEqualTo("早期警報");
    assertThat(mail.body()).isEqualTo("来週の会合で早期警報システムについて話し合いましょう。");
  }

  @Test
  void decodesKoi8rBody() {
    byte[] head =
        """
        From: olga@example.ru
        Subject: test
        Content-Type: text/plain; charset=KOI8-R

        """
            .getBytes(StandardCharsets.US_ASCII);
    byte[] body = "Засуха в Поволжье".getBytes(java.nio.charset.Charset.forName("KOI8-R"));
    byte[] raw = new byte[head.length + body.length];
    System.arraycopy(head, 0, raw, 0, head.length);
    System.arraycopy(body, 0, raw, head.length, body.length);

    assertThat(MailParser.parse(raw).body()).isEqualTo("Засуха в Поволжье");
  }

  @Test
  void decodesEncodedWordsEvenWhenACharacterIsSplitBetweenThem() {
    ParsedMail mail = Fixtures.parse("rfc2047_subject.eml");

    assertThat(mail.subject()).isEqualTo("Résumé : ateliers à Saint-Louis – été 2026");
    assertThat(mail.from().displayName()).isEqualTo("Awà Ndiaye");
    assertThat(mail.to().get(0).displayName()).isEqualTo("Communauté de pratique");
  }

  @Test
  void decodesQuotedPrintableBody() {
    assertThat(Fixtures.parse("quoted_printable.eml").body())
        .isEqualTo(
            """
        La saison des pluies a commencé tard cette année. Les paysans de Kolda ont semé trois \
        fois avant que les pluies ne s'installent vraiment.

        Salutations,
        Ousmane""");
  }

  @Test
  void decodesBase64Body() {
    assertThat(Fixtures.parse("base64_body.eml").body())
        .isEqualTo(
            "As cisternas de calçadão garantiram água para as hortas durante a seca no sertão.");
  }

  @Test
  void joinsFormatFlowedLines() {
    ParsedMail mail = Fixtures.parse("apple_mail_reply_spanish.eml");

    assertThat(mail.body())
        .contains(
            "En Cochabamba los bancos de semillas comunitarios funcionan mejor cuando las familias "
                + "guardan variedades nativas de papa y quinua. Cada familia aporta un poco");
    assertThat(mail.body())
        .contains("El 3 mar 2026, a las 10:15, Amina Diallo <amina.diallo@example.org> escribió:");
  }

  @Test
  void keepsRealAttachmentsAndDropsWinmailVcardAndSignatures() {
    ParsedMail mail = Fixtures.parse("attachments_with_winmail_and_vcard.eml");

    assertThat(mail.body()).isEqualTo("Voici le rapport et le budget.");
    assertThat(mail.attachments())
        .extracting(Attachment::filename)
        .containsExactly("Rapport d'évaluation Kaffrine.pdf", "Budget révisé.xlsx");
    Attachment pdf = mail.attachments().get(0);
    assertThat(pdf.contentType()).isEqualTo("application/pdf");
    assertThat(new String(pdf.content(), StandardCharsets.US_ASCII)).startsWith("%PDF-1.4");
    assertThat(pdf.inline()).isFalse();
  }

  @Test
  void keepsInlineCidImageWithContentId() {
    ParsedMail mail = Fixtures.parse("inline_cid_image.eml");

    assertThat(mail.body()).startsWith("Here is the rainfall chart for Louga.");
    assertThat(mail.fromHtml()).isFalse();
    assertThat(mail.attachments()).hasSize(1);
    Attachment image = mail.attachments().get(0);
    assertThat(image.contentId()).isEqualTo("chart-louga@example.sn");
    assertThat(image.inline()).isTrue();
    assertThat(image.contentType()).isEqualTo("image/png");
    assertThat(image.filename()).isEqualTo("chart.png");
    assertThat(image.content()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  void survivesNulBytesBrokenHeadersAndTruncatedMime() {
    byte[] raw = Fixtures.bytes("nul_bytes_and_broken_headers.eml");

    ParsedMail mail = MailParser.parse(raw);

    assertThat(mail.from().address()).isEqualTo("moses.banda@example.mw");
    assertThat(mail.subject())
        .startsWith("Irrigation")
        .endsWith("pumps report")
        .doesNotContain("\0");
    assertThat(mail.messageId()).isEqualTo("broken.0001@example.mw");
    assertThat(mail.date()).isNull();
    assertThat(mail.body()).isEqualTo("Solar pumps in Chikwawa: three of five still work.");
    assertThat(mail.defects()).contains(Defect.NUL_BYTES, Defect.UNKNOWN_CHARSET);
    assertThat(mail.attachments())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.filename()).isEqualTo("pumps.pdf");
              assertThat(new String(a.content(), StandardCharsets.US_ASCII)).startsWith("%PDF-1.4");
            });
  }

  @Test
  void neverThrowsOnTruncatedOrGarbageInput() {
    byte[] full = Fixtures.bytes("attachments_with_winmail_and_vcard.eml");
    for (int len = 0; len < full.length; len += 37) {
      byte[] cut = java.util.Arrays.copyOf(full, len);
      assertThatCode(() -> MailParser.parse(cut)).doesNotThrowAnyException();
    }
    byte[] garbage = new byte[4096];
    new java.util.Random(42).nextBytes(garbage);
    assertThatCode(() -> MailParser.parse(garbage)).doesNotThrowAnyException();
    assertThat(MailParser.parse(null).body()).isEmpty();
  }

  @Test
  void guessesBoundaryWhenMultipartDeclaresNone() {
    ParsedMail mail =
        parseText(
            """
        From: a@example.org
        Subject: no boundary
        Content-Type: multipart/mixed

        --XyZ
        Content-Type: text/plain

        Borehole repairs finished.
        --XyZ
        Content-Type: text/csv; name="wells.csv"

        well,status
        --XyZ--
        """);

    assertThat(mail.defects()).contains(Defect.MISSING_BOUNDARY);
    assertThat(mail.body()).isEqualTo("Borehole repairs finished.");
    assertThat(mail.attachments()).extracting(Attachment::filename).containsExactly("wells.csv");
  }

  @Test
  void readsRawUtf8HeadersAsSentByModernClients() {
    ParsedMail mail =
        parseText(
            """
        From: Aïssatou Bâ <aissatou@example.sn>
        Subject: Réunion à Thiès
        Content-Type: text/plain; charset=utf-8

        Oui.
        """);

    assertThat(mail.subject()).isEqualTo("Réunion à Thiès");
    assertThat(mail.from()).isEqualTo(new MailAddress("aissatou@example.sn", "Aïssatou Bâ"));
  }

  @Test
  void fallsBackToUtf8OrWindows1252WhenCharsetIsUnknown() {
    byte[] head =
        "Subject: x\nContent-Type: text/plain; charset=klingon\n\n"
            .getBytes(StandardCharsets.US_ASCII);
    byte[] body = "caf\u00e9".getBytes(Charsets.WINDOWS_1252);
    byte[] raw = new byte[head.length + body.length];
    System.arraycopy(head, 0, raw, 0, head.length);
    System.arraycopy(body, 0, raw, head.length, body.length);

    ParsedMail mail = MailParser.parse(raw);

    assertThat(mail.body()).isEqualTo("café");
    assertThat(mail.defects()).contains(Defect.UNKNOWN_CHARSET);
  }

  @Test
  void keysDedupeOnTheMessageIdAndTheContent() {
    byte[] raw = Fixtures.bytes("base64_body.eml");
    String key = DedupeKey.of(raw, "a@example.br").value();
    assertThat(key).startsWith("mid:b64.0001@example.br:");
    assertThat(DedupeKey.of(raw, "b@example.br").value()).isEqualTo(key);
    assertThat(DedupeKey.of(raw, "a@example.br").messageId()).isEqualTo("b64.0001@example.br");
    String text = new String(raw, StandardCharsets.US_ASCII);
    String otherSubject =
        text.replaceFirst("(?m)^Subject: .*$", "Subject: another text under the same id");
    String otherBody = text.substring(0, text.length() - 8) + "QUJDRA==\r\n";
    String relayed = text.replace("\r\n", "\n").replaceFirst("(?s)\n\n(.*)$", "\n\n$1  \n\n");
    assertThat(
            DedupeKey.of(otherSubject.getBytes(StandardCharsets.US_ASCII), "a@example.br").value())
        .startsWith("mid:b64.0001@example.br:")
        .isNotEqualTo(key);
    assertThat(DedupeKey.of(otherBody.getBytes(StandardCharsets.US_ASCII), "a@example.br").value())
        .isNotEqualTo(key);
    assertThat(DedupeKey.of(relayed.getBytes(StandardCharsets.US_ASCII), "a@example.br").value())
        .isEqualTo(key);
  }

  @Test
  void aMessageWithAMessageIdIsKeyedFromItsHeadersWithoutAMimeParse() {
    // a deep MIME tree the full parser would have to walk; the key needs none of it
    StringBuilder raw =
        new StringBuilder(
            "From: Deep <deep@example.org>\r\nMessage-ID: <deep.1@example.org>\r\n"
                + "Subject: nested\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
    for (int i = 0; i < 200; i++) {
      raw.append("--b")
          .append(i)
          .append("\r\nContent-Type: multipart/mixed; boundary=\"b")
          .append(i + 1)
          .append("\"\r\n\r\n");
    }
    long before = MailParser.fullParsesOnThisThread();

    DedupeKey.Key key = DedupeKey.of(raw.toString().getBytes(StandardCharsets.US_ASCII), "x@y.org");

    assertThat(key.value()).startsWith("mid:deep.1@example.org:");
    assertThat(MailParser.fullParsesOnThisThread()).isEqualTo(before);
  }

  @Test
  void aMessageWithoutAMessageIdIsKeyedFromItsParsedContent() {
    byte[] raw = Fixtures.bytes("missing_message_id.eml");
    long before = MailParser.fullParsesOnThisThread();

    DedupeKey.Key key = DedupeKey.of(raw, "one@example.org");

    assertThat(key.value()).isEqualTo(MailParser.parse(raw).dedupeKey("one@example.org"));
    assertThat(key.messageId()).isNull();
    assertThat(MailParser.fullParsesOnThisThread()).isEqualTo(before + 2);
  }

  @Test
  void twoSendersWithoutMessageIdsNeverShareADedupeKey() {
    ParsedMail mail = Fixtures.parse("missing_message_id.eml");
    assertThat(mail.dedupeKey("one@example.org")).isNotEqualTo(mail.dedupeKey("two@example.net"));
  }

  @Test
  void givesSameDedupeKeyToSameMessageWithoutMessageIdSentTwice() {
    byte[] first = Fixtures.bytes("missing_message_id.eml");
    String original = new String(first, StandardCharsets.UTF_8);
    // The second delivery went through another relay, with LF endings and a re-encoded body.
    String resent =
        "Received: from relay2.example by mx.indaba.example; Fri, 20 Mar 2026 13:50:00 +0000\n"
            + original
                .replace("\r\n", "\n")
                .replace(
                    "Content-Type: text/plain; charset=utf-8\n",
                    "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n")
                .replaceFirst(
                    "\n\n[\\s\\S]*$",
                    "\n\n"
                        + java.util.Base64.getMimeEncoder()
                            .encodeToString(
                                "Farmers in Siaya asked for drought-tolerant sorghum rather than maize.  \r\n\r\n"
                                    .getBytes(StandardCharsets.UTF_8))
                        + "\n");
    String edited = original.replace("sorghum", "millet");

    ParsedMail mail = MailParser.parse(first);

    assertThat(mail.messageId()).isNull();
    assertThat(mail.dedupeKey("relay@example.org"))
        .startsWith("sha256:")
        .isEqualTo(parseText(resent).dedupeKey("relay@example.org"))
        .isNotEqualTo(parseText(edited).dedupeKey("relay@example.org"));
  }
}
