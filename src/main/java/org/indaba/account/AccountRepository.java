package org.indaba.account;

import static org.indaba.db.schema.Tables.API_TOKEN;
import static org.indaba.db.schema.Tables.EMAIL_TOKEN;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.WEB_SESSION;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.indaba.db.schema.tables.records.MemberRecord;
import org.indaba.model.Shortened;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Members, sessions, email tokens and API tokens in PostgreSQL. */
public final class AccountRepository {
  private final DSLContext dsl;

  public AccountRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  static Member toMember(MemberRecord r) {
    return new Member(
        r.getId(),
        r.getEmail(),
        r.getEmailVerifiedAt() != null,
        r.getDisplayName(),
        r.getOrganisation(),
        r.getCity(),
        r.getCountry(),
        Optional.ofNullable(r.getPreferredLanguage()),
        r.getTimeZone(),
        r.getRole(),
        r.getTranslator(),
        r.getPlaceholder(),
        r.getCreatedAt());
  }

  public record NewMember(
      String email,
      String passwordHash,
      String displayName,
      String organisation,
      String city,
      String country,
      String preferredLanguage,
      String timeZone,
      String role,
      boolean verified) {}

  public long insert(DSLContext tx, NewMember m, OffsetDateTime now) {
    return tx.insertInto(MEMBER)
        .set(MEMBER.EMAIL, m.email())
        .set(MEMBER.PASSWORD_HASH, m.passwordHash())
        .set(MEMBER.DISPLAY_NAME, m.displayName())
        .set(MEMBER.ORGANISATION, m.organisation())
        .set(MEMBER.CITY, m.city())
        .set(MEMBER.COUNTRY, m.country())
        .set(MEMBER.PREFERRED_LANGUAGE, m.preferredLanguage())
        .set(MEMBER.TIME_ZONE, m.timeZone())
        .set(MEMBER.ROLE, m.role())
        .set(MEMBER.EMAIL_VERIFIED_AT, m.verified() ? now : null)
        .set(MEMBER.CREATED_AT, now)
        .returning(MEMBER.ID)
        .fetchSingle()
        .getId();
  }

  public Optional<Member> byId(long id) {
    return dsl.selectFrom(MEMBER)
        .where(MEMBER.ID.eq(id))
        .fetchOptional()
        .map(AccountRepository::toMember);
  }

  public Map<Long, Member> byIds(Collection<Long> ids) {
    return dsl.selectFrom(MEMBER)
        .where(MEMBER.ID.in(ids))
        .fetchMap(MEMBER.ID, AccountRepository::toMember);
  }

  public Optional<Member> byEmail(String email) {
    return dsl.selectFrom(MEMBER)
        .where(MEMBER.EMAIL.eq(email.toLowerCase(java.util.Locale.ROOT)))
        .fetchOptional()
        .map(AccountRepository::toMember);
  }

  /**
   * The members with these addresses (compared as {@link #byEmail} does), by lower-cased address.
   */
  public Map<String, Member> byEmails(java.util.Collection<String> emails) {
    Map<String, Member> out = new java.util.HashMap<>();
    if (emails.isEmpty()) {
      return out;
    }
    dsl.selectFrom(MEMBER)
        .where(
            MEMBER.EMAIL.in(
                emails.stream().map(e -> e.toLowerCase(java.util.Locale.ROOT)).distinct().toList()))
        .forEach(r -> out.put(r.getEmail().toLowerCase(java.util.Locale.ROOT), toMember(r)));
    return out;
  }

  public Optional<String> passwordHash(long memberId) {
    return dsl.select(MEMBER.PASSWORD_HASH)
        .from(MEMBER)
        .where(MEMBER.ID.eq(memberId))
        .fetchOptional(MEMBER.PASSWORD_HASH);
  }

  public int countMembers() {
    return dsl.fetchCount(MEMBER);
  }

  public List<Member> listMembers(int limit) {
    return dsl.selectFrom(MEMBER)
        .orderBy(MEMBER.DISPLAY_NAME)
        .limit(limit)
        .fetch(AccountRepository::toMember);
  }

  public void updateProfile(
      long id,
      String displayName,
      String organisation,
      String city,
      String country,
      String preferredLanguage,
      String timeZone) {
    dsl.update(MEMBER)
        .set(MEMBER.DISPLAY_NAME, displayName)
        .set(MEMBER.ORGANISATION, organisation)
        .set(MEMBER.CITY, city)
        .set(MEMBER.COUNTRY, country)
        .set(MEMBER.PREFERRED_LANGUAGE, preferredLanguage)
        .set(MEMBER.TIME_ZONE, timeZone)
        .where(MEMBER.ID.eq(id))
        .execute();
  }

