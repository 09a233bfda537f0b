package org.indaba.mail;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.account.AccountRepository;
import org.indaba.db.Database;
import org.indaba.db.EventKind;
import org.indaba.i18n.Messages;
import org.indaba.mail.out.MailComposer;
import org.indaba.mail.out.MailOutbox;
import org.indaba.mail.out.OutgoingMail;
import org.indaba.model.ContentKind;
import org.indaba.translation.BestVersion;
import org.indaba.translation.TranslatedTitles;
import org.indaba.translation.TranslationService;
import org.indaba.visibility.Visibility;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns domain events into mail: a published theme to every subscriber, an approved contribution to
 * members who take every message. Events are claimed with {@code SKIP LOCKED} and marked processed
 * in the transaction that queues the mail, so each is mailed once however many processes run.
 */
public final class MailNotifier {
  private static final Logger log = LoggerFactory.getLogger(MailNotifier.class);

  private final Database db;
  private final MailRepository repo;
  private final AccountRepository accounts;
  private final MailComposer composer;
  private final MailOutbox outbox;
  private final MailAddresses addresses;
  private final MailTokens tokens;
  private final ListMail listMail;
  private final Clock clock;
  private final String baseUrl;

  private final TranslationService translations;
  private final TranslatedTitles titles;
  private volatile ModeratorAlerts alerts;
  private volatile ReplyAnnouncement replies;

