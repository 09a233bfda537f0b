package org.indaba.db;

import static org.indaba.db.schema.Tables.SETTING;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.jooq.DSLContext;

/** Values every server process must agree on, kept in the database. */
public final class Settings {
  private Settings() {}

  /**
   * A random secret created once on first start; {@code ON CONFLICT DO NOTHING} makes two processes
   * starting together agree on the first one written.
   */
  public static byte[] secret(DSLContext dsl, String name) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    dsl.insertInto(SETTING, SETTING.NAME, SETTING.VALUE)
        .values("secret." + name, HexFormat.of().formatHex(fresh))
        .onConflictDoNothing()
        .execute();
    String hex =
        dsl.select(SETTING.VALUE)
            .from(SETTING)
            .where(SETTING.NAME.eq("secret." + name))
            .fetchSingle()
            .value1();
    return HexFormat.of().parseHex(hex);
  }
}
