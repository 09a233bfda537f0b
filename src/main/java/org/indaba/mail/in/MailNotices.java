package org.indaba.mail.in;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.indaba.mail.MailAddresses;
import org.indaba.mail.MailRepository;
import org.indaba.mail.MailRoute;
import org.indaba.mail.out.MailComposer;
import org.indaba.mail.out.MailOutbox;
import org.indaba.mail.out.OutgoingMail;
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
  private final Clock clock;
  private final String baseUrl;

  public MailNotices(
      MailRepository repo,
      MailComposer composer,
      MailOutbox outbox,
      MailAddresses addresses,
      Clock clock,
      String baseUrl) {
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
    Map<String, Object> model = base(discussion);
    model.put("code", why.code());
    model.put("subject", subject == null ? "" : subject);
    return send(tx, to, memberId, lang, "rejected:" + why.code(), "rejected", model, inReplyTo);
  }

  /** How to take part by mail. */
  public boolean help(
      DSLContext tx, String to, Long memberId, String lang, MailRepository.Discussion d) {
    return send(tx, to, memberId, lang, "help:" + d.id(), "help", base(d), null);
  }

  /** Confirms a change made by mail (subscribe, unsubscribe, digest). */
  public boolean subscriptionChanged(
      DSLContext tx,
      String to,
      long memberId,
      String lang,
      MailRepository.Discussion d,
      String mode) {
    Map<String, Object> model = base(d);
    model.put("mode", mode);
    return send(tx, to, memberId, lang, "mode:" + d.id() + ":" + mode, "subscription", model, null);
  }

  private Map<String, Object> base(MailRepository.Discussion d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("site", baseUrl);
    if (d != null) {
      m.put("title", d.title());
      m.put("slug", d.slug());
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
    if (inReplyTo != null && !inReplyTo.isBlank()) {
      mail =
          mail.withHeader("In-Reply-To", "<" + inReplyTo + ">")
              .withHeader("References", "<" + inReplyTo + ">");
    }
    outbox.enqueue(tx, mail);
    return true;
  }
}
