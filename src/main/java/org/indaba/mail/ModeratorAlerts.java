package org.indaba.mail;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.i18n.ContentLanguages;
import org.indaba.i18n.Messages;
import org.indaba.mail.ModerationMailRepository.Detail;
import org.indaba.mail.ModerationMailRepository.Moderator;
import org.indaba.mail.out.MailComposer;
import org.indaba.mail.out.MailOutbox;
import org.indaba.mail.out.OutgoingMail;
import org.indaba.model.ContributionStatus;
import org.indaba.translation.TranslatedTitles;
import org.jooq.DSLContext;

/**
 * Nobody waits unseen: a held or flagged contribution is mailed to each moderator of its discussion
 * at once, or kept for their digest, as they chose. Each alert carries everything needed to judge
 * it and a reply address bound to that moderator and that contribution, so answering "approve" or
 * "reject" with a reason decides it. Authors hear that their mailed post waits, and when it is
 * published, in their language unless they switched these notices off.
 */
public final class ModeratorAlerts {
  public static final String HELD = "held";
  public static final String FLAGGED = "flagged";
  static final int EXCERPT = 600;

  private final ModerationMailRepository repo;
  private final MailComposer composer;
  private final MailOutbox outbox;
  private final MailAddresses addresses;
  private final MailTokens tokens;
  private final Clock clock;
  private final String baseUrl;
  private final Subscriptions subscriptions;
  private final TranslatedTitles titles;

