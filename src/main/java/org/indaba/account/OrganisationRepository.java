package org.indaba.account;

import static org.indaba.db.schema.Tables.COUNTRY_UNMAPPED;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.ORGANISATION;
import static org.indaba.db.schema.Tables.ORGANISATION_ALIAS;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Organisation names in use, merged organisations and their aliases, unmapped countries. */
public final class OrganisationRepository {
  private final DSLContext dsl;

  public OrganisationRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** A name members typed, how many use it, and the organisation it was merged into (or null). */
  public record NameInUse(String name, int members, String mergedInto) {}

  /** Every organisation name members typed, most used first (at most {@code limit}). */
  public List<NameInUse> namesInUse(int limit) {
    var count = DSL.count();
    Map<String, String> merged = aliases();
    return dsl.select(MEMBER.ORGANISATION, count)
        .from(MEMBER)
        .where(MEMBER.ORGANISATION.ne(""))
        .groupBy(MEMBER.ORGANISATION)
        .orderBy(count.desc(), MEMBER.ORGANISATION)
        .limit(limit)
        .fetch(
            r -> new NameInUse(r.value1(), r.value2(), merged.get(Organisations.fold(r.value1()))));
  }

  /** The names a form offers: merged organisations' names first, then names in use. */
  public List<String> suggestions(int limit) {
    List<String> out =
        new ArrayList<>(
            dsl.select(ORGANISATION.NAME)
                .from(ORGANISATION)
                .orderBy(ORGANISATION.NAME)
                .limit(limit)
                .fetch(r -> r.value1()));
    for (NameInUse n : namesInUse(limit)) {
      if (out.size() >= limit) {
        break;
      }
      if (!out.contains(n.name())) {
        out.add(n.name());
      }
    }
    return out;
  }

  /** Folded alias to the merged organisation's name. */
  public Map<String, String> aliases() {
    Map<String, String> out = new HashMap<>();
    dsl.select(ORGANISATION_ALIAS.FOLDED, ORGANISATION.NAME)
        .from(ORGANISATION_ALIAS)
        .join(ORGANISATION)
        .on(ORGANISATION.ID.eq(ORGANISATION_ALIAS.ORGANISATION_ID))
        .fetch()
        .forEach(r -> out.put(r.value1(), r.value2()));
    return out;
  }

  /** A merged organisation and the names merged into it. */
  public record Merged(long id, String name, List<String> aliases) {}

  public List<Merged> merged() {
    Map<Long, List<String>> aliases = new LinkedHashMap<>();
    dsl.select(ORGANISATION_ALIAS.ORGANISATION_ID, ORGANISATION_ALIAS.ALIAS)
        .from(ORGANISATION_ALIAS)
        .orderBy(ORGANISATION_ALIAS.ALIAS)
        .fetch()
        .forEach(r -> aliases.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
    return dsl.select(ORGANISATION.ID, ORGANISATION.NAME)
        .from(ORGANISATION)
        .orderBy(ORGANISATION.NAME)
        .fetch(
            r -> new Merged(r.value1(), r.value2(), aliases.getOrDefault(r.value1(), List.of())));
  }

  /** The organisation of that name, created when there is none; returns its id. */
  public long organisation(DSLContext tx, String name, OffsetDateTime now) {
    return tx.insertInto(ORGANISATION)
        .set(ORGANISATION.NAME, name)
        .set(ORGANISATION.CREATED_AT, now)
        .onConflict(ORGANISATION.NAME)
        .doUpdate()
        .set(ORGANISATION.NAME, name)
        .returning(ORGANISATION.ID)
        .fetchSingle()
        .getId();
  }

  /** Points an alias at an organisation (moving it when it pointed at another one). */
  public void alias(DSLContext tx, long organisationId, String alias) {
    tx.insertInto(ORGANISATION_ALIAS)
        .set(ORGANISATION_ALIAS.FOLDED, Organisations.fold(alias))
        .set(ORGANISATION_ALIAS.ALIAS, alias)
        .set(ORGANISATION_ALIAS.ORGANISATION_ID, organisationId)
        .onConflict(ORGANISATION_ALIAS.FOLDED)
        .doUpdate()
        .set(ORGANISATION_ALIAS.ALIAS, alias)
        .set(ORGANISATION_ALIAS.ORGANISATION_ID, organisationId)
        .execute();
  }

  /** Organisations left without any alias are removed. */
  public void dropEmpty(DSLContext tx) {
    tx.deleteFrom(ORGANISATION)
        .where(
            DSL.notExists(
                DSL.selectOne()
                    .from(ORGANISATION_ALIAS)
                    .where(ORGANISATION_ALIAS.ORGANISATION_ID.eq(ORGANISATION.ID))))
        .execute();
  }

  /** The merged organisation, its row locked until the transaction ends, with its names. */
  public java.util.Optional<Merged> lockMerged(DSLContext tx, long organisationId) {
    return tx.select(ORGANISATION.NAME)
        .from(ORGANISATION)
        .where(ORGANISATION.ID.eq(organisationId))
        .forUpdate()
        .fetchOptional(
            r ->
                new Merged(
                    organisationId,
                    r.value1(),
                    tx.select(ORGANISATION_ALIAS.ALIAS)
                        .from(ORGANISATION_ALIAS)
                        .where(ORGANISATION_ALIAS.ORGANISATION_ID.eq(organisationId))
                        .orderBy(ORGANISATION_ALIAS.ALIAS)
                        .fetch(ORGANISATION_ALIAS.ALIAS)));
  }

  public boolean delete(DSLContext tx, long organisationId) {
    return tx.deleteFrom(ORGANISATION).where(ORGANISATION.ID.eq(organisationId)).execute() > 0;
  }

  /** A member whose country, typed before countries were codes, named no country. */
  public record UnmappedCountry(
      long memberId, String name, String originalText, String country, OffsetDateTime recordedAt) {
    public boolean fixed() {
      return !country.isEmpty();
    }
  }

  public List<UnmappedCountry> unmappedCountries() {
    return dsl.select(
            COUNTRY_UNMAPPED.MEMBER_ID,
            MEMBER.DISPLAY_NAME,
            COUNTRY_UNMAPPED.ORIGINAL_TEXT,
            MEMBER.COUNTRY,
            COUNTRY_UNMAPPED.RECORDED_AT)
        .from(COUNTRY_UNMAPPED)
        .join(MEMBER)
        .on(MEMBER.ID.eq(COUNTRY_UNMAPPED.MEMBER_ID))
        .orderBy(COUNTRY_UNMAPPED.ORIGINAL_TEXT, MEMBER.DISPLAY_NAME)
        .fetch(
            r -> new UnmappedCountry(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
  }

  /** An admin's choice of country for a member whose text could not be read as one. */
  public void setCountry(DSLContext tx, long memberId, String code) {
    tx.update(MEMBER).set(MEMBER.COUNTRY, code).where(MEMBER.ID.eq(memberId)).execute();
    tx.deleteFrom(COUNTRY_UNMAPPED).where(COUNTRY_UNMAPPED.MEMBER_ID.eq(memberId)).execute();
  }
}