  public MailNotifier(
      Database db,
      MailRepository repo,
      AccountRepository accounts,
      MailComposer composer,
      MailOutbox outbox,
      MailAddresses addresses,
      MailTokens tokens,
      ListMail listMail,
      TranslationService translations,
      TranslatedTitles titles,
      Clock clock,
      String baseUrl) {
    this.db = db;
    this.translations = translations;
    this.titles = titles;
    this.repo = repo;
    this.accounts = accounts;
    this.composer = composer;
    this.outbox = outbox;
    this.addresses = addresses;
    this.tokens = tokens;
    this.listMail = listMail;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  private final Map<EventKind, java.util.function.BiConsumer<DSLContext, Long>> handlers =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Mail another feature sends for its own kind of event (a new resource of the library), in the
   * transaction that marks the event processed. Register at start-up.
   */
  public MailNotifier on(EventKind kind, java.util.function.BiConsumer<DSLContext, Long> handler) {
    handlers.put(kind, handler);
    return this;
  }

  /** Where held and flagged contributions are announced to moderators and authors. */
  public MailNotifier useModeratorAlerts(ModeratorAlerts alerts) {
    this.alerts = alerts;
    return this;
  }

  /** Where published consolidated replies are mailed to followers and contributors. */
  public MailNotifier useReplyAnnouncement(ReplyAnnouncement replies) {
    this.replies = replies;
    return this;
  }

  /** Handles a batch of events; true when there may be more. */
  public boolean runOnce() {
    return db.tx(
        tx -> {
          List<MailRepository.Event> events = repo.claimEvents(tx, 20);
          OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
          Batch batch = new Batch(events);
          for (MailRepository.Event e : events) {
            handle(tx, e, batch);
          }
          repo.markEventsProcessed(tx, events.stream().map(MailRepository.Event::id).toList(), now);
          return events.size() == 20;
        });
  }

  /**
   * What the events of one batch read, read once: the approved contributions with their
   * discussions, themes, titles and followers, so a burst of posts costs a few queries per batch
   * and not some ten per post. Everything is read in the batch's transaction or just before it, as
   * each event alone would read it.
   */
  private final class Batch {
    private final Map<Long, MailRepository.Contribution> contributions;
    private final Map<Long, MailRepository.Discussion> discussions;
    private final Map<Long, ModerationMailRepository.Detail> details;
    private final TranslatedTitles.Lookup titles;
    private final Map<String, Optional<MailRepository.Theme>> themes = new HashMap<>();
    private final Map<Long, List<MailRepository.Recipient>> followers = new HashMap<>();

    Batch(List<MailRepository.Event> events) {
      List<Long> approved =
          events.stream()
              .filter(
                  e ->
                      e.entityId() != null
                          && EventKind.CONTRIBUTION_APPROVED.code().equals(e.kind()))
              .map(MailRepository.Event::entityId)
              .distinct()
              .toList();
      contributions = new HashMap<>(repo.contributions(approved));
      List<Long> discussionIds =
          contributions.values().stream()
              .map(MailRepository.Contribution::discussionId)
              .distinct()
              .toList();
      discussions = repo.discussions(discussionIds);
      List<Long> announced =
          contributions.values().stream()
              .filter(c -> !c.imported())
              .map(MailRepository.Contribution::id)
              .toList();
      details = alerts == null ? Map.of() : alerts.details(announced);
      titles =
          discussionIds.isEmpty()
              ? new TranslatedTitles.Lookup(Map.of())
              : MailNotifier.this.titles.discussions(discussionIds, Messages.LANGUAGES);
    }

    Optional<MailRepository.Contribution> contribution(long id) {
      MailRepository.Contribution c = contributions.get(id);
      if (c == null) {
        c = repo.contribution(id).orElse(null);
        if (c != null) {
          contributions.put(id, c);
        }
      }
      return Optional.ofNullable(c);
    }

    Optional<MailRepository.Theme> theme(long discussionId, int week) {
      return themes.computeIfAbsent(discussionId + "/" + week, k -> repo.theme(discussionId, week));
    }

    List<MailRepository.Recipient> followers(DSLContext tx, long discussionId) {
      return followers.computeIfAbsent(
          discussionId, d -> repo.subscribers(tx, d, List.of(Subscriptions.EACH)));
    }
  }

  private void handle(DSLContext tx, MailRepository.Event e, Batch batch) {
    if (e.entityId() == null) {
      return;
    }
    EventKind kind = EventKind.fromCode(e.kind()).orElse(null);
    if (kind == null) {
      log.debug("Event {} of unknown kind {} is ignored", e.id(), e.kind());
      return;
    }
    switch (kind) {
      case THEME_PUBLISHED -> themePublished(tx, e.entityId());
      case CONTRIBUTION_APPROVED -> {
        // an imported message approved later is still history: neither subscribers nor its
        // placeholder author hear of it
        MailRepository.Contribution c = batch.contribution(e.entityId()).orElse(null);
        if (c == null || c.imported()) {
          return;
        }
        contributionApproved(tx, c, batch);
        ModerationMailRepository.Detail detail = batch.details.get(c.id());
        if (alerts != null
            && detail != null
            && alerts.approved(tx, detail, batch.titles)
            && Subscriptions.EACH.equals(Subscriptions.JOIN_DEFAULT)) {
          // the author follows the discussion now and hears of the next posts at once
          batch.followers.remove(c.discussionId());
        }
      }
      case REPLY_PUBLISHED -> {
        if (replies != null) {
          replies.published(tx, e.entityId());
        }
      }
      case CONTRIBUTION_HELD -> {
        if (alerts != null) {
          alerts.held(tx, e.entityId());
        }
      }
      case CONTRIBUTION_FLAGGED -> {
        if (alerts != null) {
          alerts.flagged(tx, e.entityId());
        }
      }
      // CONTRIBUTION_REJECTED: the moderation feature writes its notice with the decision itself
      default -> {
        var handler = handlers.get(kind);
        if (handler != null) {
          handler.accept(tx, e.entityId());
        } else {
          log.debug("Event {} of kind {} needs no mail", e.id(), e.kind());
        }
      }
    }
  }

  /** The member's language, or every language the discussion welcomes when they chose none. */
  static List<String> languagesFor(Optional<String> preferred, MailRepository.Discussion d) {
    Optional<String> p = preferred.filter(Messages::isSupported);
    if (p.isPresent()) {
      return List.of(p.get());
    }
    List<String> welcomed =
        d.welcomedLanguages().stream().filter(Messages::isSupported).distinct().toList();
    return welcomed.isEmpty() ? List.of(Messages.DEFAULT_LANGUAGE) : welcomed;
  }

  private Map<String, Object> discussionModel(MailRepository.Discussion d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", d.title());
    m.put("postAddress", addresses.post(d.slug()));
    m.put("helpAddress", addresses.command(d.slug(), MailRoute.Action.HELP));
    m.put("digestAddress", addresses.command(d.slug(), MailRoute.Action.DIGEST));
    m.put("url", baseUrl + "/d/" + d.slug());
    return m;
  }

  private void themePublished(DSLContext tx, long themeId) {
    Optional<MailRepository.Theme> theme = repo.theme(themeId);
    if (theme.isEmpty()) {
      return;
    }
    MailRepository.Theme t = theme.get();
    MailRepository.Discussion d = repo.discussion(t.discussionId()).orElseThrow();
    if (!Visibility.publiclyAnnounced(d.draft())) {
      return;
    }
    TranslatedTitles.Lookup title = titles.discussion(d.id(), Messages.LANGUAGES);
    ThemeVersions versions = new ThemeVersions(t);
    for (MailRepository.Recipient r :
        repo.subscribers(
            tx,
            d.id(),
            List.of(Subscriptions.EACH, Subscriptions.DIGEST, Subscriptions.ANNOUNCEMENTS))) {
      outbox.enqueue(
          tx,
          themeMail(
              d,
              t,
              title,
              versions,
              r.memberId(),
              r.email(),
              r.displayName(),
              languagesFor(r.preferredLanguage(), d)));
    }
  }

  /**
   * The announcement of a theme to one subscriber, in their languages: what {@link #runOnce}
   * queues, and what the preview shows and the test copy sends.
   */
  private OutgoingMail themeMail(
      MailRepository.Discussion d,
      MailRepository.Theme t,
      TranslatedTitles.Lookup title,
      ThemeVersions versions,
      long memberId,
      String email,
      String name,
      List<String> languages) {
    Map<String, Object> model = discussionModel(d);
    model.put("name", name);
    model.put("week", t.week());
    model.put("weekAddress", addresses.week(d.slug(), t.week()));
    model.put("unsubscribeUrl", listMail.unsubscribeUrl(memberId, d.id()));
    // each language section carries the theme as the moderators wrote it in that language, when
    // they did
    OutgoingMail mail =
        composer.composeIn(
            "theme",
            email,
            memberId,
            languages,
            lang -> themeModel(inLanguage(model, d, title, lang), t, versions.in(lang)));
    return listMail
        .decorate(
            mail, d, memberId, d.title(), addresses.reply(tokens.replyToTheme(memberId, t.id())))
        .withHeader("Message-ID", addresses.themeMessageId(t.id()));
  }

  /**
   * The theme's announcement exactly as a subscriber reading {@code language} receives it, built by
   * the same code as the real mail, addressed to {@code memberId} (a moderator previewing it).
   * Empty when the theme does not exist.
   */
  public Optional<OutgoingMail> themePreview(
      long themeId, long memberId, String email, String name, String language) {
    Optional<MailRepository.Theme> theme = repo.theme(themeId);
    if (theme.isEmpty()) {
      return Optional.empty();
    }
    MailRepository.Theme t = theme.get();
    MailRepository.Discussion d = repo.discussion(t.discussionId()).orElseThrow();
    List<String> languages =
        language == null ? languagesFor(Optional.empty(), d) : List.of(language);
    return Optional.of(
        themeMail(
            d,
            t,
            titles.discussion(d.id(), languages),
            new ThemeVersions(t),
            memberId,
            email,
            name,
            languages));
  }

  /** Queues a test copy of a previewed mail to the moderator who asked for it. */
  public void sendTestCopy(OutgoingMail mail) {
    db.txRun(tx -> outbox.enqueue(tx, mail));
  }

  /** The common model with the discussion's title in the language of the section. */
  private static Map<String, Object> inLanguage(
      Map<String, Object> common,
      MailRepository.Discussion d,
      TranslatedTitles.Lookup title,
      String lang) {
    Map<String, Object> m = new java.util.LinkedHashMap<>(common);
    m.put("title", title.of(d.id(), lang, d.title()));
    return m;
  }

  /**
   * The theme's best version in each language, looked up once per language: an announcement to a
   * thousand subscribers reading three languages asks three times, not three thousand.
   */
  private final class ThemeVersions {
    private final MailRepository.Theme theme;
    private final Map<String, Optional<BestVersion>> byLanguage = new HashMap<>();

    ThemeVersions(MailRepository.Theme theme) {
      this.theme = theme;
    }

    Optional<BestVersion> in(String lang) {
      return byLanguage.computeIfAbsent(
          lang, l -> translations.best(ContentKind.THEME.code(), theme.id(), l));
    }
  }

  private static Map<String, Object> themeModel(
      Map<String, Object> common, MailRepository.Theme t, Optional<BestVersion> best) {
    Map<String, Object> m = new java.util.LinkedHashMap<>(common);
    String language = best.map(BestVersion::language).orElse(t.language());
    m.put(
        "themeTitle",
        best.map(BestVersion::title).filter(x -> x != null && !x.isBlank()).orElse(t.title()));
    m.put("question", best.map(BestVersion::body).orElse(t.question()));
    m.put("questionHtml", best.map(BestVersion::html).orElse(t.questionHtml()));
    m.put("contentLang", language);
    m.put("contentDir", Messages.isRightToLeft(language) ? "rtl" : "ltr");
    return m;
  }

  /** Ancestors of a contribution, nearest first, bounded so a long thread keeps a short header. */
  private List<String> ancestry(
      MailRepository.Contribution c, MailRepository.Theme theme, Batch batch) {
    List<String> refs = new ArrayList<>();
    Long parent = c.replyToId();
    for (int i = 0; i < 10 && parent != null; i++) {
      refs.add(0, addresses.contributionMessageId(parent));
      parent = batch.contribution(parent).map(MailRepository.Contribution::replyToId).orElse(null);
    }
    if (theme != null) {
      refs.add(0, addresses.themeMessageId(theme.id()));
    }
    return refs;
  }

  private void contributionApproved(DSLContext tx, MailRepository.Contribution c, Batch batch) {
    MailRepository.Discussion d = batch.discussions.get(c.discussionId());
    if (d == null || !Visibility.publiclyVisible(d.draft(), c.status())) {
      return;
    }
    MailRepository.Theme theme = batch.theme(d.id(), c.week()).orElse(null);
    List<String> refs = ancestry(c, theme, batch);
    String author = c.authorName() == null ? "" : c.authorName();
    TranslatedTitles.Lookup title = batch.titles;
    for (MailRepository.Recipient r : batch.followers(tx, d.id())) {
      if (c.authorId() != null && c.authorId() == r.memberId()) {
        continue;
      }
      Map<String, Object> model = discussionModel(d);
      model.put("name", r.displayName());
      model.put("author", author);
      model.put("week", c.week());
      model.put("themeTitle", theme == null ? "" : theme.title());
      model.put("body", c.body());
      model.put("bodyHtml", c.bodyHtml());
      model.put("contentLang", c.language());
      model.put("contentDir", Messages.isRightToLeft(c.language()) ? "rtl" : "ltr");
      model.put("contributionUrl", baseUrl + "/c/" + c.id());
      model.put("unsubscribeUrl", listMail.unsubscribeUrl(r.memberId(), d.id()));
      OutgoingMail mail =
          composer.composeIn(
              "contribution",
              r.email(),
              r.memberId(),
              languagesFor(r.preferredLanguage(), d),
              lang -> inLanguage(model, d, title, lang));
      mail =
          listMail
              .decorate(
                  mail,
                  d,
                  r.memberId(),
                  author,
                  addresses.reply(tokens.replyToContribution(r.memberId(), c.id())))
              .withHeader("Message-ID", addresses.contributionMessageId(c.id()));
      if (!refs.isEmpty()) {
        mail =
            mail.withHeader("In-Reply-To", refs.get(refs.size() - 1))
                .withHeader("References", String.join(" ", refs));
      }
      outbox.enqueue(tx, mail);
    }
  }
}
