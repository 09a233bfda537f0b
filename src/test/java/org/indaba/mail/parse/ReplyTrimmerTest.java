package org.indaba.mail.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.indaba.mail.parse.ReplyTrimmer.Trimmed;
import org.junit.jupiter.api.Test;

class ReplyTrimmerTest {

  private static Trimmed trimFixture(String name) {
    return ReplyTrimmer.trim(Fixtures.parse(name).body());
  }

  @Test
  void stripsGmailQuoteInEnglish() {
    Trimmed t = trimFixture("gmail_reply_english.eml");

    assertThat(t.kept())
        .isEqualTo(
            """
        Thanks Amina, this matches what we saw in the Upper East region.

        The seed banks that lasted were the ones run by the women's groups
        themselves, with a simple ledger kept at the chief's palace.

        Kwame""");
    assertThat(t.removed())
        .startsWith("On Tue, Mar 3, 2026 at 10:15 AM Amina Diallo")
        .contains("> Which governance models have worked for you?");
  }

  @Test
  void stripsGmailQuoteFromHtmlOnlyReply() {
    String html =
        "<div dir=\"ltr\">Agreed, let us compare notes.</div><br><div class=\"gmail_quote\">"
            + "<div class=\"gmail_attr\">On Tue, Mar 3, 2026 at 10:15 AM Amina Diallo &lt;"
            + "amina.diallo@example.org&gt; wrote:<br></div><blockquote class=\"gmail_quote\">"
            + "Dear colleagues,<br><br>Which models worked?</blockquote></div>";

    Trimmed t = ReplyTrimmer.trim(HtmlToText.convert(html));

    assertThat(t.kept()).isEqualTo("Agreed, let us compare notes.");
    assertThat(t.removed()).contains("> Which models worked?");
  }

  @Test
  void stripsOutlookHeaderBlockInFrench() {
    Trimmed t = trimFixture("outlook_reply_french.eml");

    assertThat(t.kept())
        .endsWith("Cordialement,\nIssa Ouédraogo")
        .startsWith("Bonjour à toutes et à tous,")
        .doesNotContain("Objet");
    assertThat(t.removed())
        .startsWith("________________________________\nDe : Amina Diallo")
        .contains("Quels modèles de gouvernance ont fonctionné chez vous ?");
  }

  @Test
  void stripsOutlookHeaderBlockInEnglishSpanishAndPortuguese() {
    assertThat(
            ReplyTrimmer.trim(
                    """
        Yes, we can host the next call.

        From: Amina Diallo <amina.diallo@example.org>
        Sent: Tuesday, March 3, 2026 10:15 AM
        To: Climate Adaptation CoP <climate-adaptation@lists.indaba.example>
        Subject: [Week 3] Community seed banks
        """)
                .kept())
        .isEqualTo("Yes, we can host the next call.");
    assertThat(
            ReplyTrimmer.trim(
                    """
        De acuerdo.

        De: Amina Diallo <amina.diallo@example.org>
        Enviado el: martes, 3 de marzo de 2026 10:15
        Para: Climate Adaptation CoP
        Asunto: [Semana 3] Bancos de semillas
        """)
                .kept())
        .isEqualTo("De acuerdo.");
    assertThat(
            ReplyTrimmer.trim(
                    """
        Concordo.

        De: Amina Diallo <amina.diallo@example.org>
        Enviada em: terça-feira, 3 de março de 2026 10:15
        Para: Climate Adaptation CoP
        Assunto: [Semana 3] Bancos de sementes
        """)
                .kept())
        .isEqualTo("Concordo.");
  }

  @Test
  void stripsOriginalMessageSeparatorsInEachLanguage() {
    for (String separator :
        new String[] {
          "-----Original Message-----",
          "-----Message d'origine-----",
          "-----Mensaje original-----",
          "-------- Mensagem original --------"
        }) {
      Trimmed t = ReplyTrimmer.trim("Noted, thanks.\n\n" + separator + "\nFrom: x\nold text\n");

      assertThat(t.kept()).as(separator).isEqualTo("Noted, thanks.");
      assertThat(t.removed()).as(separator).startsWith(separator).endsWith("old text");
    }
  }

  @Test
  void stripsAppleMailQuoteInSpanish() {
    Trimmed t = trimFixture("apple_mail_reply_spanish.eml");

    assertThat(t.kept()).startsWith("Hola a todos:").endsWith("Saludos,\nLucía");
    assertThat(t.removed())
        .startsWith("El 3 mar 2026, a las 10:15, Amina Diallo")
        .contains("¿Qué modelos de gobernanza les han funcionado?");
  }

  @Test
  void stripsThunderbirdSignatureAndQuoteInPortuguese() {
    Trimmed t = trimFixture("thunderbird_reply_portuguese.eml");

    assertThat(t.kept()).startsWith("Olá a todos,").endsWith("Abraço,\nJoão");
    assertThat(t.removed())
        .startsWith("--\nJoão Macuácua")
        .contains("Em 03/03/2026 10:15, Amina Diallo escreveu:")
        .contains("> Que modelos de governança funcionaram para vocês?");
  }

