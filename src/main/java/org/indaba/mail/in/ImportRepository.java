package org.indaba.mail.in;

import static org.indaba.db.schema.Tables.MEMBER;

import org.jooq.DSLContext;

/** What an archive import writes beyond contributions: the profiles of its placeholder authors. */
public final class ImportRepository {
  private final DSLContext dsl;

  public ImportRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * Fills in a placeholder author's organisation, city and country where they are still empty; a
   * member who registered (no longer a placeholder) keeps the profile they wrote.
   */
  public void fillPlaceholderProfile(
      long memberId, String organisation, String city, String country) {
    dsl.update(MEMBER)
        .set(MEMBER.ORGANISATION, cut(organisation))
        .set(MEMBER.CITY, cut(city))
        .set(MEMBER.COUNTRY, cut(country))
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

  private static String cut(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 200 ? s.substring(0, 199) + "\u2026" : s;
  }
}
