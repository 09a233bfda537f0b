package org.indaba.db.migration;

import static org.indaba.db.schema.Tables.COUNTRY_UNMAPPED;
import static org.indaba.db.schema.Tables.MEMBER;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.indaba.i18n.Countries;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Members' countries, typed as free text until now, become ISO 3166-1 codes: a code ("SN", "SEN")
 * or a name in any interface language ("Senegal", "Sénégal", "السنغال") is replaced by its code;
 * anything else is cleared and kept in {@code country_unmapped}, which admins see on {@code
 * /admin/countries}. Running it again changes nothing.
 */
public final class V171__Member_country_codes extends BaseJavaMigration {
  @Override
  public void migrate(Context context) {
    DSLContext dsl = DSL.using(context.getConnection(), SQLDialect.POSTGRES);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (var r :
        dsl.select(MEMBER.ID, MEMBER.COUNTRY).from(MEMBER).where(MEMBER.COUNTRY.ne("")).fetch()) {
      long id = r.value1();
      String text = r.value2();
      if (Countries.isCode(text)) {
        continue;
      }
      Optional<String> code = Countries.codeOf(text);
      if (code.isEmpty()) {
        dsl.insertInto(COUNTRY_UNMAPPED)
            .set(COUNTRY_UNMAPPED.MEMBER_ID, id)
            .set(COUNTRY_UNMAPPED.ORIGINAL_TEXT, text)
            .set(COUNTRY_UNMAPPED.RECORDED_AT, now)
            .onConflictDoNothing()
            .execute();
      }
      dsl.update(MEMBER).set(MEMBER.COUNTRY, code.orElse("")).where(MEMBER.ID.eq(id)).execute();
    }
  }
}
