package org.indaba.mail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.i18n.Messages;
import org.indaba.mail.out.MailComposer;
import org.indaba.mail.out.MailOutbox;
import org.indaba.mail.out.OutgoingMail;
import org.indaba.translation.TranslatedTitles;
import org.jooq.DSLContext;

/**
 * The discussion's deliverable, sent: a published consolidated reply goes to every follower and
 * every contributor, with thanks and the permalink. A member whose language has a version gets that
 * version when it is published; the first version published also goes to everyone whose language
 * has none yet.
 */
public final class ReplyAnnouncement {
  private final ReplyMailRepository repo;
  private final MailRepository mail;
  private final MailComposer composer;
  private final MailOutbox outbox;
  private final MailAddresses addresses;
  private final ListMail listMail;
  private final TranslatedTitles titles;
  private final String baseUrl;

  public ReplyAnnouncement(
      ReplyMailRepository repo,
      MailRepository mail,
      MailComposer composer,
      MailOutbox outbox,
      MailAddresses addresses,
      ListMail listMail,
      TranslatedTitles titles,
      String baseUrl) {
    this.titles = titles;
    this.repo = repo;
    this.mail = mail;
    this.composer = composer;
    this.outbox = outbox;
    this.addresses = addresses;
    this.listMail = listMail;
    this.baseUrl = baseUrl;
  }

  public void published(DSLContext tx, long replyId) {
    Optional<ReplyMailRepository.Reply> found = repo.published(replyId);
    if (found.isEmpty()) {
      return;
    }
    ReplyMailRepository.Reply reply = found.get();
    Optional<MailRepository.Discussion> discussion = mail.discussion(reply.discussionId());
    // a draft discussion is announced to no one
    if (discussion.isEmpty() || discussion.get().draft()) {
      return;
    }
    MailRepository.Discussion d = discussion.get();
    List<String> others = repo.otherPublishedLanguages(d.id(), reply.id());
    boolean first = others.isEmpty();
    TranslatedTitles.Lookup title = titles.discussion(d.id(), Messages.LANGUAGES);
    for (ReplyMailRepository.Recipient r : repo.audience(tx, d.id())) {
      String pref =
          r.language() != null && Messages.isSupported(r.language()) ? r.language() : null;
      boolean theirs = reply.language().equals(pref);
      boolean noVersionOfTheirs = pref == null || !others.contains(pref);
      if (!theirs && !(first && noVersionOfTheirs)) {
        continue;
      }
      String lang =
          pref != null
              ? pref
              : Messages.isSupported(reply.language())
                  ? reply.language()
                  : Messages.DEFAULT_LANGUAGE;
      String path = "/d/" + d.slug() + "/reply/" + reply.language();
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("name", r.name());
      model.put("discussionTitle", title.of(d.id(), lang, d.title()));
      model.put("replyTitle", reply.title());
      model.put("body", reply.body());
      // citations link to /c/{id} on the site: a mail needs the whole address
      model.put("bodyHtml", reply.bodyHtml().replace("href=\"/", "href=\"" + baseUrl + "/"));
      model.put("contentLang", reply.language());
      model.put("contentDir", Messages.isRightToLeft(reply.language()) ? "rtl" : "ltr");
      model.put("permalink", baseUrl + path);
      model.put("pdfUrl", baseUrl + path + ".pdf");
      model.put("unsubscribeUrl", listMail.unsubscribeUrl(r.memberId(), d.id()));
      model.put("helpAddress", addresses.command(d.slug(), MailRoute.Action.HELP));
      OutgoingMail m = composer.compose("consolidated-reply", r.email(), r.memberId(), lang, model);
      outbox.enqueue(
          tx, listMail.decorate(m, d, r.memberId(), d.title(), addresses.post(d.slug())));
    }
  }
}
