package org.indaba.account;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.indaba.model.Authenticator;
import org.indaba.model.Viewer;

/**
 * Sessions live in PostgreSQL so that any server process can serve any request. The cookie holds a
 * random id; the table holds its SHA-256. Sessions slide: each use within the lifetime extends it,
 * written at most every few minutes to keep reads cheap.
 */
public final class SessionService implements Authenticator {
  /** How long a browser session lasts. */
  public static final Duration LIFETIME = Duration.ofDays(30);

  private static final Duration TOUCH_EVERY = Duration.ofMinutes(5);
  private final AccountRepository repo;
  private final Clock clock;

  public SessionService(AccountRepository repo, Clock clock) {
    this.repo = repo;
    this.clock = clock;
  }

  /** Starts a new session and returns the cookie value. */
  public String start(long memberId) {
    String id = Tokens.random();
    OffsetDateTime now = OffsetDateTime.now(clock);
    repo.insertSession(Tokens.sha256(id), memberId, now, now.plus(LIFETIME));
    return id;
  }

  public void end(String cookieValue) {
    repo.deleteSession(Tokens.sha256(cookieValue));
  }

  @Override
  public Optional<Viewer> fromSession(String cookieValue) {
    if (cookieValue.length() > 100) {
      return Optional.empty();
    }
    String hash = Tokens.sha256(cookieValue);
    OffsetDateTime now = OffsetDateTime.now(clock);
    return repo.sessionWithMember(hash, now)
        .map(
            e -> {
              if (e.getKey().lastSeen().plus(TOUCH_EVERY).isBefore(now)) {
                repo.touchSession(hash, now, now.plus(LIFETIME));
              }
              return e.getValue().toViewer();
            });
  }

  @Override
  public Optional<Viewer> fromApiToken(String bearerToken) {
    if (bearerToken.length() > 100) {
      return Optional.empty();
    }
    return repo.memberByApiToken(Tokens.sha256(bearerToken), OffsetDateTime.now(clock))
        .map(Member::toViewer);
  }
}
