package org.indaba.mail;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.indaba.db.Database;
import org.indaba.model.Refusal;
import org.jooq.DSLContext;

/** How members follow discussions by mail: every message, a daily digest, or nothing. */
public final class Subscriptions {
  public static final String EACH = "each";
  public static final String DIGEST = "digest";
  public static final String NONE = "none";
  public static final List<String> MODES = List.of(EACH, DIGEST, NONE);

  private final Database db;
  private final MailRepository repo;
  private final MailTokens tokens;
  private final Clock clock;

  public Subscriptions(Database db, MailRepository repo, MailTokens tokens, Clock clock) {
    this.db = db;
    this.repo = repo;
    this.tokens = tokens;
    this.clock = clock;
  }

  public void set(DSLContext tx, long discussionId, long memberId, String mode) {
    if (!MODES.contains(mode)) {
      throw Refusal.badRequest("error.badRequest");
    }
    repo.setSubscription(
        tx,
        discussionId,
        memberId,
        mode,
        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
  }

  public void set(long discussionId, long memberId, String mode) {
    db.txRun(tx -> set(tx, discussionId, memberId, mode));
  }

  /** The profile form: one mode per discussion shown, by discussion id. */
  public void update(long memberId, java.util.Map<Long, String> modes) {
    List<Long> visible =
        repo.visibleDiscussions().stream().map(MailRepository.Discussion::id).toList();
    for (var e : modes.entrySet()) {
      if (!visible.contains(e.getKey()) || !MODES.contains(e.getValue())) {
        throw Refusal.badRequest("error.badRequest");
      }
    }
    db.txRun(tx -> modes.forEach((d, mode) -> set(tx, d, memberId, mode)));
  }

  public List<MailRepository.Subscription> of(long memberId) {
    return repo.subscriptionsOf(memberId);
  }

  /** What an unsubscribe link names, or 404 for a forged or damaged link. */
  public record Unsubscribe(long memberId, MailRepository.Discussion discussion, String mode) {}

  public Unsubscribe readUnsubscribe(String token) {
    long[] ids = tokens.readUnsubscribe(token).orElseThrow(Refusal::notFound);
    MailRepository.Discussion d = repo.discussion(ids[1]).orElseThrow(Refusal::notFound);
    return new Unsubscribe(ids[0], d, repo.subscriptionMode(d.id(), ids[0]).orElse(NONE));
  }

  /** RFC 8058 one-click unsubscribe: the signed token is the authority, no login needed. */
  public Unsubscribe unsubscribe(String token) {
    Unsubscribe u = readUnsubscribe(token);
    set(u.discussion().id(), u.memberId(), NONE);
    return new Unsubscribe(u.memberId(), u.discussion(), NONE);
  }

  public Optional<MailRepository.Suppression> suppression(String address) {
    return repo.suppression(address);
  }

  public void resumeMail(String address) {
    db.txRun(tx -> repo.unsuppress(tx, address));
  }
}