  @Test
  void stripsIphoneSignatureAndQuoteInArabic() {
    Trimmed t = trimFixture("iphone_reply_arabic.eml");

    assertThat(t.kept())
        .isEqualTo(
            """
        شكراً أمينة،

        في منطقة الجزيرة نجحت بنوك البذور عندما أدارتها جمعيات المزارعين بأنفسهم.""");
    assertThat(t.removed()).startsWith("أُرسلت من الـ iPhone").contains("ما هي نماذج الحوكمة");
  }

  @Test
  void stripsArabicGmailAttribution() {
    Trimmed t =
        ReplyTrimmer.trim(
            """
        نعم، أوافق.

        في الثلاثاء، 3 مارس 2026 في 10:15 ص، كتب Amina Diallo <amina.diallo@example.org>:
        > ما هي نماذج الحوكمة؟
        """);

    assertThat(t.kept()).isEqualTo("نعم، أوافق.");
    assertThat(t.removed()).startsWith("في الثلاثاء");
  }

  @Test
  void stripsFrenchAttributionWithNoBreakSpaceBeforeColon() {
    Trimmed t =
        ReplyTrimmer.trim(
            "D'accord.\n\nLe mar. 3 mars 2026 à 10:15, Amina Diallo "
                + "<amina.diallo@example.org> a écrit\u00a0:\n> Chers collègues\n");

    assertThat(t.kept()).isEqualTo("D'accord.");
  }

  @Test
  void stripsAttributionWrappedOverTwoLines() {
    Trimmed t =
        ReplyTrimmer.trim(
            """
        Count me in.

        On Tue, 3 Mar 2026 at 10:15, Amina Diallo
        <amina.diallo@example.org> wrote:
        > Who can join the call?
        """);

    assertThat(t.kept()).isEqualTo("Count me in.");
    assertThat(t.removed()).startsWith("On Tue, 3 Mar 2026 at 10:15, Amina Diallo\n<amina");
  }

  @Test
  void stripsPhoneSignaturesInEachLanguage() {
    for (String signature :
        new String[] {
          "Sent from my iPhone",
          "Envoyé de mon iPhone",
          "Enviado desde mi iPhone",
          "Enviado do meu iPhone",
          "Get Outlook for Android",
          "Obtenir Outlook pour iOS",
          "Sent from my Galaxy",
          "Sent from Yahoo Mail for Android"
        }) {
      Trimmed t = ReplyTrimmer.trim("Good point about storage.\n\n" + signature + "\n");

      assertThat(t.kept()).as(signature).isEqualTo("Good point about storage.");
      assertThat(t.removed()).as(signature).isEqualTo(signature);
    }
  }

  @Test
  void stripsDashDashSignature() {
    Trimmed t = ReplyTrimmer.trim("See you Thursday.\n\n-- \nAmina Diallo\nCSE Dakar\n");

    assertThat(t.kept()).isEqualTo("See you Thursday.");
    assertThat(t.removed()).isEqualTo("--\nAmina Diallo\nCSE Dakar");
  }

  @Test
  void keepsInlineRepliesBetweenQuotesAndDropsTrailingQuote() {
    Trimmed t =
        ReplyTrimmer.trim(
            """
        On Tue, 3 Mar 2026 at 10:15, Amina Diallo <amina.diallo@example.org> wrote:
        > Which crops did you store?

        Mostly millet and cowpea.

        > Who kept the keys?

        The treasurer of the women's group.

        > Thanks again,
        > Amina
        """);

    assertThat(t.kept())
        .isEqualTo(
            """
        Mostly millet and cowpea.

        The treasurer of the women's group.""");
    assertThat(t.removed())
        .isEqualTo(
            """
        On Tue, 3 Mar 2026 at 10:15, Amina Diallo <amina.diallo@example.org> wrote:
        > Which crops did you store?
        > Who kept the keys?
        > Thanks again,
        > Amina""");
  }

  @Test
  void keepsWholeTextWhenMessageIsOnlyAQuote() {
    String onlyQuote =
        """
        On Tue, 3 Mar 2026 at 10:15, Amina Diallo <amina.diallo@example.org> wrote:
        > Please forward this to your district officers.""";

    Trimmed t = ReplyTrimmer.trim(onlyQuote);

    assertThat(t.kept()).isEqualTo(onlyQuote);
    assertThat(t.removed()).isEmpty();
  }

  @Test
  void leavesMessagesWithoutQuotesUntouched() {
    String text =
        "On Monday we met the district officers.\nThey wrote: nothing yet.\n\nFrom: our side, all good.";

    Trimmed t = ReplyTrimmer.trim(text);

    assertThat(t.kept()).isEqualTo(text);
    assertThat(t.removed()).isEmpty();
  }

  @Test
  void doesNotCutForwardedMessages() {
    String text =
        """
        Sharing this call for proposals.

        ---------- Forwarded message ---------
        From: Donor <news@donor.example>
        Date: Mon, 2 Mar 2026
        Subject: Call for proposals
        To: <me@example.org>

        Deadline 30 April.""";

    assertThat(ReplyTrimmer.trim(text).kept()).isEqualTo(text);
  }
}
