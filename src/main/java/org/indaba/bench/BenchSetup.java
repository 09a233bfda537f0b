package org.indaba.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.indaba.account.AccountService;
import org.indaba.app.App;
import org.indaba.discussion.DiscussionService;
import org.indaba.model.Viewer;

/** The discussion the mail benchmark writes to: open, unmoderated, its first week published. */
final class BenchSetup {
  static final String SLUG = "mail-bench";

  private BenchSetup() {}

  static String openDiscussion(App app) {
    long adminId =
        app.accountService.createVerifiedMember(
            new AccountService.Registration(
                "bench-admin@bench.example.org",
                "bench admin password",
                "Bench admin",
                "",
                "",
                "",
                "en",
                "UTC"),
            "admin");
    Optional<Viewer> admin = app.accounts.byId(adminId).map(m -> m.toViewer());
    app.discussions.create(
        admin,
        new DiscussionService.Form(
            SLUG,
            "Mail benchmark",
            "",
            "",
            "en",
            "",
            LocalDate.now(app.clock.withZone(ZoneOffset.UTC)).toString(),
            "UTC",
            "4",
            false,
            false));
    app.discussions.editTheme(
        admin,
        SLUG,
        1,
        new DiscussionService.ThemeForm("Remittances", "How do remittances change your town?", ""));
    app.discussions.publishThemeNow(admin, SLUG, 1);
    return SLUG;
  }
}
