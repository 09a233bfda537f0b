package org.indaba.mail;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.indaba.account.AccountRepository;
import org.indaba.account.Member;
import org.indaba.db.Database;
import org.indaba.mail.parse.MailParser;
import org.indaba.mail.parse.ParsedMail;
import org.indaba.model.Refusal;

/**
 * The web side of "did you send this?": the page a confirmation link opens (it only shows what is
 * asked and a button, a GET changes nothing) and the POST of that button, where the signed token is
 * the authority. A confirmed message goes back to the processor, which handles it as the member's
 * own under the discussion's usual rules.
 */
public final class MailConfirmations {
  private final Database db;
  private final InboundStore store;
  private final MailRepository repo;
  private final AccountRepository accounts;
  private final MailTokens tokens;
  private final MailAddresses addresses;
  private final Clock clock;
  private final Runnable nudgeProcessor;

  public MailConfirmations(
      Database db,
      InboundStore store,
      MailRepository repo,
      AccountRepository accounts,
      MailTokens tokens,
      MailAddresses addresses,
      Clock clock,
      Runnable nudgeProcessor) {
    this.addresses = addresses;
    this.db = db;
    this.store = store;
    this.repo = repo;
    this.accounts = accounts;
    this.tokens = tokens;
    this.clock = clock;
    this.nudgeProcessor = nudgeProcessor;
  }

  /**
   * What a confirmation link asks about.
   *
   * @param state {@code waiting} (can be confirmed), {@code done} (confirmed or handled already) or
   *     {@code expired}
   */
  public record Request(
      String state, String subject, String discussionTitle, String address, String what) {}

  public Request read(String token) {
    MailTokens.ConfirmTarget t = tokens.readConfirm(token).orElseThrow(Refusal::notFound);
    InboundStore.Inbound in = store.byId(t.inboundId()).orElseThrow(Refusal::notFound);
    ParsedMail mail = MailParser.parse(in.raw());
    if (t.memberId() != 0
        && !accounts.byId(t.memberId()).map(Member::id).equals(Optional.of(in.memberId()))) {
      throw Refusal.notFound();
    }
    String state;
    if (InboundStore.AWAITING_CONFIRMATION.equals(in.status())) {
      boolean expired =
          t.expired(clock)
              || (in.confirmUntil() != null
                  && !in.confirmUntil().isAfter(OffsetDateTime.now(clock)));
      state = expired ? "expired" : "waiting";
    } else {
      state = "confirmation_expired".equals(in.reason()) ? "expired" : "done";
    }
    String title = "";
    String what = "post";
    for (String r : in.recipients()) {
      Optional<MailRoute> route = MailRoute.parse(r, addresses.domain());
      if (route.isPresent()) {
        String slug =
            switch (route.get()) {
              case MailRoute.Post p -> p.slug();
              case MailRoute.Command c -> {
                what =
                    t.memberId() == 0
                        ? "join"
                        : c.action().name().toLowerCase(java.util.Locale.ROOT);
                yield c.slug();
              }
              case MailRoute.Reply rp ->
                  tokens
                      .readReply(rp.token())
                      .flatMap(
                          rt ->
                              rt.contributionId() != null
                                  ? repo.contribution(rt.contributionId())
                                      .flatMap(c -> repo.discussion(c.discussionId()))
                                  : repo.theme(rt.themeId())
                                      .flatMap(th -> repo.discussion(th.discussionId())))
                      .map(MailRepository.Discussion::slug)
                      .orElse(null);
              default -> null;
            };
        if (slug != null) {
          title = repo.discussionBySlug(slug).map(MailRepository.Discussion::title).orElse("");
          break;
        }
      }
    }
    String address = mail.from() == null ? "" : mail.from().address();
    return new Request(state, mail.subject(), title, address, what);
  }

  /** Confirms: true when the message now goes on, false when it was handled or expired before. */
  public boolean confirm(String token) {
    MailTokens.ConfirmTarget t = tokens.readConfirm(token).orElseThrow(Refusal::notFound);
    if (t.expired(clock)) {
      return false;
    }
    boolean ok = db.tx(tx -> store.confirm(tx, t.inboundId(), OffsetDateTime.now(clock)));
    if (ok) {
      nudgeProcessor.run();
    }
    return ok;
  }
}
