package org.indaba.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo content for {@code serve --demo}: loaded once, on an empty database only, so a restart
 * with --demo neither duplicates nor overwrites anything.
 */
final class Demo {
  private static final Logger log = LoggerFactory.getLogger(Demo.class);

  private Demo() {}

  static void load(App app) {
    if (app.accounts.countMembers() > 0) {
      log.info("Demo content not loaded: the database already has members");
      return;
    }
    org.indaba.account.DemoAccounts.create(app.accountService);
    log.info("Demo accounts created; see README.md for their addresses and passwords");
  }
}
