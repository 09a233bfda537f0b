package org.indaba.mail.in;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.indaba.mail.MailRepository;
import org.indaba.mail.MailRoute;
import org.indaba.mail.parse.AutomatedMail;
import org.indaba.mail.parse.BounceReport;
import org.indaba.mail.parse.ParsedMail;
import org.jooq.DSLContext;

/**
 * Counts delivery failures of our mail against the address that failed, and stops writing to it
 * past a threshold. The failed address comes from our VERP envelope sender ({@code bounce+<outbox
 * id>@domain}, which names the exact mail) or else from the report's recipients, counted only when
 * we did write to them, so a forged report cannot silence anyone we never mailed.
 */
public final class Bounces {
  public static final Duration WINDOW = Duration.ofDays(30);
  public static final int HARD_LIMIT = 1;
  public static final int SOFT_LIMIT = 5;

  private final MailRepository repo;
  private final Clock clock;

  public Bounces(MailRepository repo, Clock clock) {
    this.repo = repo;
    this.clock = clock;
  }

  /** Records the failures a bounce reports; returns how many addresses were counted. */
  public int record(DSLContext tx, ParsedMail mail, List<MailRoute> routes, long inboundId) {
    Optional<BounceReport> report = AutomatedMail.bounceReport(mail);
    Map<String, String[]> failed = new LinkedHashMap<>();
    for (MailRoute r : routes) {
      if (r instanceof MailRoute.Bounce b) {
        repo.outboxRecipient(b.outboxId())
            .ifPresent(
                address ->
                    failed.put(
                        address.toLowerCase(Locale.ROOT),
                        new String[] {
                          severity(report, address),
                          status(report, address),
                          String.valueOf(b.outboxId())
                        }));
      }
    }
    if (failed.isEmpty() && report.isPresent()) {
      for (BounceReport.Recipient r : report.get().recipients()) {
        String a = r.address().toLowerCase(Locale.ROOT);
        if (repo.everSentTo(a)) {
          failed.put(a, new String[] {severityOf(r), r.status(), null});
        }
      }
    }
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    for (var e : failed.entrySet()) {
      String[] v = e.getValue();
      repo.recordBounce(
          tx, e.getKey(), v[0], v[2] == null ? null : Long.valueOf(v[2]), inboundId, v[1], now);
      OffsetDateTime since = now.minus(WINDOW);
      if (repo.countBounces(tx, e.getKey(), "hard", since) >= HARD_LIMIT
          || repo.countBounces(tx, e.getKey(), "soft", since) >= SOFT_LIMIT) {
        repo.suppress(tx, e.getKey(), "bounced", now);
      }
    }
    return failed.size();
  }

  private static String severity(Optional<BounceReport> report, String address) {
    if (report.isEmpty()) {
      return "soft";
    }
    // with VERP the report's recipient may be written differently (original vs final): match, else
    // judge the whole
    return report.get().recipients().stream()
        .filter(r -> r.address().equalsIgnoreCase(address))
        .findFirst()
        .map(Bounces::severityOf)
        .orElse(report.get().hard() ? "hard" : "soft");
  }

  private static String status(Optional<BounceReport> report, String address) {
    return report
        .flatMap(r -> r.recipients().stream().findFirst())
        .map(BounceReport.Recipient::status)
        .orElse(null);
  }

  private static String severityOf(BounceReport.Recipient r) {
    return r.severity() == BounceReport.Severity.HARD ? "hard" : "soft";
  }
}
