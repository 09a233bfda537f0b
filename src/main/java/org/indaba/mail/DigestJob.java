package org.indaba.mail;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.indaba.db.Database;
import org.indaba.i18n.Messages;
import org.indaba.mail.out.MailComposer;
import org.indaba.mail.out.MailOutbox;
import org.indaba.mail.out.OutgoingMail;
import org.indaba.translation.TranslatedTitles;

/**
 * Once a day per discussion, in the discussion's time zone and while its weeks run, mails the
 * previous day's approved contributions to members who chose the digest. The day is claimed by a
 * {@code digest_run} row inserted in the same transaction as the mail, so it goes out exactly once
 * with any number of processes.
 */
public final class DigestJob {
  private final Database db;
  private final MailRepository repo;
  private final MailComposer composer;
  private final MailOutbox outbox;
  private final MailAddresses addresses;
  private final ListMail listMail;
  private final TranslatedTitles titles;
  private final Clock clock;
  private final String baseUrl;

  public DigestJob(
      Database db,
      MailRepository repo,
      MailComposer composer,
      MailOutbox outbox,
      MailAddresses addresses,
      ListMail listMail,
      TranslatedTitles titles,
      Clock clock,
      String baseUrl) {
    this.titles = titles;
    this.db = db;
    this.repo = repo;
    this.composer = composer;
    this.outbox = outbox;
    this.addresses = addresses;
    this.listMail = listMail;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  /** Sends every digest that is due; never has more to do right away. */
  public boolean runOnce() {
    List<MailRepository.Discussion> due = new java.util.ArrayList<>();
    for (MailRepository.Discussion d : repo.openDiscussions()) {
      LocalDate day = LocalDate.now(clock.withZone(zoneOf(d))).minusDays(1);
      LocalDate end = d.startsOn().plusWeeks(d.weeks());
      if (!day.isBefore(d.startsOn()) && day.isBefore(end)) {
        due.add(d);
      }
    }
    if (due.isEmpty()) {
      return false;
    }
    // every running discussion's title in every language, read once for all their digests
    TranslatedTitles.Lookup title =
        titles.discussions(
            due.stream().map(MailRepository.Discussion::id).toList(), Messages.LANGUAGES);
    for (MailRepository.Discussion d : due) {
      ZoneId zone = zoneOf(d);
      send(d, LocalDate.now(clock.withZone(zone)).minusDays(1), zone, title);
    }
    return false;
  }

  private static ZoneId zoneOf(MailRepository.Discussion d) {
    try {
      return ZoneId.of(d.timeZone());
    } catch (RuntimeException e) {
      return ZoneOffset.UTC;
    }
  }

  private void send(
      MailRepository.Discussion d, LocalDate day, ZoneId zone, TranslatedTitles.Lookup title) {
    OffsetDateTime from = day.atStartOfDay(zone).toOffsetDateTime();
    OffsetDateTime to = day.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    db.txRun(
        tx -> {
          List<MailRepository.Contribution> items = repo.approvedBetween(tx, d.id(), from, to);
          List<MailRepository.Recipient> recipients =
              items.isEmpty()
                  ? List.of()
                  : repo.subscribers(tx, d.id(), List.of(Subscriptions.DIGEST));
          if (!repo.claimDigest(tx, d.id(), day, recipients.size(), items.size(), now)) {
            return;
          }
          List<Map<String, Object>> entries =
              items.stream()
                  .map(
                      c -> {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("author", c.authorName() == null ? "" : c.authorName());
                        e.put("week", c.week());
                        e.put("body", c.body());
                        e.put("bodyHtml", c.bodyHtml());
                        e.put("contentLang", c.language());
                        e.put("contentDir", Messages.isRightToLeft(c.language()) ? "rtl" : "ltr");
                        e.put("url", baseUrl + "/c/" + c.id());
                        return e;
                      })
                  .toList();
          for (MailRepository.Recipient r : recipients) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", r.displayName());
            model.put("day", day);
            model.put("count", items.size());
            model.put("entries", entries);
            model.put("postAddress", addresses.post(d.slug()));
            model.put("helpAddress", addresses.command(d.slug(), MailRoute.Action.HELP));
            model.put("subscribeAddress", addresses.command(d.slug(), MailRoute.Action.SUBSCRIBE));
            model.put("url", baseUrl + "/d/" + d.slug());
            model.put("unsubscribeUrl", listMail.unsubscribeUrl(r.memberId(), d.id()));
            OutgoingMail mail =
                composer.composeIn(
                    "digest",
                    r.email(),
                    r.memberId(),
                    MailNotifier.languagesFor(r.preferredLanguage(), d),
                    lang -> {
                      Map<String, Object> m = new LinkedHashMap<>(model);
                      m.put("title", title.of(d.id(), lang, d.title()));
                      return m;
                    });
            mail =
                listMail
                    .decorate(mail, d, r.memberId(), d.title(), addresses.post(d.slug()))
                    .withHeader(
                        "Message-ID",
                        "<digest-" + d.id() + "-" + day + "@" + addresses.domain() + ">");
            outbox.enqueue(tx, mail);
          }
        });
  }
}
