package org.indaba.mail.in;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.indaba.mail.MailAddresses;
import org.indaba.mail.MailRepository;
import org.indaba.mail.MailRoute;
import org.indaba.mail.MailTokens;
import org.indaba.mail.out.MailComposer;
import org.indaba.mail.out.MailOutbox;
import org.indaba.mail.out.OutgoingMail;
import org.indaba.translation.TranslatedTitles;
import org.jooq.DSLContext;

/**
 * Short automatic answers to a person who wrote to us: why a message was not posted and what to do,
 * how to use the list, a subscription change. At most one per address, reason and day, so that a
 * loop with another robot or an insistent sender cannot make us send more.
 */
public final class MailNotices {
  private final MailRepository repo;
  private final MailComposer composer;
  private final MailOutbox outbox;
  private final MailAddresses addresses;
  private final TranslatedTitles titles;
  private final Clock clock;
  private final String baseUrl;

  public MailNotices(
      MailRepository repo,
      MailComposer composer,
      MailOutbox outbox,
      MailAddresses addresses,
      TranslatedTitles titles,
      Clock clock,
      String baseUrl) {
    this.titles = titles;
    this.repo = repo;
    this.composer = composer;
    this.outbox = outbox;
    this.addresses = addresses;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  /** Tells the sender why their message was refused; false when today's notice already went. */
  public boolean rejected(
      DSLContext tx,
      String to,
      Long memberId,
      String lang,
      MailRejection why,
      MailRepository.Discussion discussion,
      String inReplyTo,
      String subject) {
    Map<String, Object> model = base(discussion, lang);
    model.put("code", why.code());
    model.put("subject", subject == null ? "" : subject);
    model.put("arg3", why.args().size() > 0 ? why.args().get(0) : "");
    model.put("arg4", why.args().size() > 1 ? why.args().get(1) : "");
    model.put("found", why.found());
    return send(tx, to, memberId, lang, "rejected:" + why.code(), "rejected", model, inReplyTo);
  }

  /** A contribution was posted without some of its attachments: which ones, and why. */
  public boolean attachmentsDropped(
      DSLContext tx,
      String to,
      Long memberId,
      String lang,
      MailRepository.Discussion d,
      java.util.List<String> names,
      String subject,
      String messageId) {
    Map<String, Object> model = base(d, lang);
    model.put("subject", subject == null ? "" : subject);
    model.put("names", String.join(", ", names));
    return send(tx, to, memberId, lang, "dropped:" + messageId, "dropped", model, messageId);
  }

  /** At most this many "did you send this?" requests go to one address a day. */
  static final int CONFIRMATIONS_PER_DAY = 5;

  /**
   * "Did you send this?": asks the owner of an address to confirm a message that arrived in their
   * name without proof, by a one-click link or by replying. {@code what} is post, subscribe,
   * unsubscribe, digest or join. False when the address had its share of requests today.
   */
  public boolean confirmRequest(
      DSLContext tx,
      String to,
      Long memberId,
      String lang,
      MailRepository.Discussion d,
      String what,
      long inboundId,
      String token,
      String subject,
      String messageId) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    if (repo.countNotices(tx, to, "confirm:", now.toLocalDate()) >= CONFIRMATIONS_PER_DAY) {
      return false;
    }
    Map<String, Object> model = base(d, lang);
    model.put("what", what);
    model.put("subject", subject == null || subject.isBlank() ? "-" : subject);
    // the page opens in the language of the mail
    model.put("confirmUrl", baseUrl + "/mail/confirm/" + token + "?lang=" + lang);
    model.put("confirmAddress", addresses.confirm(token));
    model.put("days", MailTokens.CONFIRM_LIFETIME.toDays());
    String kind = "join".equals(what) ? "confirm-join" : "confirm";
    return send(
        tx,
        to,
        memberId,
        lang,
        "confirm:" + inboundId,
        kind,
        model,
        messageId,
        Map.of("Reply-To", addresses.confirm(token)));
  }

  /** Welcome for a person who joined by mail: subscribed, and a link to complete the profile. */
  public boolean joined(
      DSLContext tx,
      String to,
      long memberId,
      String lang,
      MailRepository.Discussion d,
      String profileToken) {
    Map<String, Object> model = base(d, lang);
    model.put("profileUrl", baseUrl + "/join/profile/" + profileToken);
    return send(tx, to, memberId, lang, "joined:" + d.id(), "joined", model, null);
  }

  /** How to take part by mail. */
  public boolean help(
      DSLContext tx, String to, Long memberId, String lang, MailRepository.Discussion d) {
    return send(tx, to, memberId, lang, "help:" + d.id(), "help", base(d, lang), null);
  }

  /** Confirms a change made by mail (subscribe, unsubscribe, digest). */
  public boolean subscriptionChanged(
      DSLContext tx,
      String to,
      long memberId,
      String lang,
      MailRepository.Discussion d,
      String mode) {
    Map<String, Object> model = base(d, lang);
    model.put("mode", mode);
    return send(tx, to, memberId, lang, "mode:" + d.id() + ":" + mode, "subscription", model, null);
  }

  private Map<String, Object> base(MailRepository.Discussion d, String lang) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("site", baseUrl);
    if (d != null) {
      // the discussion as the recipient reads it
      m.put("title", titles.discussion(d.id(), List.of(lang)).of(d.id(), lang, d.title()));
      m.put("slug", d.slug());
      m.put("discussionId", d.id());
      m.put("postAddress", addresses.post(d.slug()));
      m.put("subscribeAddress", addresses.command(d.slug(), MailRoute.Action.SUBSCRIBE));
      m.put("unsubscribeAddress", addresses.command(d.slug(), MailRoute.Action.UNSUBSCRIBE));
      m.put("digestAddress", addresses.command(d.slug(), MailRoute.Action.DIGEST));
      m.put("helpAddress", addresses.command(d.slug(), MailRoute.Action.HELP));
      m.put("url", baseUrl + "/d/" + d.slug());
    } else {
      m.put("title", "");
      m.put("postAddress", "");
      m.put("url", baseUrl);
    }
    return m;
  }

  private boolean send(
      DSLContext tx,
      String to,
      Long memberId,
      String lang,
      String reason,
      String kind,
      Map<String, Object> model,
      String inReplyTo) {
    return send(tx, to, memberId, lang, reason, kind, model, inReplyTo, Map.of());
  }

  private boolean send(
      DSLContext tx,
      String to,
      Long memberId,
      String lang,
      String reason,
      String kind,
      Map<String, Object> model,
      String inReplyTo,
      Map<String, String> extraHeaders) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    LocalDate day = now.toLocalDate();
    if (!repo.claimNotice(
        tx, to, reason.length() > 40 ? reason.substring(0, 40) : reason, day, now)) {
      return false;
    }
    OutgoingMail mail =
        composer
            .compose(kind, to, memberId, lang, model)
            // RFC 3834: marked automatic, so that well-behaved software never answers it in turn
            .withHeader("Auto-Submitted", "auto-generated")
            .withHeader("X-Auto-Response-Suppress", "All");
    if (model.get("discussionId") instanceof Long d) {
      mail = mail.about(d);
    }
    for (var h : extraHeaders.entrySet()) {
      mail = mail.withHeader(h.getKey(), h.getValue());
    }
    if (inReplyTo != null && !inReplyTo.isBlank()) {
      mail =
          mail.withHeader("In-Reply-To", "<" + inReplyTo + ">")
              .withHeader("References", "<" + inReplyTo + ">");
    }
    outbox.enqueue(tx, mail);
    return true;
  }
}