  /**
   * Marks the profile of a member who joined by mail as completed through the mailed link; false
   * when it was done before (the link works once).
   */
  public boolean claimJoinProfile(DSLContext tx, long id, OffsetDateTime now) {
    return tx.update(MEMBER)
            .set(MEMBER.JOIN_PROFILE_DONE_AT, now)
            .where(MEMBER.ID.eq(id).and(MEMBER.JOIN_PROFILE_DONE_AT.isNull()))
            .execute()
        == 1;
  }

  /** Whether the mailed profile link of this member was used already. */
  public boolean joinProfileDone(long id) {
    return dsl.fetchExists(MEMBER, MEMBER.ID.eq(id).and(MEMBER.JOIN_PROFILE_DONE_AT.isNotNull()));
  }

  public void updateProfile(
      DSLContext tx,
      long id,
      String organisation,
      String city,
      String country,
      String preferredLanguage) {
    tx.update(MEMBER)
        .set(MEMBER.ORGANISATION, organisation)
        .set(MEMBER.CITY, city)
        .set(MEMBER.COUNTRY, country)
        .set(MEMBER.PREFERRED_LANGUAGE, preferredLanguage)
        .where(MEMBER.ID.eq(id))
        .execute();
  }

  public void setPreferredLanguage(long id, String lang) {
    dsl.update(MEMBER).set(MEMBER.PREFERRED_LANGUAGE, lang).where(MEMBER.ID.eq(id)).execute();
  }

  public void setRole(long id, String role) {
    dsl.update(MEMBER).set(MEMBER.ROLE, role).where(MEMBER.ID.eq(id)).execute();
  }

  public void setTranslator(long id, boolean translator) {
    dsl.update(MEMBER).set(MEMBER.TRANSLATOR, translator).where(MEMBER.ID.eq(id)).execute();
  }

  public void setPassword(DSLContext tx, long id, String hash) {
    tx.update(MEMBER)
        .set(MEMBER.PASSWORD_HASH, hash)
        .set(MEMBER.PLACEHOLDER, false)
        .where(MEMBER.ID.eq(id))
        .execute();
  }

  public void markVerified(DSLContext tx, long id, OffsetDateTime now) {
    tx.update(MEMBER)
        .set(MEMBER.EMAIL_VERIFIED_AT, now)
        .where(MEMBER.ID.eq(id).and(MEMBER.EMAIL_VERIFIED_AT.isNull()))
        .execute();
  }

  // sessions

  public void insertSession(
      String idHash, long memberId, OffsetDateTime now, OffsetDateTime expires) {
    dsl.insertInto(WEB_SESSION)
        .set(WEB_SESSION.ID_HASH, idHash)
        .set(WEB_SESSION.MEMBER_ID, memberId)
        .set(WEB_SESSION.CREATED_AT, now)
        .set(WEB_SESSION.LAST_SEEN_AT, now)
        .set(WEB_SESSION.EXPIRES_AT, expires)
        .execute();
  }

  public record SessionRow(long memberId, OffsetDateTime lastSeen, OffsetDateTime expires) {}

  /** The live session and its member in one query. */
  public Optional<Map.Entry<SessionRow, Member>> sessionWithMember(
      String idHash, OffsetDateTime now) {
    return dsl.select(WEB_SESSION.MEMBER_ID, WEB_SESSION.LAST_SEEN_AT, WEB_SESSION.EXPIRES_AT)
        .select(MEMBER.fields())
        .from(WEB_SESSION)
        .join(MEMBER)
        .on(MEMBER.ID.eq(WEB_SESSION.MEMBER_ID))
        .where(WEB_SESSION.ID_HASH.eq(idHash).and(WEB_SESSION.EXPIRES_AT.gt(now)))
        .fetchOptional()
        .map(
            r ->
                Map.entry(
                    new SessionRow(
                        r.get(WEB_SESSION.MEMBER_ID),
                        r.get(WEB_SESSION.LAST_SEEN_AT),
                        r.get(WEB_SESSION.EXPIRES_AT)),
                    toMember(r.into(MEMBER))));
  }

  public void touchSession(String idHash, OffsetDateTime now, OffsetDateTime expires) {
    dsl.update(WEB_SESSION)
        .set(WEB_SESSION.LAST_SEEN_AT, now)
        .set(WEB_SESSION.EXPIRES_AT, expires)
        .where(WEB_SESSION.ID_HASH.eq(idHash))
        .execute();
  }

  public void deleteSession(String idHash) {
    dsl.deleteFrom(WEB_SESSION).where(WEB_SESSION.ID_HASH.eq(idHash)).execute();
  }

