package org.indaba.library;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.indaba.account.AccountRepository;
import org.indaba.account.Member;
import org.indaba.content.MarkdownRenderer;
import org.indaba.i18n.Messages;
import org.indaba.library.LibraryRecords.Resource;
import org.indaba.mail.MailAddresses;
import org.indaba.mail.MailTokens;
import org.indaba.mail.in.MailRejection;
import org.indaba.mail.in.ResourceComments;
import org.indaba.mail.out.MailComposer;
import org.indaba.mail.out.MailOutbox;
import org.indaba.mail.out.OutgoingMail;
import org.indaba.model.Refusal;
import org.jooq.DSLContext;

/**
 * The "new resource" mail to members who asked for it, whose Reply-To is a signed address bound to
 * the member and the resource; a reply to it comes back through {@link #comments()} as a comment.
 */
public final class LibraryMail {
  private final LibraryService library;
  private final AccountRepository accounts;
  private final MailComposer composer;
  private final MailOutbox outbox;
  private final MailAddresses addresses;
  private final MailTokens tokens;

  public LibraryMail(
      LibraryService library,
      AccountRepository accounts,
      MailComposer composer,
      MailOutbox outbox,
      MailAddresses addresses,
      MailTokens tokens) {
    this.library = library;
    this.accounts = accounts;
    this.composer = composer;
    this.outbox = outbox;
    this.addresses = addresses;
    this.tokens = tokens;
  }

  /** Queues the mail for each subscriber, in the transaction handling the publication event. */
  public void announce(DSLContext tx, long resourceId) {
    Resource r = library.repository().byId(resourceId).orElse(null);
    if (r == null || !r.published()) {
      return;
    }
    List<Long> subscribers = library.repository().subscribers(tx);
    Map<Long, Member> members = accounts.byIds(subscribers);
    for (Long id : subscribers) {
      Member m = members.get(id);
      if (m == null) {
        continue;
      }
      String lang =
          m.preferredLanguage().filter(Messages::isSupported).orElse(Messages.DEFAULT_LANGUAGE);
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("name", m.displayName());
      model.put("title", r.title());
      model.put("kindKey", r.kindKey());
      model.put("summary", MarkdownRenderer.toPlainText(r.summary()));
      model.put("summaryHtml", r.summaryHtml());
      model.put("resourceLang", r.language());
      model.put("path", r.url());
      OutgoingMail mail =
          composer
              .compose("resource", m.email(), m.id(), lang, model)
              .withHeader("Reply-To", addresses.reply(tokens.replyToResource(m.id(), r.id())))
              .withHeader(
                  "Message-ID",
                  "<resource-" + r.id() + "-" + m.id() + "@" + addresses.domain() + ">");
      outbox.enqueue(tx, mail);
    }
  }

  /** Replies to the mail become comments, moderated as web comments are. */
  public ResourceComments comments() {
    return (memberId, resourceId, body, messageId) -> {
      Member m = accounts.byId(memberId).orElseThrow(MailRejection.NotAMember::new);
      try {
        return library
            .comment(
                m.id(),
                m.verified(),
                m.role(),
                resourceId,
                body,
                LibraryService.Channel.EMAIL,
                messageId)
            .status()
            .code();
      } catch (Refusal e) {
        throw switch (e.kind()) {
          case NOT_FOUND -> new MailRejection.UnknownDiscussion();
          case FORBIDDEN, UNAUTHENTICATED -> new MailRejection.NotAMember();
          default -> new MailRejection.Refused(e.messageKey());
        };
      }
    };
  }
}