  public ModeratorAlerts(
      ModerationMailRepository repo,
      Subscriptions subscriptions,
      MailComposer composer,
      MailOutbox outbox,
      MailAddresses addresses,
      MailTokens tokens,
      TranslatedTitles titles,
      Clock clock,
      String baseUrl) {
    this.titles = titles;
    this.repo = repo;
    this.subscriptions = subscriptions;
    this.composer = composer;
    this.outbox = outbox;
    this.addresses = addresses;
    this.tokens = tokens;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  static String languageOf(String preferred) {
    return preferred != null && Messages.isSupported(preferred)
        ? preferred
        : Messages.DEFAULT_LANGUAGE;
  }

  /** A contribution was held: its moderators are told, and a mailing author hears it waits. */
  public void held(DSLContext tx, long contributionId) {
    Optional<Detail> found = repo.detail(contributionId);
    if (found.isEmpty() || found.get().status() != ContributionStatus.PENDING) {
      return;
    }
    Detail d = found.get();
    joinAuthor(tx, d);
    TranslatedTitles.Lookup title = titles.discussion(d.discussionId(), Messages.LANGUAGES);
    alertModerators(tx, d, HELD, title);
    if ("email".equals(d.source())) {
      authorNotice(tx, d, "contribution-received", title);
    }
  }

  /** A published contribution was flagged: its moderators are told. */
  public void flagged(DSLContext tx, long contributionId) {
    Optional<Detail> found = repo.detail(contributionId);
    if (found.isEmpty() || found.get().status() != ContributionStatus.APPROVED) {
      return;
    }
    alertModerators(
        tx,
        found.get(),
        FLAGGED,
        titles.discussion(found.get().discussionId(), Messages.LANGUAGES));
  }

  /**
   * A contribution was published: its author follows the discussion from now on (unless they chose
   * otherwise before), and hears it is published when it had been held. The contribution was read
   * beforehand with others of a batch ({@link #details}). True when its author joined the
   * discussion now, so a list of its followers read before is out of date.
   */
  boolean approved(DSLContext tx, Detail d, TranslatedTitles.Lookup title) {
    if (d.status() != ContributionStatus.APPROVED) {
      return false;
    }
    boolean joined = joinAuthor(tx, d);
    if (d.holdReason() != null) {
      authorNotice(tx, d, "contribution-published", title);
    }
    return joined;
  }

  /** Contributions as {@link #approved(DSLContext, Detail, TranslatedTitles.Lookup)} reads them. */
  Map<Long, Detail> details(java.util.Collection<Long> contributionIds) {
    return repo.details(contributionIds);
  }

  /** Members who post join the discussion, unless they already chose a mode (leaving included). */
  private boolean joinAuthor(DSLContext tx, Detail d) {
    return d.authorId() != null
        && !"import".equals(d.source())
        && subscriptions.joinIfNew(tx, d.discussionId(), d.authorId());
  }

  private void alertModerators(
      DSLContext tx, Detail d, String kind, TranslatedTitles.Lookup title) {
    List<ModerationMailRepository.Flag> flags =
        FLAGGED.equals(kind) ? repo.openFlags(d.id()) : List.of();
    for (Moderator m : repo.moderatorsOf(tx, d.discussionId())) {
      if (d.authorId() != null && d.authorId() == m.id()) {
        continue;
      }
      switch (m.prefs().moderationMode()) {
        case ModerationMailRepository.EACH ->
            outbox.enqueue(
                tx,
                alert(
                    m,
                    d,
                    kind,
                    flags,
                    title.of(d.discussionId(), languageOf(m.language()), d.discussionTitle())));
        case ModerationMailRepository.DIGEST -> {
          repo.startDigestClock(tx, m.id(), now());
          repo.addAlert(tx, m.id(), d.id(), kind, now());
        }
        default -> {}
      }
    }
  }

  /**
   * Everything the templates show of one contribution; {@code discussionTitle} in the moderator's
   * language.
   */
  Map<String, Object> itemModel(
      Moderator m, Detail d, String kind, List<?> flags, String discussionTitle) {
    Map<String, Object> item = new LinkedHashMap<>();
    // as text: a number argument would be written with digit grouping ("1,234")
    item.put("id", String.valueOf(d.id()));
    item.put("kind", kind);
    item.put("flagged", FLAGGED.equals(kind));
    item.put("flags", flags);
    item.put("discussionTitle", discussionTitle);
    item.put("week", d.week());
    item.put("themeTitle", d.themeTitle() == null ? "" : d.themeTitle());
    item.put("authorName", d.authorName());
    item.put("authorEmail", d.authorEmail());
    item.put("member", d.authorId() != null);
    item.put("organisation", blankToNull(d.organisation()));
    item.put("country", blankToNull(d.country()));
    item.put("language", d.language());
    item.put("contentLang", ContentLanguages.langAttribute(d.language()));
    item.put("contentDir", Messages.isRightToLeft(d.language()) ? "rtl" : "ltr");
    item.put("holdReason", d.holdReason());
    item.put("body", d.body());
    item.put("bodyHtml", d.bodyHtml());
    item.put("createdAt", d.createdAt());
    List<Map<String, Object>> files = new ArrayList<>();
    for (ModerationMailRepository.Attachment a : d.attachments()) {
      files.add(
          Map.of(
              "filename",
              a.filename(),
              "contentType",
              a.contentType(),
              "size",
              a.sizeBytes(),
              "url",
              baseUrl + "/c/" + d.id() + "/attachments/" + a.id()));
    }
    item.put("attachments", files);
    if (d.parent() != null) {
      String body = d.parent().body();
      item.put(
          "parent",
          Map.of(
              "id",
              d.parent().id(),
              "authorName",
              d.parent().authorName(),
              "excerpt",
              body.length() > EXCERPT ? body.substring(0, EXCERPT) + "…" : body,
              "url",
              baseUrl + "/c/" + d.parent().id()));
    }
    item.put("url", baseUrl + "/c/" + d.id());
    item.put("queueUrl", baseUrl + "/moderation/" + d.discussionSlug());
    item.put("replyAddress", addresses.reply(tokens.moderation(m.id(), d.id())));
    return item;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  OutgoingMail alert(Moderator m, Detail d, String kind, List<?> flags, String discussionTitle) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", m.displayName());
    model.put("item", itemModel(m, d, kind, flags, discussionTitle));
    model.put("discussionTitle", discussionTitle);
    model.put("preferencesUrl", baseUrl + "/profile#notices-heading");
    String reply = addresses.reply(tokens.moderation(m.id(), d.id()));
    return composer
        .compose("moderation-alert", m.email(), m.id(), languageOf(m.language()), model)
        .about(d.discussionId())
        .withHeader("Reply-To", reply)
        .withHeader("Auto-Submitted", "auto-generated");
  }

  private void authorNotice(DSLContext tx, Detail d, String kind, TranslatedTitles.Lookup title) {
    // only members hear of their posts: a non-member's address may be forged, and a notice to it
    // would be mail to a stranger
    if (d.authorId() == null || d.authorEmail() == null || !d.authorNotices()) {
      return;
    }
    String lang =
        d.authorLanguage() != null && Messages.isSupported(d.authorLanguage())
            ? d.authorLanguage()
            : Messages.isSupported(d.language()) ? d.language() : Messages.DEFAULT_LANGUAGE;
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", d.authorName());
    model.put("discussionTitle", title.of(d.discussionId(), lang, d.discussionTitle()));
    model.put("week", d.week());
    model.put("body", d.body());
    model.put("url", baseUrl + "/c/" + d.id());
    model.put("mineUrl", baseUrl + "/me/contributions");
    model.put("preferencesUrl", baseUrl + "/profile#notices-heading");
    outbox.enqueue(
        tx,
        composer
            .compose(kind, d.authorEmail(), d.authorId(), lang, model)
            .about(d.discussionId())
            .withHeader("Auto-Submitted", "auto-generated"));
  }

  /** Tells a moderator who answered an alert by mail what their answer did. */
  public void decided(
      DSLContext tx,
      long moderatorId,
      long contributionId,
      MailModeration.Verdict verdict,
      String reason) {
    Optional<Moderator> m = repo.moderator(moderatorId);
    if (m.isEmpty()) {
      return;
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", m.get().displayName());
    model.put("id", String.valueOf(contributionId));
    model.put("verdict", verdict.code());
    model.put("reason", reason);
    model.put("url", baseUrl + "/c/" + contributionId);
    model.put("queueUrl", baseUrl + "/moderation");
    Optional<Detail> about = repo.detail(contributionId);
    about.ifPresent(
        d -> {
          String lang = languageOf(m.get().language());
          model.put(
              "discussionTitle",
              titles
                  .discussion(d.discussionId(), List.of(lang))
                  .of(d.discussionId(), lang, d.discussionTitle()));
          model.put("queueUrl", baseUrl + "/moderation/" + d.discussionSlug());
        });
    OutgoingMail mail =
        composer
            .compose(
                "moderation-done",
                m.get().email(),
                m.get().id(),
                languageOf(m.get().language()),
                model)
            .withHeader("Auto-Submitted", "auto-replied");
    if (about.isPresent()) {
      mail = mail.about(about.get().discussionId());
    }
    // an answer that did nothing can be corrected by replying again to the same address
    if (verdict == MailModeration.Verdict.REASON_MISSING
        || verdict == MailModeration.Verdict.NOT_UNDERSTOOD) {
      mail =
          mail.withHeader(
              "Reply-To", addresses.reply(tokens.moderation(moderatorId, contributionId)));
    }
    outbox.enqueue(tx, mail);
  }

  /** Sends one due moderation digest; true when there may be more. */
  public boolean runDigestsOnce(org.indaba.db.Database db) {
    return db.tx(
        tx -> {
          Optional<Long> due = repo.claimDueDigest(tx, now());
          if (due.isEmpty()) {
            return false;
          }
          long moderatorId = due.get();
          List<ModerationMailRepository.Alert> alerts = repo.takeAlerts(tx, moderatorId, now());
          Optional<Moderator> m = repo.moderator(moderatorId);
          if (m.isEmpty()) {
            return true;
          }
          record Open(Detail detail, String kind, List<?> flags) {}
          // every alert's contribution and flags read at once, however many the digest holds
          List<Long> ids =
              alerts.stream().map(ModerationMailRepository.Alert::contributionId).toList();
          Map<Long, Detail> details = repo.details(ids);
          Map<Long, List<ModerationMailRepository.Flag>> openFlags =
              repo.openFlags(
                  alerts.stream()
                      .filter(a -> FLAGGED.equals(a.kind()))
                      .map(ModerationMailRepository.Alert::contributionId)
                      .toList());
          List<Open> open = new ArrayList<>();
          for (ModerationMailRepository.Alert a : alerts) {
            Detail d = details.get(a.contributionId());
            // decided since it was held (or the flags settled): nothing left to ask
            if (d == null) {
              continue;
            }
            List<ModerationMailRepository.Flag> flags =
                FLAGGED.equals(a.kind()) ? openFlags.getOrDefault(d.id(), List.of()) : List.of();
            boolean stillOpen =
                HELD.equals(a.kind())
                    ? d.status() == ContributionStatus.PENDING
                    : d.status() == ContributionStatus.APPROVED && !flags.isEmpty();
            if (stillOpen) {
              open.add(new Open(d, a.kind(), flags));
            }
          }
          // the titles of every discussion the digest names, in the moderator's language, at once
          String lang = languageOf(m.get().language());
          TranslatedTitles.Lookup title =
              titles.discussions(
                  open.stream().map(o -> o.detail().discussionId()).toList(), List.of(lang));
          List<Map<String, Object>> items = new ArrayList<>();
          for (Open o : open) {
            Detail d = o.detail();
            items.add(
                itemModel(
                    m.get(),
                    d,
                    o.kind(),
                    o.flags(),
                    title.of(d.discussionId(), lang, d.discussionTitle())));
          }
          if (!items.isEmpty()) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", m.get().displayName());
            model.put("items", items);
            model.put("count", items.size());
            model.put("preferencesUrl", baseUrl + "/profile#notices-heading");
            outbox.enqueue(
                tx,
                composer
                    .compose(
                        "moderation-digest",
                        m.get().email(),
                        m.get().id(),
                        languageOf(m.get().language()),
                        model)
                    .withHeader("Auto-Submitted", "auto-generated"));
          }
          return true;
        });
  }
}
