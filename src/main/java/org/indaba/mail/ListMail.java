package org.indaba.mail;

import java.nio.charset.StandardCharsets;
import org.apache.james.mime4j.codec.EncoderUtil;
import org.indaba.mail.out.OutgoingMail;

/**
 * The headers that make discussion mail behave as list mail in mail clients: who it is from, where
 * replies go, RFC 2369 list fields and RFC 8058 one-click unsubscribe.
 */
public final class ListMail {
  private final MailAddresses addresses;
  private final MailTokens tokens;
  private final String baseUrl;

  public ListMail(MailAddresses addresses, MailTokens tokens, String baseUrl) {
    this.addresses = addresses;
    this.tokens = tokens;
    this.baseUrl = baseUrl;
  }

  public String unsubscribeUrl(long memberId, long discussionId) {
    return baseUrl + "/unsubscribe/" + tokens.unsubscribe(memberId, discussionId);
  }

  /**
   * List headers for one member of one discussion; {@code replyTo} is where an answer should go.
   * The mail is recorded as being about that discussion.
   */
  public OutgoingMail decorate(
      OutgoingMail mail,
      MailRepository.Discussion d,
      long memberId,
      String fromName,
      String replyTo) {
    return mail.about(d.id())
        .withHeader("From", display(fromName, addresses.post(d.slug())))
        .withHeader("Reply-To", replyTo)
        .withHeader("List-Id", (phrase(d.title()) + " " + addresses.listId(d.slug())).strip())
        .withHeader("List-Post", "<mailto:" + addresses.post(d.slug()) + ">")
        .withHeader(
            "List-Help", "<mailto:" + addresses.command(d.slug(), MailRoute.Action.HELP) + ">")
        .withHeader(
            "List-Unsubscribe",
            "<"
                + unsubscribeUrl(memberId, d.id())
                + ">, <mailto:"
                + addresses.command(d.slug(), MailRoute.Action.UNSUBSCRIBE)
                + ">")
        .withHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
        .withHeader("Precedence", "list");
  }

  /** A mailbox with a display name. */
  static String display(String name, String address) {
    String p = phrase(name);
    return p.isEmpty() ? address : p + " <" + address + ">";
  }

  /** A display name as a header phrase: quoted ASCII, or RFC 2047 encoded when it is not ASCII. */
  static String phrase(String name) {
    String clean = name == null ? "" : name.replaceAll("[\\r\\n\"\\\\]", " ").strip();
    if (clean.isEmpty()) {
      return "";
    }
    if (clean.chars().allMatch(c -> c >= 32 && c < 127)) {
      return "\"" + clean + "\"";
    }
    return EncoderUtil.encodeEncodedWord(
        clean, EncoderUtil.Usage.WORD_ENTITY, 0, StandardCharsets.UTF_8, EncoderUtil.Encoding.Q);
  }
}
