package org.indaba.account;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.indaba.db.Database;
import org.indaba.db.RateLimiter;
import org.indaba.i18n.Countries;
import org.indaba.i18n.Messages;
import org.indaba.mail.out.MailComposer;
import org.indaba.mail.out.MailOutbox;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;

/**
 * Account use cases. Registration, login and password reset answer the same way whether or not an
 * address is known, so they cannot be used to find out who is a member.
 */
public final class AccountService {
  static final Duration EMAIL_TOKEN_LIFETIME = Duration.ofHours(48);
  static final Duration THROTTLE_WINDOW = Duration.ofMinutes(15);
  static final int LOGINS_PER_IP = 30;
  private static final Pattern EMAIL =
      Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s]{2,63}$|^[^@\\s]{1,64}@localhost$");

  private final Database db;
  private final AccountRepository repo;
  private final Passwords passwords;
  private final SessionService sessions;
  private final RateLimiter limiter;
  private final MailOutbox outbox;
  private final MailComposer composer;
  private final Clock clock;
  private final String baseUrl;

  public AccountService(
      Database db,
      AccountRepository repo,
      Passwords passwords,
      SessionService sessions,
      RateLimiter limiter,
      MailOutbox outbox,
      MailComposer composer,
      Clock clock,
      String baseUrl) {
    this.db = db;
    this.repo = repo;
    this.passwords = passwords;
    this.sessions = sessions;
    this.limiter = limiter;
    this.outbox = outbox;
    this.composer = composer;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  public record Registration(
      String email,
      String password,
      String displayName,
      String organisation,
      String city,
      String country,
      String preferredLanguage,
      String timeZone) {}

  public static String normaliseEmail(String email) {
    return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
  }

  static boolean isEmail(String email) {
    return email.length() <= 320 && EMAIL.matcher(email).matches();
  }

  /**
   * Creates an unverified account and mails a verification link. For an address that already has an
   * account, mails that account a notice instead: the page the visitor sees is the same.
   */
  /**
   * Registers a new member (or claims an imported placeholder) and mails the verification link; an
   * address already registered only gets a reminder mail.
   *
   * @return the member created or claimed; empty when the address was already registered
   */
  public Optional<Long> register(Registration r, String ip, String interfaceLang) {
    Map<String, String> errors = new LinkedHashMap<>();
    String email = normaliseEmail(r.email());
    if (!isEmail(email)) {
      errors.put("email", "account.error.email");
    }
    if (r.password() == null
        || r.password().length() < Passwords.MIN_LENGTH
        || r.password().length() > Passwords.MAX_LENGTH) {
      errors.put("password", "account.error.passwordLength");
    }
    checkProfile(
        r.displayName(),
        r.organisation(),
        r.city(),
        r.country(),
        r.preferredLanguage(),
        r.timeZone(),
        errors);
    if (!errors.isEmpty()) {
      throw new Refusal.Invalid(errors);
    }
    if (!limiter.tryAcquire("register:ip:" + ip, 20, Duration.ofHours(1))) {
      throw Refusal.tooManyRequests();
    }
    String hash = passwords.hash(r.password());
    OffsetDateTime now = OffsetDateTime.now(clock);
    Long created =
        db.tx(
            tx -> {
              Optional<Member> existing = repo.byEmail(email);
              if (existing.isPresent() && !existing.get().placeholder()) {
                Member m = existing.get();
                outbox.enqueue(
                    tx,
                    composer.compose(
                        "already-registered",
                        email,
                        m.id(),
                        languageFor(m, interfaceLang),
                        Map.of("name", m.displayName(), "resetUrl", baseUrl + "/reset")));
                return null;
              }
              long id;
              if (existing.isPresent()) {
                // a placeholder author from imported mail: registering with the address claims it
                // once
                // verified
                id = existing.get().id();
                repo.setPassword(tx, id, hash);
                repo.updateProfile(
                    id,
                    r.displayName().trim(),
                    trim(r.organisation()),
                    trim(r.city()),
                    countryCode(r.country()),
                    r.preferredLanguage(),
                    tz(r.timeZone()));
              } else {
                id =
                    repo.insert(
                        tx,
                        new AccountRepository.NewMember(
                            email,
                            hash,
                            r.displayName().trim(),
                            trim(r.organisation()),
                            trim(r.city()),
                            countryCode(r.country()),
                            blankToNull(r.preferredLanguage()),
                            tz(r.timeZone()),
                            "member",
                            false),
                        now);
              }
              sendVerification(
                  tx,
                  id,
                  email,
                  r.displayName().trim(),
                  Optional.ofNullable(blankToNull(r.preferredLanguage())).orElse(interfaceLang));
              return id;
            });
    return Optional.ofNullable(created);
  }

  private void sendVerification(
      org.jooq.DSLContext tx, long memberId, String email, String name, String lang) {
    String token = Tokens.random();
    OffsetDateTime now = OffsetDateTime.now(clock);
    repo.insertEmailToken(
        tx, Tokens.sha256(token), memberId, "verify", now, now.plus(EMAIL_TOKEN_LIFETIME));
    outbox.enqueue(
        tx,
        composer.compose(
            "verify",
            email,
            memberId,
            lang,
            // the confirmation page opens in the registrant's language
            Map.of("name", name, "url", baseUrl + "/verify/" + token + "?lang=" + lang)));
  }

  public void resendVerification(Viewer v, String interfaceLang) {
    if (v.verified()) {
      return;
    }
    if (!limiter.tryAcquire("verify:member:" + v.id(), 5, Duration.ofHours(1))) {
      throw Refusal.tooManyRequests();
    }
    db.txRun(
        tx ->
            sendVerification(
                tx,
                v.id(),
                v.email(),
                v.displayName(),
                v.preferredLanguage().orElse(interfaceLang)));
  }

  public boolean verificationLinkUsable(String token) {
    return repo.emailTokenUsable(Tokens.sha256(token), "verify", OffsetDateTime.now(clock));
  }

  /** Confirms an address and gives the member whose it is, or empty for a bad link. */
  private Optional<Long> confirmEmail(String token) {
    OffsetDateTime now = OffsetDateTime.now(clock);
    return db.tx(
        tx ->
            repo.consumeEmailToken(tx, Tokens.sha256(token), "verify", now)
                .map(
                    id -> {
                      repo.markVerified(tx, id, now);
                      return id;
                    }));
  }

  /**
   * Confirms an address and signs its member in: the link from the mailbox is the proof, as a reset
   * link is. Gives the new session, or empty when the link is unknown, used or expired.
   */
  public Optional<String> verifyAndSignIn(String token) {
    return confirmEmail(token).map(sessions::start);
  }

  /** Wrong passwords from one IP for one address before each try must wait. */
  static final int FREE_FAILURES = 3;

  static final Duration MAX_DELAY = Duration.ofMinutes(15);
  static final Duration FORGET_FAILURES = Duration.ofHours(1);

  /** How long the pair (address, IP) waits after {@code failures} wrong passwords in a row. */
  static Duration delayAfter(int failures) {
    if (failures < FREE_FAILURES) {
      return Duration.ZERO;
    }
    int exponent = Math.min(failures - FREE_FAILURES, 20);
    Duration d = Duration.ofSeconds(1L << exponent);
    return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
  }

  /** Refused because the pair (address, IP) must still wait; says how long. */
  public static final class MustWait extends Refusal {
    private final long seconds;

    MustWait(long seconds) {
      super(Refusal.Kind.TOO_MANY, "security.login.wait", seconds);
      this.seconds = seconds;
    }

    public long seconds() {
      return seconds;
    }
  }

  /**
   * Checks the password and starts a new session (a fresh id: any session id the browser held
   * before is not reused). Wrong passwords slow down the pair (address, IP) with growing delays, so
   * nobody can lock a member out from elsewhere; wrong passwords from one IP across addresses are
   * limited per window. Successful sign-ins count against nothing. Unknown addresses count the same
   * as known ones.
   */
  public Optional<String> login(String emailInput, String password, String ip) {
    String email = normaliseEmail(emailInput);
    String pairBucket = "login:pair:" + ip + ":" + email;
    String ipBucket = "login:ip:" + ip;
    if (limiter.current(ipBucket, THROTTLE_WINDOW) >= LOGINS_PER_IP) {
      throw Refusal.tooManyRequests();
    }
    RateLimiter.Streak streak = limiter.streak(pairBucket, FORGET_FAILURES);
    if (streak.failures() >= FREE_FAILURES) {
      java.time.Instant allowedAt = streak.last().plus(delayAfter(streak.failures()));
      java.time.Instant now = clock.instant();
      if (now.isBefore(allowedAt)) {
        throw new MustWait(Math.max(1, Duration.between(now, allowedAt).toSeconds()));
      }
    }
    Optional<Member> m = isEmail(email) ? repo.byEmail(email) : Optional.empty();
    String hash = m.flatMap(x -> repo.passwordHash(x.id())).orElse(null);
    boolean ok = passwords.verify(password == null ? "" : password, hash) && m.isPresent();
    if (!ok) {
      limiter.hit(ipBucket, THROTTLE_WINDOW);
      limiter.failure(pairBucket, FORGET_FAILURES);
      return Optional.empty();
    }
    limiter.reset(pairBucket);
    return Optional.of(sessions.start(m.get().id()));
  }

  public void logout(String sessionCookie) {
    sessions.end(sessionCookie);
  }

  /**
   * Mails a reset link when the address belongs to a member; the caller answers the same either
   * way.
   */
  public void requestPasswordReset(String emailInput, String ip, String interfaceLang) {
    String email = normaliseEmail(emailInput);
    if (!limiter.tryAcquire("reset:ip:" + ip, 20, Duration.ofHours(1))
        || !limiter.tryAcquire("reset:account:" + email, 3, Duration.ofHours(1))) {
      throw Refusal.tooManyRequests();
    }
    if (!isEmail(email)) {
      throw Refusal.Invalid.of("email", "account.error.email");
    }
    repo.byEmail(email)
        .ifPresent(
            m ->
                db.txRun(
                    tx -> {
                      String token = Tokens.random();
                      OffsetDateTime now = OffsetDateTime.now(clock);
                      repo.insertEmailToken(
                          tx,
                          Tokens.sha256(token),
                          m.id(),
                          "reset",
                          now,
                          now.plus(Duration.ofHours(2)));
                      outbox.enqueue(
                          tx,
                          composer.compose(
                              "reset",
                              email,
                              m.id(),
                              languageFor(m, interfaceLang),
                              Map.of("name", m.displayName(), "url", baseUrl + "/reset/" + token)));
                    }));
  }

  public boolean resetLinkUsable(String token) {
    return repo.emailTokenUsable(Tokens.sha256(token), "reset", OffsetDateTime.now(clock));
  }

  /** Sets a new password from a reset link; every existing session of the member ends. */
  public boolean resetPassword(String token, String newPassword) {
    if (newPassword == null
        || newPassword.length() < Passwords.MIN_LENGTH
        || newPassword.length() > Passwords.MAX_LENGTH) {
      throw Refusal.Invalid.of("password", "account.error.passwordLength");
    }
    String hash = passwords.hash(newPassword);
    OffsetDateTime now = OffsetDateTime.now(clock);
    return db.tx(
        tx ->
            repo.consumeEmailToken(tx, Tokens.sha256(token), "reset", now)
                .map(
                    id -> {
                      repo.setPassword(tx, id, hash);
                      // the link proves the member reads that mailbox
                      repo.markVerified(tx, id, now);
                      endEverything(tx, id, now);
                      return true;
                    })
                .orElse(false));
  }

  /**
   * A new password ends every session and API token of the member, and every other reset link: a
   * stolen session, token or older link stops working.
   */
  private void endEverything(org.jooq.DSLContext tx, long memberId, OffsetDateTime now) {
    repo.deleteSessionsOf(tx, memberId);
    repo.revokeApiTokensOf(tx, memberId, now);
    repo.retireEmailTokens(tx, memberId, "reset", now);
  }

  /**
   * Changes the password of a signed-in member who knows the current one; every session and API
   * token ends, and the new session returned replaces the one in use.
   */
  public String changePassword(Viewer v, String current, String newPassword, String ip) {
    if (!limiter.tryAcquire("password:member:" + v.id(), 10, Duration.ofHours(1))) {
      throw Refusal.tooManyRequests();
    }
    String stored = repo.passwordHash(v.id()).orElse(null);
    if (!passwords.verify(current == null ? "" : current, stored)) {
      throw Refusal.Invalid.of("currentPassword", "security.password.wrongCurrent");
    }
    if (newPassword == null
        || newPassword.length() < Passwords.MIN_LENGTH
        || newPassword.length() > Passwords.MAX_LENGTH) {
      throw Refusal.Invalid.of("password", "account.error.passwordLength");
    }
    String hash = passwords.hash(newPassword);
    OffsetDateTime now = OffsetDateTime.now(clock);
    db.txRun(
        tx -> {
          repo.setPassword(tx, v.id(), hash);
          endEverything(tx, v.id(), now);
        });
    return sessions.start(v.id());
  }

  public void updateProfile(
      Viewer v,
      String displayName,
      String organisation,
      String city,
      String country,
      String preferredLanguage,
      String timeZone) {
    Map<String, String> errors = new LinkedHashMap<>();
    checkProfile(displayName, organisation, city, country, preferredLanguage, timeZone, errors);
    if (!errors.isEmpty()) {
      throw new Refusal.Invalid(errors);
    }
    repo.updateProfile(
        v.id(),
        displayName.trim(),
        trim(organisation),
        trim(city),
        countryCode(country),
        blankToNull(preferredLanguage),
        tz(timeZone));
  }

  /** Whether a member who joined by mail may still complete the profile through the mailed link. */
  public boolean joinProfileOpen(long memberId) {
    return repo.byId(memberId).isPresent() && !repo.joinProfileDone(memberId);
  }

  /**
   * A member who joined by mail completes the profile through the mailed link (the caller checked
   * its signature and age): organisation, city, country, language and, if given, a password. The
   * link works once. Returns a new session for the member.
   *
   * @throws Refusal gone when the link was used before; invalid for a bad field
   */
  public String completeJoinedProfile(
      long memberId,
      String organisation,
      String city,
      String country,
      String preferredLanguage,
      String password) {
    Member m = repo.byId(memberId).orElseThrow(Refusal::notFound);
    Map<String, String> errors = new LinkedHashMap<>();
    checkProfile(
        m.displayName(), organisation, city, country, preferredLanguage, m.timeZone(), errors);
    boolean withPassword = password != null && !password.isEmpty();
    if (withPassword
        && (password.length() < Passwords.MIN_LENGTH || password.length() > Passwords.MAX_LENGTH)) {
      errors.put("password", "account.error.passwordLength");
    }
    if (!errors.isEmpty()) {
      throw new Refusal.Invalid(errors);
    }
    String hash = withPassword ? passwords.hash(password) : null;
    OffsetDateTime now = OffsetDateTime.now(clock);
    db.txRun(
        tx -> {
          if (!repo.claimJoinProfile(tx, memberId, now)) {
            throw new Refusal(Refusal.Kind.CONFLICT, "mailtrust.joinProfile.used");
          }
          repo.updateProfile(
              tx,
              memberId,
              trim(organisation),
              trim(city),
              countryCode(country),
              blankToNull(preferredLanguage));
          if (hash != null) {
            repo.setPassword(tx, memberId, hash);
          }
        });
    return sessions.start(memberId);
  }

  public void setLanguage(Viewer v, String lang) {
    if (!Messages.isSupported(lang)) {
      throw Refusal.badRequest("error.badRequest");
    }
    repo.setPreferredLanguage(v.id(), lang);
  }

  /** How long a new API token lives unless the member chooses otherwise. */
  public static final int DEFAULT_TOKEN_DAYS = 365;

  /** The lifetimes a member may choose for a token, in days; 0 is "never expires". */
  public static final java.util.List<Integer> TOKEN_LIFETIMES = java.util.List.of(30, 90, 365, 0);

  /** Creates a personal API token and returns it; only its hash is kept, so it is shown once. */
  public String createApiToken(Viewer v, String name) {
    return createApiToken(v, name, DEFAULT_TOKEN_DAYS);
  }

  /** As {@link #createApiToken(Viewer, String)}, expiring after {@code days} (0: never). */
  public String createApiToken(Viewer v, String name, int days) {
    String n = name == null ? "" : name.trim();
    if (n.isEmpty() || n.length() > 100) {
      throw Refusal.Invalid.of("name", "account.error.tokenName");
    }
    if (!TOKEN_LIFETIMES.contains(days)) {
      throw Refusal.badRequest("error.badRequest");
    }
    if (repo.apiTokensOf(v.id()).size() >= 20) {
      throw Refusal.badRequest("account.error.tooManyTokens");
    }
    String token = "ind_" + Tokens.random();
    OffsetDateTime now = OffsetDateTime.now(clock);
    repo.insertApiToken(
        v.id(), n, Tokens.sha256(token), now, days == 0 ? null : now.plusDays(days));
    return token;
  }

  public void revokeApiToken(Viewer v, long tokenId) {
    if (repo.revokeApiToken(v.id(), tokenId, OffsetDateTime.now(clock)) == 0) {
      throw Refusal.notFound();
    }
  }

  /** Used by the demo loader and admin tools: an account that is verified from the start. */
  public long createVerifiedMember(Registration r, String role) {
    String hash = passwords.hash(r.password());
    return db.tx(
        tx ->
            repo.insert(
                tx,
                new AccountRepository.NewMember(
                    normaliseEmail(r.email()),
                    hash,
                    r.displayName(),
                    r.organisation(),
                    r.city(),
                    verifiedCountry(r.country()),
                    blankToNull(r.preferredLanguage()),
                    tz(r.timeZone()),
                    role,
                    true),
                OffsetDateTime.now(clock)));
  }

  /**
   * The ISO 3166-1 code of a country as chosen from the list (or typed: a code or a name in any
   * interface language); "" when none is given, null when the text names no country.
   */
  static String countryCode(String country) {
    String t = trim(country);
    return t.isEmpty() ? "" : Countries.codeOf(t).orElse(null);
  }

  private static String verifiedCountry(String country) {
    String code = countryCode(country);
    if (code == null) {
      throw new IllegalArgumentException("not a country: " + country);
    }
    return code;
  }

  private static void checkProfile(
      String displayName,
      String organisation,
      String city,
      String country,
      String lang,
      String timeZone,
      Map<String, String> errors) {
    if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
      errors.put("displayName", "account.error.displayName");
    }
    if (trim(organisation).length() > 200 || trim(city).length() > 200) {
      errors.put("organisation", "account.error.tooLong");
    }
    if (countryCode(country) == null) {
      errors.put("country", "account.error.country");
    }
    if (lang != null && !lang.isBlank() && !Messages.isSupported(lang)) {
      errors.put("preferredLanguage", "account.error.language");
    }
    if (timeZone != null && !timeZone.isBlank()) {
      try {
        ZoneId.of(timeZone.trim());
      } catch (RuntimeException e) {
        errors.put("timeZone", "account.error.timeZone");
      }
    }
  }

  private static String languageFor(Member m, String fallback) {
    return m.preferredLanguage().orElse(fallback);
  }

  private static String trim(String s) {
    return s == null ? "" : s.trim();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String tz(String s) {
    return s == null || s.isBlank() ? "UTC" : s.trim();
  }
}
