package org.indaba.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.indaba.account.AccountRepository;
import org.indaba.account.AccountRoutes;
import org.indaba.account.AccountService;
import org.indaba.account.ModeratorRights;
import org.indaba.account.Passwords;
import org.indaba.account.SessionService;
import org.indaba.blob.BlobStore;
import org.indaba.blob.PostgresBlobStore;
import org.indaba.db.Changes;
import org.indaba.db.Database;
import org.indaba.db.EmbeddedPostgres;
import org.indaba.db.EventKind;
import org.indaba.db.RateLimiter;
import org.indaba.db.Settings;
import org.indaba.discussion.ContributionRepository;
import org.indaba.discussion.ContributionService;
import org.indaba.discussion.DiscussionApi;
import org.indaba.discussion.DiscussionReader;
import org.indaba.discussion.DiscussionRepository;
import org.indaba.discussion.DiscussionRoutes;
import org.indaba.discussion.DiscussionService;
import org.indaba.i18n.LanguageDetector;
import org.indaba.i18n.Messages;
import org.indaba.mail.DigestJob;
import org.indaba.mail.InboundStore;
import org.indaba.mail.ListMail;
import org.indaba.mail.MailAddresses;
import org.indaba.mail.MailAdmin;
import org.indaba.mail.MailConfirmations;
import org.indaba.mail.MailNotifier;
import org.indaba.mail.MailRepository;
import org.indaba.mail.MailRoutes;
import org.indaba.mail.MailTokens;
import org.indaba.mail.Subscriptions;
import org.indaba.mail.in.Bounces;
import org.indaba.mail.in.InboundProcessor;
import org.indaba.mail.in.MailIntake;
import org.indaba.mail.in.MailNotices;
import org.indaba.mail.in.MailPosting;
import org.indaba.mail.in.MboxImport;
import org.indaba.mail.in.SenderAuthentication;
import org.indaba.mail.in.SenderCheck;
import org.indaba.mail.in.SmtpListener;
import org.indaba.mail.in.SystemDns;
import org.indaba.mail.out.MailComposer;
import org.indaba.mail.out.MailOutbox;
import org.indaba.mail.out.MailSender;
import org.indaba.search.SearchIndex;
import org.indaba.search.SearchIndexer;
import org.indaba.search.SearchRoutes;
import org.indaba.search.SearchService;
import org.indaba.search.SearchSourceRepository;
import org.indaba.search.SearchSources;
import org.indaba.web.Csrf;
import org.indaba.web.Result;
import org.indaba.web.Views;
import org.indaba.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-written wiring of every object: reading this class shows the whole object graph. No
 * container, no reflection; tests build the same graph with their own clock and ports.
 */
