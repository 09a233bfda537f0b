package org.indaba.mail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.indaba.account.ModeratorRights;
import org.indaba.db.RateLimiter;
import org.indaba.i18n.Messages;
import org.indaba.mail.out.OutgoingMail;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;

/**
 * What a discussion's moderators see of its mail: the announcement of a theme before it is
 * published, exactly as each language's subscribers will get it (with a test copy to themselves),
 * and the discussion's outgoing mail. Every call checks the moderator's right on the server.
 */
public final class ModeratorMail {
  /** Test copies a moderator may ask for in an hour. */
  public static final int TEST_COPIES_PER_HOUR = 10;

  private final MailRepository mail;
  private final FacilitationMailRepository repo;
  private final MailNotifier notifier;
  private final MailAddresses addresses;
  private final ModeratorRights access;
  private final RateLimiter limits;

  public ModeratorMail(
      MailRepository mail,
      FacilitationMailRepository repo,
      MailNotifier notifier,
      MailAddresses addresses,
      ModeratorRights access,
      RateLimiter limits) {
    this.mail = mail;
    this.repo = repo;
    this.notifier = notifier;
    this.addresses = addresses;
    this.access = access;
    this.limits = limits;
  }

  private MailRepository.Discussion moderated(Optional<Viewer> viewer, String slug) {
    if (viewer.isEmpty()) {
      throw new Refusal.Unauthenticated();
    }
    MailRepository.Discussion d = mail.discussionBySlug(slug).orElseThrow(Refusal::notFound);
    access.requireModerator(viewer, d.id());
    return d;
  }

  /** One language's announcement: {@code language} null for members who chose no language. */
  public record Preview(String language, OutgoingMail mail) {}

  /** The theme of a week and its announcement in each language its subscribers may read. */
  public record ThemePreviews(
      MailRepository.Discussion discussion, MailRepository.Theme theme, List<Preview> previews) {}

  public ThemePreviews themePreviews(Optional<Viewer> viewer, String slug, int week) {
    MailRepository.Discussion d = moderated(viewer, slug);
    MailRepository.Theme t = mail.theme(d.id(), week).orElseThrow(Refusal::notFound);
    Viewer v = viewer.get();
    List<Preview> out = new ArrayList<>();
    for (String lang : languages(d)) {
      notifier
          .themePreview(t.id(), v.id(), v.email(), v.displayName(), lang)
          .ifPresent(m -> out.add(new Preview(lang, m)));
    }
    // a member who chose no language gets every welcomed language in one mail
    if (out.size() > 1) {
      notifier
          .themePreview(t.id(), v.id(), v.email(), v.displayName(), null)
          .ifPresent(m -> out.add(new Preview(null, m)));
    }
    return new ThemePreviews(d, t, out);
  }

  private static List<String> languages(MailRepository.Discussion d) {
    List<String> langs =
        d.welcomedLanguages().stream().filter(Messages::isSupported).distinct().toList();
    return langs.isEmpty() ? List.of(Messages.DEFAULT_LANGUAGE) : langs;
  }

  /**
   * Sends the moderator a copy of the announcement in {@code language} (blank: the one for members
   * without a language), to their own address only; at most {@link #TEST_COPIES_PER_HOUR} an hour.
   */
  public void sendTestCopy(Optional<Viewer> viewer, String slug, int week, String language) {
    MailRepository.Discussion d = moderated(viewer, slug);
    MailRepository.Theme t = mail.theme(d.id(), week).orElseThrow(Refusal::notFound);
    String lang = language == null || language.isBlank() ? null : language;
    if (lang != null && !languages(d).contains(lang)) {
      throw Refusal.badRequest("error.badRequest");
    }
    Viewer v = viewer.get();
    if (!limits.tryAcquire(
        "theme-test-copy:" + v.id(), TEST_COPIES_PER_HOUR, Duration.ofHours(1))) {
      throw Refusal.tooManyRequests();
    }
    notifier.sendTestCopy(
        notifier
            .themePreview(t.id(), v.id(), v.email(), v.displayName(), lang)
            .orElseThrow(Refusal::notFound));
  }

  /** Mails a page of the outgoing-mail view lists. */
  public static final int OUTGOING_PAGE = 50;

  /**
   * Kinds whose text holds a link that acts for its recipient (confirming a message, completing the
   * profile of an account made by mail): their moderators see that they were sent, never what they
   * say.
   */
  static final Set<String> WITHHELD_KINDS = Set.of("confirm", "confirm-join", "joined");

  /**
   * Page {@code page} of {@code pages} of the mail written about the discussion, newest first
   * ({@code total} in all).
   */
  public record Outgoing(
      MailRepository.Discussion discussion,
      List<MailRepository.OutboxRow> mail,
      int total,
      int page,
      int pages) {}

  /**
   * The mail written about a discussion (list copies, announcements, digests, alerts, notices,
   * closing, summaries, consolidated replies), for its moderators, paged.
   */
  public Outgoing outgoing(Optional<Viewer> viewer, String slug, int page) {
    MailRepository.Discussion d = moderated(viewer, slug);
    int total = repo.outboxCountOf(d.id());
    int pages = Math.max(1, (total + OUTGOING_PAGE - 1) / OUTGOING_PAGE);
    int n = Math.max(1, Math.min(page, pages));
    return new Outgoing(
        d, repo.outboxOf(d.id(), (n - 1) * OUTGOING_PAGE, OUTGOING_PAGE), total, n, pages);
  }

  /**
   * One mail as its discussion's moderators may read it: {@code withheld} when its text is the
   * recipient's alone ({@link #WITHHELD_KINDS}); otherwise with every signed token (reply and
   * confirmation addresses, unsubscribe and profile links) masked, since a token together with a
   * forged {@code From} would act for the recipient.
   */
  public record Shown(MailRepository.OutboxRow mail, boolean withheld) {}

  public Shown outgoingMail(Optional<Viewer> viewer, String slug, long id) {
    MailRepository.Discussion d = moderated(viewer, slug);
    MailRepository.OutboxRow m = repo.outboxMailOf(id, d.id()).orElseThrow(Refusal::notFound);
    if (WITHHELD_KINDS.contains(m.kind())) {
      return new Shown(withText(m, null, null), true);
    }
    return new Shown(withText(m, masked(m.headers()), masked(m.textBody())), false);
  }

  private static MailRepository.OutboxRow withText(
      MailRepository.OutboxRow m, String headers, String text) {
    return new MailRepository.OutboxRow(
        m.id(),
        m.recipient(),
        m.kind(),
        m.subject(),
        m.status(),
        m.attempts(),
        m.lastError(),
        m.createdAt(),
        m.sentAt(),
        text,
        headers,
        m.bodyRemovedAt());
  }

  private static final Pattern TOKEN_ADDRESS =
      Pattern.compile("\\b(reply|confirm|bounce)\\+[^@\\s<>\"]+@");
  private static final Pattern TOKEN_LINK =
      Pattern.compile("/(unsubscribe|mail/confirm|join/profile)/[^\\s<>\"?#]+");

  /** The text with the signed part of every token address and link replaced by "…". */
  static String masked(String text) {
    if (text == null) {
      return null;
    }
    String out = TOKEN_ADDRESS.matcher(text).replaceAll("$1+…@");
    return TOKEN_LINK.matcher(out).replaceAll("/$1/…");
  }
}
