package org.indaba.app;

import org.indaba.discussion.DemoDiscussions;
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
    DemoDiscussions.Created discussions = new DemoDiscussions(app.db, app.accounts, app.discussions,
        app.discussionRepository, app.contributions, app.clock).create();
    log.info("Demo discussions created: {} (open) and {} (closed)", DemoDiscussions.OPEN_SLUG,
        DemoDiscussions.CLOSED_SLUG);
    afterClosedDiscussion(app, discussions.closedId());
  }

  /** The closed demo discussion, for demo content built on top of it. */
  static long closedDiscussionId(App app) {
    return app.discussionRepository.bySlug(DemoDiscussions.CLOSED_SLUG).orElseThrow().id();
  }

  /** Hook: content that belongs to the closed discussion (its consolidated reply) is added here. */
  static void afterClosedDiscussion(App app, long closedDiscussionId) {
    // nothing yet
  }
}