  public void deleteSessionsOf(DSLContext tx, long memberId) {
    tx.deleteFrom(WEB_SESSION).where(WEB_SESSION.MEMBER_ID.eq(memberId)).execute();
  }

  // email tokens

  public void insertEmailToken(
      DSLContext tx,
      String hash,
      long memberId,
      String purpose,
      OffsetDateTime now,
      OffsetDateTime expires) {
    tx.insertInto(EMAIL_TOKEN)
        .set(EMAIL_TOKEN.TOKEN_HASH, hash)
        .set(EMAIL_TOKEN.MEMBER_ID, memberId)
        .set(EMAIL_TOKEN.PURPOSE, purpose)
        .set(EMAIL_TOKEN.CREATED_AT, now)
        .set(EMAIL_TOKEN.EXPIRES_AT, expires)
        .execute();
  }

  /** Marks a live token used and returns its member; empty when unknown, used or expired. */
  public Optional<Long> consumeEmailToken(
      DSLContext tx, String hash, String purpose, OffsetDateTime now) {
    return tx.update(EMAIL_TOKEN)
        .set(EMAIL_TOKEN.USED_AT, now)
        .where(
            EMAIL_TOKEN
                .TOKEN_HASH
                .eq(hash)
                .and(EMAIL_TOKEN.PURPOSE.eq(purpose))
                .and(EMAIL_TOKEN.USED_AT.isNull())
                .and(EMAIL_TOKEN.EXPIRES_AT.gt(now)))
        .returning(EMAIL_TOKEN.MEMBER_ID)
        .fetchOptional()
        .map(r -> r.getMemberId());
  }

  public boolean emailTokenUsable(String hash, String purpose, OffsetDateTime now) {
    return dsl.fetchExists(
        EMAIL_TOKEN,
        EMAIL_TOKEN
            .TOKEN_HASH
            .eq(hash)
            .and(EMAIL_TOKEN.PURPOSE.eq(purpose))
            .and(EMAIL_TOKEN.USED_AT.isNull())
            .and(EMAIL_TOKEN.EXPIRES_AT.gt(now)));
  }

  // API tokens

  public record ApiTokenRow(
      long id,
      String name,
      OffsetDateTime createdAt,
      OffsetDateTime lastUsedAt,
      OffsetDateTime expiresAt) {}

  public void insertApiToken(
      long memberId, String name, String hash, OffsetDateTime now, OffsetDateTime expires) {
    dsl.insertInto(API_TOKEN)
        .set(API_TOKEN.MEMBER_ID, memberId)
        .set(API_TOKEN.NAME, name)
        .set(API_TOKEN.TOKEN_HASH, hash)
        .set(API_TOKEN.CREATED_AT, now)
        .set(API_TOKEN.EXPIRES_AT, expires)
        .execute();
  }

  /** Ends every live API token of the member (after a password reset or change). */
  public void revokeApiTokensOf(DSLContext tx, long memberId, OffsetDateTime now) {
    tx.update(API_TOKEN)
        .set(API_TOKEN.REVOKED_AT, now)
        .where(API_TOKEN.MEMBER_ID.eq(memberId).and(API_TOKEN.REVOKED_AT.isNull()))
        .execute();
  }

  /** Marks every other unused link of that purpose used: a newer link replaces the older ones. */
  public void retireEmailTokens(DSLContext tx, long memberId, String purpose, OffsetDateTime now) {
    tx.update(EMAIL_TOKEN)
        .set(EMAIL_TOKEN.USED_AT, now)
        .where(
            EMAIL_TOKEN
                .MEMBER_ID
                .eq(memberId)
                .and(EMAIL_TOKEN.PURPOSE.eq(purpose))
                .and(EMAIL_TOKEN.USED_AT.isNull()))
        .execute();
  }

  public List<ApiTokenRow> apiTokensOf(long memberId) {
    return dsl.selectFrom(API_TOKEN)
        .where(API_TOKEN.MEMBER_ID.eq(memberId).and(API_TOKEN.REVOKED_AT.isNull()))
        .orderBy(API_TOKEN.CREATED_AT.desc())
        .fetch(
            r ->
                new ApiTokenRow(
                    r.getId(), r.getName(), r.getCreatedAt(), r.getLastUsedAt(), r.getExpiresAt()));
  }

  public int revokeApiToken(long memberId, long tokenId, OffsetDateTime now) {
    return dsl.update(API_TOKEN)
        .set(API_TOKEN.REVOKED_AT, now)
        .where(
            API_TOKEN
                .ID
                .eq(tokenId)
                .and(API_TOKEN.MEMBER_ID.eq(memberId))
                .and(API_TOKEN.REVOKED_AT.isNull()))
        .execute();
  }