public final class App implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(App.class);

  public final Config config;
  public final Clock clock;
  public final EmbeddedPostgres embedded;
  public final Database db;
  public final Messages messages;
  public final Views views;
  public final Vertx vertx;
  public final PrometheusMeterRegistry meterRegistry;
  private MetricsListener metricsListener;
  public final Background background;
  public final RateLimiter rateLimiter;
  public final BlobStore blobs;
  public final Changes changes;
  public final ModeratorRights moderatorRights;
  public final MailOutbox mailOutbox;
  public final MailComposer mailComposer;
  public final MailSender mailSender;
  public final AccountRepository accounts;
  public final AccountService accountService;
  public final SessionService sessions;
  public final LanguageDetector languageDetector;
  public final DiscussionRepository discussionRepository;
  public final ContributionRepository contributionRepository;
  public final DiscussionService discussions;
  public final ContributionService contributions;
  public final DiscussionReader discussionReader;
  public final WebServer web;
  public final MailRepository mailRepository;
  public final MailAddresses mailAddresses;
  public final MailTokens mailTokens;
  public final InboundStore inboundStore;
  public final MailPosting mailPosting;
  public final InboundProcessor mailProcessor;
  public final Subscriptions subscriptions;
  public final SmtpListener smtp;
  public final MboxImport mboxImport;
  public final org.indaba.moderation.ModerationService moderation;
  public final org.indaba.consolidated.ReplyService replies;
  public final org.indaba.consolidated.WeekSummaryService weekSummaries;
  public final SearchIndex searchIndex;
  public final SearchIndexer searchIndexer;
  public final SearchService searchService;
  public final org.indaba.i18n.MachineTranslator machineTranslator;
  public final org.indaba.translation.TranslationService translations;
  public final org.indaba.library.LibraryService library;
  private final org.indaba.mail.NoticePreferenceRoutes noticePreferences;
  private final org.indaba.mail.TakePart takePart;
  private final org.indaba.mail.ModeratorMail moderatorMail;
  private final Map<String, BooleanSupplier> health = new LinkedHashMap<>();

  private App(Config config, Clock clock) throws Exception {
    this(config, clock, true);
  }

  private App(Config config, Clock clock, boolean timedJobs) throws Exception {
    this.config = config;
    this.clock = clock;
    Files.createDirectories(config.dataDir());
    if (config.databaseUrl().isPresent()) {
      this.embedded = null;
      this.db =
          new Database(
              config.databaseUrl().get(), config.databaseUser(), config.databasePassword(), 20);
    } else {
      log.info(
          "INDABA_DATABASE_URL is not set: starting the embedded PostgreSQL in {}",
          config.dataDir().resolve("postgres"));
      this.embedded = EmbeddedPostgres.start(config.dataDir().resolve("postgres"));
      this.db = new Database(embedded.jdbcUrl("postgres"), "postgres", "", 20);
      db.availableWhile(embedded::isRunning);
    }
    db.migrate();
    byte[] secret = Settings.secret(db.dsl(), "hmac");

    this.messages = Messages.load();
    this.views = new Views(messages);
    this.meterRegistry =
        new PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "indaba.network.in.transaction",
            org.indaba.model.NetworkGuard.class,
            c -> org.indaba.model.NetworkGuard.violations())
        .description("network calls made inside a database transaction (should stay 0)")
        .register(meterRegistry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "indaba.db.statements", Database.class, c -> Database.statements())
        .description("SQL statements sent to the database")
        .register(meterRegistry);
    this.vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(
                        new MicrometerMetricsOptions()
                            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
                            .setEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(meterRegistry))
            .build();
    this.background = new Background(timedJobs);
    this.rateLimiter = new RateLimiter(db.dsl(), clock);
    this.blobs = new PostgresBlobStore(db.dsl(), clock);
    this.changes = new Changes(clock);
    this.moderatorRights = new ModeratorRights(db.dsl());

    // mail out
    this.mailOutbox = new MailOutbox(clock);
    this.mailComposer = new MailComposer(views, config.baseUrl());
    this.mailSender =
        new MailSender(
            vertx,
            db,
            clock,
            new MailSender.Settings(
                config.mailDomain(),
                config.mailRelay().map(Config.HostPort::host),
                config.mailRelay().map(Config.HostPort::port).orElse(0)));

    // accounts
    this.accounts = new AccountRepository(db.dsl());
    this.sessions = new SessionService(accounts, clock);
    this.accountService =
        new AccountService(
            db,
            accounts,
            new Passwords(),
            sessions,
            rateLimiter,
            mailOutbox,
            mailComposer,
            clock,
            config.baseUrl());

    // moderation and consolidated replies
    var moderationRepo = new org.indaba.moderation.ModerationRepository(db.dsl());
    var citations = new org.indaba.moderation.ContributionCitations(moderationRepo);
    // discussion titles in the reader's language, for every mail that names a discussion
    var titles =
        new org.indaba.translation.TranslatedTitles(
            new org.indaba.translation.TranslationRepository(db.dsl()));
    this.moderation =
        new org.indaba.moderation.ModerationService(
            db,
            moderationRepo,
            moderatorRights,
            changes,
            mailOutbox,
            mailComposer,
            rateLimiter,
            citations,
            titles,
            clock);
    this.replies =
        new org.indaba.consolidated.ReplyService(
            db,
            new org.indaba.consolidated.ReplyRepository(db.dsl()),
            moderationRepo,
            moderatorRights,
            changes,
            citations,
            clock,
            config.baseUrl());
    // translations; machine translation only when a service is configured
    this.machineTranslator =
        config
            .translateUrl()
            .<org.indaba.i18n.MachineTranslator>map(org.indaba.i18n.LibreTranslateClient::new)
            .orElse(org.indaba.i18n.MachineTranslator.OFF);
    this.weekSummaries =
        new org.indaba.consolidated.WeekSummaryService(
            db,
            new org.indaba.consolidated.WeekSummaryRepository(db.dsl()),
            moderationRepo,
            moderatorRights,
            changes,
            machineTranslator,
            clock);
    // discussions
    this.languageDetector = new LanguageDetector();
    this.discussionRepository = new DiscussionRepository(db.dsl());
    this.contributionRepository = new ContributionRepository(db.dsl());
    this.discussions =
        new DiscussionService(
            db,
            discussionRepository,
            moderatorRights,
            blobs,
            changes,
            languageDetector,
            clock,
            config.maxUploadBytes());
    this.contributions =
        new ContributionService(
            db,
            discussionRepository,
            contributionRepository,
            accounts,
            moderatorRights,
            blobs,
            changes,
            rateLimiter,
            languageDetector,
            clock,
            config.maxUploadBytes());
    this.translations =
        new org.indaba.translation.TranslationService(
            db,
            new org.indaba.translation.ContentRepository(db.dsl()),
            new org.indaba.translation.TranslationRepository(db.dsl()),
            moderatorRights,
            changes,
            DiscussionRepository::setOriginalLanguage,
            machineTranslator,
            clock);
    this.library =
        new org.indaba.library.LibraryService(
            db,
            new org.indaba.library.LibraryRepository(db.dsl()),
            discussionRepository,
            moderatorRights,
            blobs,
            changes,
            languageDetector,
            clock,
            config.maxUploadBytes());
    this.discussionReader = new DiscussionReader(discussions, contributions, translations, library);
    // search: this process's own index, kept current from the shared outbox
    this.searchIndex = SearchIndex.open(config.dataDir().resolve("index"));
    SearchSources searchSources = new SearchSources(new SearchSourceRepository(db.dsl()));
    this.searchIndexer = new SearchIndexer(searchIndex, searchSources);
    this.searchService =
        new SearchService(
            searchIndex, searchSources, rateLimiter, SearchService.DEFAULT_PER_MINUTE);

    // web
    Path uploads = config.dataDir().resolve("uploads-tmp");
    Files.createDirectories(uploads);
    this.web =
        new WebServer(
            vertx,
            views,
            new Csrf(secret),
            sessions,
            config.baseUrl(),
            uploads,
            config.maxUploadBytes());
    health.put("database", db::isHealthy);

    // mail in and mail notifications
    this.mailRepository = new MailRepository(db.dsl());
    this.mailAddresses = new MailAddresses(config.mailDomain());
    this.mailTokens = new MailTokens(Settings.secret(db.dsl(), "mail-tokens"), clock);
    this.inboundStore = new InboundStore(db.dsl());
    this.subscriptions = new Subscriptions(db, mailRepository, mailTokens, clock);
    MailNotices notices =
        new MailNotices(
            mailRepository,
            mailComposer,
            mailOutbox,
            mailAddresses,
            titles,
            clock,
            config.baseUrl());
    ListMail listMail = new ListMail(mailAddresses, mailTokens, config.baseUrl());
    this.mailPosting = new MailPosting(contributions, mailRepository, clock);
    this.mailProcessor =
        new InboundProcessor(
            db,
            inboundStore,
            mailRepository,
            accounts,
            mailTokens,
            mailAddresses,
            notices,
            new Bounces(mailRepository, clock),
            subscriptions,
            mailPosting,
            clock,
            config.trustedAuthservId().orElse(null),
            config.maxUploadBytes(),
            new SenderAuthentication(new SystemDns()),
            config.mailSenderCheck());
    if (config.mailSenderCheck() == SenderCheck.TRUST) {
      log.warn(
          "INDABA_MAIL_SENDER_CHECK=trust: the From address of incoming mail is believed without"
              + " proof; anyone who can reach the SMTP port can post as any member");
    }
    MailNotifier notifier =
        new MailNotifier(
            db,
            mailRepository,
            accounts,
            mailComposer,
            mailOutbox,
            mailAddresses,
            mailTokens,
            listMail,
            translations,
            titles,
            clock,
            config.baseUrl());
    DigestJob digests =
        new DigestJob(
            db,
            mailRepository,
            mailComposer,
            mailOutbox,
            mailAddresses,
            listMail,
            titles,
            clock,
            config.baseUrl());
    this.smtp =
        new SmtpListener(
            new MailIntake(
                db,
                inboundStore,
                mailRepository,
                mailTokens,
                rateLimiter,
                clock,
                config.mailDomain(),
                config.maxMessageBytes(),
                () -> background.nudge("mail-in")),
            config.smtpPort(),
            config.listening().bindAddress().map(App::address));
    var libraryMail =
        new org.indaba.library.LibraryMail(
            library, accounts, mailComposer, mailOutbox, mailAddresses, mailTokens);
    notifier.on(EventKind.RESOURCE_PUBLISHED, libraryMail::announce);
    mailProcessor.withResourceComments(libraryMail.comments());
    this.mboxImport =
        new MboxImport(
            mailRepository,
            new org.indaba.mail.in.ImportRepository(db.dsl()),
            mailAddresses,
            mailPosting,
            languageDetector,
            clock);
    MailRoutes mailRoutes =
        new MailRoutes(
            subscriptions,
            new MailAdmin(inboundStore, mailRepository, () -> background.nudge("mail-in")),
            new MailConfirmations(
                db,
                inboundStore,
                mailRepository,
                accounts,
                mailTokens,
                mailAddresses,
                clock,
                () -> background.nudge("mail-in")));

    // moderators and authors told of held, flagged and published contributions; answers by mail
    var moderationMail = new org.indaba.mail.ModerationMailRepository(db.dsl());
    var alerts =
        new org.indaba.mail.ModeratorAlerts(
            moderationMail,
            subscriptions,
            mailComposer,
            mailOutbox,
            mailAddresses,
            mailTokens,
            titles,
            clock,
            config.baseUrl());
    notifier.useModeratorAlerts(alerts);
    notifier.useReplyAnnouncement(
        new org.indaba.mail.ReplyAnnouncement(
            new org.indaba.mail.ReplyMailRepository(db.dsl()),
            mailRepository,
            mailComposer,
            mailOutbox,
            mailAddresses,
            listMail,
            titles,
            config.baseUrl()));
    var facilitationMail =
        new org.indaba.mail.FacilitationMail(
            new org.indaba.mail.FacilitationMailRepository(db.dsl()),
            mailRepository,
            new org.indaba.mail.ReplyMailRepository(db.dsl()),
            mailComposer,
            mailOutbox,
            mailAddresses,
            listMail,
            titles,
            clock,
            config.baseUrl());
    notifier.on(org.indaba.db.EventKind.WEEK_SUMMARY_PUBLISHED, facilitationMail::summaryPublished);
    notifier.on(org.indaba.db.EventKind.DISCUSSION_CLOSED, facilitationMail::discussionClosed);
    notifier.on(org.indaba.db.EventKind.DISCUSSION_REOPENED, facilitationMail::discussionReopened);
    this.moderatorMail =
        new org.indaba.mail.ModeratorMail(
            mailRepository,
            new org.indaba.mail.FacilitationMailRepository(db.dsl()),
            notifier,
            mailAddresses,
            moderatorRights,
            rateLimiter);
    mailProcessor.useModeration(
        new org.indaba.moderation.ModerationByMail(moderation, moderationRepo, accounts), alerts);
    this.noticePreferences = new org.indaba.mail.NoticePreferenceRoutes(db, moderationMail, clock);
    this.takePart = new org.indaba.mail.TakePart(db, mailAddresses, mailRepository, subscriptions);
    addHealthCheck("search", searchIndexer::healthy);
    addHealthCheck("smtp", smtp::isRunning);
    registerRoutes(mailRoutes);
    background.every("mail-out", Duration.ofSeconds(2), mailSender::sendBatch);
    background.every("mail-in", Duration.ofSeconds(5), mailProcessor::runOnce);
    background.every(
        "mail-confirmations",
        Duration.ofHours(1),
        () -> inboundStore.expireConfirmations(java.time.OffsetDateTime.now(clock)) > 0);
    background.every(
        "mail-events",
        Duration.ofSeconds(5),
        () -> {
          boolean more = notifier.runOnce();
          background.nudge("mail-out");
          return more;
        });
    background.every("mail-digest", Duration.ofMinutes(10), digests::runOnce);
    background.every("mail-text-removal", Duration.ofHours(1), () -> mailOutbox.removeOldTexts(db));
    background.every("moderation-digest", Duration.ofMinutes(10), () -> alerts.runDigestsOnce(db));
    background.every(
        DiscussionService.THEME_JOB, Duration.ofSeconds(15), discussions::publishDueThemes);
    background.every("search-indexer", Duration.ofMillis(250), searchIndexer::runOnce);
  }

  private void registerRoutes(MailRoutes mailRoutes) {
    // metrics are for admins' API tokens (a scraper's bearer token), or on the loopback listener
    web.get(
        "/api/metrics",
        req -> {
          if (!req.viaApiToken()) {
            throw new org.indaba.model.Refusal.Unauthenticated();
          }
          req.requireAdmin();
          return new Result.Raw(
              200,
              MetricsListener.CONTENT_TYPE,
              meterRegistry.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8),
              Map.of());
        });
    web.get(
        "/healthz",
        req -> {
          Map<String, Object> checks = new LinkedHashMap<>();
          boolean up = true;
          for (var e : health.entrySet()) {
            boolean ok;
            try {
              ok = e.getValue().getAsBoolean();
            } catch (RuntimeException ex) {
              ok = false;
            }
            checks.put(e.getKey(), ok ? "up" : "down");
            up &= ok;
          }
          return Result.json(
              up ? 200 : 503, Map.of("status", up ? "up" : "down", "checks", checks));
        });
    mailRoutes.register(web);
    new org.indaba.mail.export.MboxExportRoutes(
            new org.indaba.mail.export.MboxExport(
                new org.indaba.mail.export.MboxExportRepository(db.dsl()),
                moderatorRights,
                mailAddresses,
                config.baseUrl()))
        .register(web);
    var shownTitles =
        new org.indaba.translation.ShownTitles(
            new org.indaba.translation.TranslationRepository(db.dsl()));
    new org.indaba.moderation.ModerationRoutes(moderation, shownTitles).register(web);
    new org.indaba.consolidated.ReplyRoutes(replies, translations, config.baseUrl())
        .withWeekSummaries(weekSummaries)
        .register(web);
    new org.indaba.consolidated.WeekSummaryRoutes(weekSummaries).register(web);
    new org.indaba.mail.ModeratorMailRoutes(moderatorMail).register(web);
    new DiscussionRoutes(
            discussions, contributions, discussionReader, translations, config.baseUrl())
        .withWeekSummaries(
            (discussionId, lang) -> {
              Map<Integer, org.indaba.discussion.WeekSummaries.Shown> shown = new LinkedHashMap<>();
              weekSummaries
                  .publishedFor(discussionId, lang)
                  .forEach(
                      (week, s) ->
                          shown.put(
                              week,
                              new org.indaba.discussion.WeekSummaries.Shown(
                                  s.language(), s.bodyHtml(), s.publishedAt(), s.machine())));
              return shown;
            })
        .withPageExtras(
            new DiscussionRoutes.PageExtras() {
              @Override
              public Map<String, Object> of(
                  java.util.Optional<org.indaba.model.Viewer> viewer, DiscussionReader.Page page) {
                return takePart.pageBlock(
                    viewer, page.discussion().id(), page.discussion().slug(), page.currentWeek());
              }

              @Override
              public String variant(
                  java.util.Optional<org.indaba.model.Viewer> viewer, String slug) {
                return takePart.variant(viewer, slug);
              }
            })
        .register(web);
    takePart.register(web);
    new org.indaba.translation.TranslationRoutes(translations, shownTitles).register(web);
    new DiscussionApi(discussionReader, contributions, config.baseUrl())
        .withEmailAddresses(takePart::addresses)
        .withWeekSummaries(
            (discussionId, lang) -> {
              Map<Integer, String> html = new LinkedHashMap<>();
              weekSummaries
                  .publishedFor(discussionId, lang)
                  .forEach((week, s) -> html.put(week, s.bodyHtml()));
              return html;
            })
        .register(web);
    new org.indaba.export.ExportRoutes(
            new org.indaba.export.ExportService(
                discussionReader,
                replies,
                new org.indaba.consolidated.WeekSummaryRepository(db.dsl()),
                translations,
                clock),
            config.baseUrl())
        .register(web);
    var organisations =
        new org.indaba.account.OrganisationService(
            db, new org.indaba.account.OrganisationRepository(db.dsl()), changes, clock);
    new org.indaba.analytics.AnalyticsRoutes(
            new org.indaba.analytics.AnalyticsService(
                    db,
                    new org.indaba.analytics.AnalyticsRepository(db.dsl()),
                    discussions,
                    discussionRepository,
                    changes)
                .withOrganisations(organisations::countedAs))
        .register(web);
    new org.indaba.account.DirectoryRoutes(organisations).register(web);
    var libraryRoutes = new org.indaba.library.LibraryRoutes(library, config.baseUrl());
    libraryRoutes.register(web);
    new org.indaba.mail.JoinProfileRoutes(mailTokens, accountService, accounts).register(web);
    new AccountRoutes(accountService, accounts)
        .withOrganisationNames(organisations::suggestions)
        .withMemberContributions(contributions::approvedBy)
        .addProfileSection(mailRoutes::profileSection)
        .addProfileSection(noticePreferences::profileSection)
        .addProfileSection(libraryRoutes::profileSection)
        .withRegistrationJoins(
            new AccountRoutes.RegistrationJoins() {
              @Override
              public java.util.List<Map<String, Object>> offered() {
                return takePart.offered();
              }

              @Override
              public void join(long memberId, java.util.List<String> slugs) {
                takePart.joinOnRegistration(memberId, slugs);
              }
            })
        .register(web);
    new SearchRoutes(searchService, config.baseUrl(), shownTitles).register(web);
    noticePreferences.register(web);
    new org.indaba.discussion.MyContributionsRoutes(
            new org.indaba.discussion.MyContributions(
                new org.indaba.discussion.MyContributionsRepository(db.dsl())),
            config.baseUrl())
        .register(web);
  }

  /**
   * Builds everything without listening and without timed jobs, for maintenance commands: nothing
   * is mailed or published behind the command's back; it runs the jobs it needs with {@code
   * background.runNow}.
   */
  public static App forMaintenance(Config config, Clock clock) throws Exception {
    return new App(config, clock, false);
  }

  /** Builds everything and starts listening. */
  public static App start(Config config, Clock clock) throws Exception {
    App app = new App(config, clock);
    try {
      app.web
          .listen(config.httpPort(), config.listening().bindAddress().orElse("0.0.0.0"))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      app.smtp.start();
      if (config.listening().metricsPort() > 0) {
        app.metricsListener =
            MetricsListener.start(app.vertx, app.meterRegistry, config.listening().metricsPort());
      }
    } catch (Exception e) {
      app.close();
      throw e;
    }
    log.info(
        "Indaba is listening on http://localhost:{} ({})", app.web.actualPort(), config.baseUrl());
    return app;
  }

  /** The loopback metrics listener's port, or 0 when INDABA_METRICS_PORT is not set. */
  public int metricsPort() {
    return metricsListener == null ? 0 : metricsListener.port();
  }

  private static java.net.InetAddress address(String literal) {
    try {
      return java.net.InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new Config.Invalid("INDABA_BIND_ADDRESS must be an IP address, not '" + literal + "'");
    }
  }

  public int httpPort() {
    return web.actualPort();
  }

  /** The SMTP port actually bound (INDABA_SMTP_PORT=0 picks a free one). */
  public int smtpPort() {
    return smtp.port();
  }

  public void addHealthCheck(String name, BooleanSupplier check) {
    health.put(name, check);
  }

  /**
   * Stops in order, each part after what depends on it: mail intake first (new sessions and
   * commands get 421, a message being received may finish), then the jobs, the web server, the pool
   * and last the database.
   */
  @Override
  public void close() {
    log.info("Stopping Indaba");
    try {
      smtp.close();
    } catch (RuntimeException e) {
      log.warn("SMTP listener did not stop cleanly", e);
    }
    background.close();
    if (metricsListener != null) {
      metricsListener.close();
    }
    try {
      web.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("HTTP server did not stop cleanly", e);
    }
    try {
      searchIndex.close();
    } catch (Exception e) {
      log.warn("Search index did not close cleanly", e);
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Vert.x did not stop cleanly", e);
    }
    db.close();
    if (embedded != null) {
      try {
        embedded.close();
      } catch (Exception e) {
        log.warn("Embedded PostgreSQL did not stop cleanly", e);
      }
    }
    log.info("Indaba stopped");
  }
}
