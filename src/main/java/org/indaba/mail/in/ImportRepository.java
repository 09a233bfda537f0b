package org.indaba.mail.in;

import org.indaba.account.AccountRepository;
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
    AccountRepository.fillPlaceholderProfile(dsl, memberId, organisation, city, country);
  }
}