  public Optional<Member> memberByApiToken(String hash, OffsetDateTime now) {
    return dsl.update(API_TOKEN)
        .set(API_TOKEN.LAST_USED_AT, now)
        .where(
            API_TOKEN
                .TOKEN_HASH
                .eq(hash)
                .and(API_TOKEN.REVOKED_AT.isNull())
                .and(API_TOKEN.EXPIRES_AT.isNull().or(API_TOKEN.EXPIRES_AT.gt(now))))
        .returning(API_TOKEN.MEMBER_ID)
        .fetchOptional()
        .flatMap(r -> byId(r.getMemberId()));
  }

  /**
   * The member with this address, created as a placeholder author (no password, unverified) when
   * there is none (mail from a non-member, an imported archive); registering with the address later
   * claims it. Returns the id and whether it was created now.
   */
  public record Placeholder(long memberId, boolean created) {}

  public static Placeholder placeholder(
      DSLContext dsl, String email, String displayName, OffsetDateTime now) {
    String e = email.toLowerCase(Locale.ROOT);
    String name =
        displayName == null || displayName.isBlank()
            ? e.substring(0, Math.max(1, e.indexOf('@')))
            : displayName;
    Optional<Long> created =
        dsl.insertInto(MEMBER)
            .set(MEMBER.EMAIL, e)
            .set(MEMBER.DISPLAY_NAME, name.length() > 200 ? name.substring(0, 200) : name)
            .set(MEMBER.PLACEHOLDER, true)
            .set(MEMBER.CREATED_AT, now)
            .onConflict(MEMBER.EMAIL)
            .doNothing()
            .returning(MEMBER.ID)
            .fetchOptional(MEMBER.ID);
    if (created.isPresent()) {
      return new Placeholder(created.get(), true);
    }
    return new Placeholder(
        dsl.select(MEMBER.ID).from(MEMBER).where(MEMBER.EMAIL.eq(e)).fetchSingle(MEMBER.ID), false);
  }

  /**
   * The member for an address that confirmed it wants to join by mail: a new member with a verified
   * address and no password, or the placeholder author of earlier mail with that address, now
   * claimed. Returns the id; an existing full member is returned as is.
   */
  public static long joinByMail(
      DSLContext tx, String email, String displayName, String lang, OffsetDateTime now) {
    String e = email.toLowerCase(Locale.ROOT);
    String name =
        Shortened.to(
            displayName == null || displayName.isBlank()
                ? e.substring(0, Math.max(1, e.indexOf('@')))
                : displayName.strip(),
            Shortened.NAME);
    Optional<Long> created =
        tx.insertInto(MEMBER)
            .set(MEMBER.EMAIL, e)
            .set(MEMBER.DISPLAY_NAME, name)
            .set(MEMBER.PREFERRED_LANGUAGE, lang)
            .set(MEMBER.EMAIL_VERIFIED_AT, now)
            .set(MEMBER.CREATED_AT, now)
            .onConflict(MEMBER.EMAIL)
            .doNothing()
            .returning(MEMBER.ID)
            .fetchOptional(MEMBER.ID);
    if (created.isPresent()) {
      return created.get();
    }
    long id = tx.select(MEMBER.ID).from(MEMBER).where(MEMBER.EMAIL.eq(e)).fetchSingle(MEMBER.ID);
    tx.update(MEMBER)
        .set(MEMBER.PLACEHOLDER, false)
        .set(MEMBER.EMAIL_VERIFIED_AT, DSL.coalesce(MEMBER.EMAIL_VERIFIED_AT, DSL.val(now)))
        .where(MEMBER.ID.eq(id))
        .execute();
    return id;
  }

  /**
   * Fills in a placeholder author's organisation, city and country where they are still empty; a
   * member who registered (no longer a placeholder) keeps the profile they wrote.
   */
  public static void fillPlaceholderProfile(
      DSLContext dsl, long memberId, String organisation, String city, String country) {
    dsl.update(MEMBER)
        .set(MEMBER.ORGANISATION, cutProfileField(organisation))
        .set(MEMBER.CITY, cutProfileField(city))
        .set(MEMBER.COUNTRY, cutProfileField(country))
        .where(
            MEMBER
                .ID
                .eq(memberId)
                .and(MEMBER.PLACEHOLDER.isTrue())
                .and(MEMBER.ORGANISATION.eq(""))
                .and(MEMBER.CITY.eq(""))
                .and(MEMBER.COUNTRY.eq("")))
        .execute();
  }

  private static String cutProfileField(String s) {
    return s == null ? "" : Shortened.to(s, Shortened.NAME);
  }
}
