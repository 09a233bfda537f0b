package org.indaba.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.content.MarkdownRenderer;
import org.indaba.i18n.Messages;
import org.indaba.mail.out.MailComposer;
import org.indaba.mail.out.MailOutbox;
import org.indaba.mail.out.OutgoingMail;
import org.indaba.translation.TranslatedTitles;
import org.indaba.visibility.Visibility;
import org.jooq.DSLContext;

/**
 * Mail of the facilitation loop beyond themes: a week's summary to the discussion's subscribers (as
 * a theme goes), and the closing message to its participants (followers and contributors), each in
 * the recipient's language. Both run in the transaction that marks their event processed, and each
 * claims its row first, so a summary or a closing is mailed once.
 */
public final class FacilitationMail {
  /** How long a closing mail waits in the outbox, so that a reopen soon after mails no one. */
  public static final Duration CLOSING_GRACE = Duration.ofMinutes(1);

  private static final String CLOSING_KIND = "closing";

  private final FacilitationMailRepository repo;
  private final MailRepository mail;
  private final ReplyMailRepository audience;
  private final MailComposer composer;
  private final MailOutbox outbox;
  private final MailAddresses addresses;
  private final ListMail listMail;
  private final TranslatedTitles titles;
  private final Clock clock;
  private final String baseUrl;

  public FacilitationMail(
      FacilitationMailRepository repo,
      MailRepository mail,
      ReplyMailRepository audience,
      MailComposer composer,
      MailOutbox outbox,
      MailAddresses addresses,
      ListMail listMail,
      TranslatedTitles titles,
      Clock clock,
      String baseUrl) {
    this.titles = titles;
    this.repo = repo;
    this.mail = mail;
    this.audience = audience;
    this.composer = composer;
    this.outbox = outbox;
    this.addresses = addresses;
    this.listMail = listMail;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  private static String supported(Optional<String> language) {
    return language.filter(Messages::isSupported).orElse(null);
  }

  private Map<String, Object> common(
      MailRepository.Discussion d, long memberId, String name, String title) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("title", title);
    m.put("url", baseUrl + "/d/" + d.slug());
    m.put("postAddress", addresses.post(d.slug()));
    m.put("helpAddress", addresses.command(d.slug(), MailRoute.Action.HELP));
    m.put("digestAddress", addresses.command(d.slug(), MailRoute.Action.DIGEST));
    m.put("unsubscribeUrl", listMail.unsubscribeUrl(memberId, d.id()));
    return m;
  }

  /**
   * A published summary: subscribers whose language it is get it; the first version of the week
   * also goes to everyone whose language has no version yet.
   */
  public void summaryPublished(DSLContext tx, long summaryId) {
    OffsetDateTime now = OffsetDateTime.now(clock);
    Optional<FacilitationMailRepository.Summary> found =
        repo.claimSummaryAnnouncement(tx, summaryId, now);
    if (found.isEmpty()) {
      return;
    }
    FacilitationMailRepository.Summary s = found.get();
    MailRepository.Discussion d = mail.discussion(s.discussionId()).orElseThrow();
    if (!Visibility.publiclyAnnounced(d.draft())) {
      return;
    }
    List<String> others = repo.otherAnnouncedLanguages(tx, d.id(), s.week(), s.id());
    boolean first = others.isEmpty();
    TranslatedTitles.Lookup title = titles.discussion(d.id(), Messages.LANGUAGES);
    for (MailRepository.Recipient r :
        mail.subscribers(
            tx,
            d.id(),
            List.of(Subscriptions.EACH, Subscriptions.DIGEST, Subscriptions.ANNOUNCEMENTS))) {
      String pref = supported(r.preferredLanguage());
      boolean theirs = s.language().equals(pref);
      if (!theirs && !(first && (pref == null || !others.contains(pref)))) {
        continue;
      }
      String lang =
          pref != null
              ? pref
              : Messages.isSupported(s.language()) ? s.language() : Messages.DEFAULT_LANGUAGE;
      Map<String, Object> model =
          common(d, r.memberId(), r.displayName(), title.of(d.id(), lang, d.title()));
      model.put("week", s.week());
      model.put("themeTitle", s.themeTitle());
      model.put("body", s.body());
      model.put("bodyHtml", absolute(s.bodyHtml()));
      model.put("contentLang", s.language());
      model.put("contentDir", Messages.isRightToLeft(s.language()) ? "rtl" : "ltr");
      model.put(
          "weekUrl", baseUrl + "/d/" + d.slug() + "?week=" + s.week() + "#summary-" + s.week());
      OutgoingMail m = composer.compose("week-summary", r.email(), r.memberId(), lang, model);
      outbox.enqueue(
          tx, listMail.decorate(m, d, r.memberId(), d.title(), addresses.week(d.slug(), s.week())));
    }
  }

  /**
   * A discussion closed by its moderators: every follower and contributor gets the closing message
   * in their language (the moderator's text in it when written, else the default).
   */
  public void discussionClosed(DSLContext tx, long closingId) {
    // the grace lets a moderator who closed by mistake reopen before anyone is told
    OffsetDateTime now = OffsetDateTime.now(clock);
    Optional<FacilitationMailRepository.Closing> found = repo.claimClosingMail(tx, closingId, now);
    if (found.isEmpty()) {
      return;
    }
    FacilitationMailRepository.Closing c = found.get();
    MailRepository.Discussion d = mail.discussion(c.discussionId()).orElseThrow();
    if (!Visibility.publiclyAnnounced(d.draft())) {
      return;
    }
    TranslatedTitles.Lookup title = titles.discussion(d.id(), Messages.LANGUAGES);
    for (ReplyMailRepository.Recipient r : audience.audience(tx, d.id())) {
      String pref =
          r.language() != null && Messages.isSupported(r.language()) ? r.language() : null;
      String lang = pref != null ? pref : firstSupported(d);
      String text = c.texts().get(lang);
      Map<String, Object> model =
          common(d, r.memberId(), r.name(), title.of(d.id(), lang, d.title()));
      model.put("message", text);
      model.put("messageHtml", text == null ? null : absolute(MarkdownRenderer.render(text)));
      model.put("contentLang", lang);
      model.put("contentDir", Messages.isRightToLeft(lang) ? "rtl" : "ltr");
      OutgoingMail m = composer.compose(CLOSING_KIND, r.email(), r.memberId(), lang, model);
      outbox.enqueue(
          tx,
          listMail.decorate(m, d, r.memberId(), d.title(), addresses.post(d.slug())),
          CLOSING_GRACE);
    }
  }

  /**
   * A discussion reopened: closing mail still waiting in the outbox is withdrawn, and when none of
   * it had left, the closing no longer counts as mailed (the next closing form ticks the box
   * again).
   */
  public void discussionReopened(DSLContext tx, long discussionId) {
    if (outbox.withdrawUnsent(tx, discussionId, CLOSING_KIND) > 0) {
      repo.forgetUnsentClosingMail(tx, discussionId);
    }
  }

  private static String firstSupported(MailRepository.Discussion d) {
    return d.welcomedLanguages().stream()
        .filter(Messages::isSupported)
        .findFirst()
        .orElse(Messages.DEFAULT_LANGUAGE);
  }

  /** Links in sanitised HTML point at the site; a mail needs the whole address. */
  private String absolute(String html) {
    return html == null ? null : html.replace("href=\"/", "href=\"" + baseUrl + "/");
  }
}
