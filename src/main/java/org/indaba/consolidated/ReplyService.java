package org.indaba.consolidated;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.indaba.account.ModeratorRights;
import org.indaba.consolidated.ReplyRecords.Contributor;
import org.indaba.consolidated.ReplyRecords.EditForm;
import org.indaba.consolidated.ReplyRecords.Reply;
import org.indaba.consolidated.ReplyRecords.ReplyView;
import org.indaba.consolidated.ReplyRecords.Version;
import org.indaba.consolidated.ReplyRecords.WeekContributors;
import org.indaba.content.MarkdownRenderer;
import org.indaba.db.Changes;
import org.indaba.db.Database;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.moderation.ContributionCitations;
import org.indaba.moderation.ModerationRecords.DiscussionRef;
import org.indaba.moderation.ModerationRepository;

/**
 * The moderators' synthesis of a discussion, one per language: written as a draft, published once,
 * then readable by everyone at a stable address. Drafts do not exist for readers (404).
 */
public final class ReplyService {
  public static final int MAX_TITLE = 300;
  public static final int MAX_BODY = 200_000;
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

  private final Database db;
  private final ReplyRepository repo;
  private final ModerationRepository discussions;
  private final ModeratorRights access;
  private final Changes changes;
  private final ContributionCitations citations;
  private final Clock clock;
  private final String baseUrl;

  public ReplyService(
      Database db,
      ReplyRepository repo,
      ModerationRepository discussions,
      ModeratorRights access,
      Changes changes,
      ContributionCitations citations,
      Clock clock,
      String baseUrl) {
    this.db = db;
    this.repo = repo;
    this.discussions = discussions;
    this.access = access;
    this.changes = changes;
    this.citations = citations;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  public static String path(String slug, String language) {
    return "/d/" + slug + "/reply/" + language;
  }

  private static String checkedLanguage(String language) {
    if (language == null || !LANGUAGE.matcher(language).matches()) {
      throw Refusal.notFound();
    }
    return language;
  }

  /**
   * The discussion, if the viewer may see it at all (draft discussions are for their moderators).
   */
  private Visible visibleDiscussion(Optional<Viewer> viewer, String slug) {
    DiscussionRef d = discussions.discussionBySlug(slug).orElseThrow(Refusal::notFound);
    boolean moderates = access.canModerate(viewer, d.id());
    if (d.draft() && !moderates) {
      throw Refusal.notFound();
    }
    return new Visible(d, moderates);
  }

  private record Visible(DiscussionRef discussion, boolean moderates) {}

  private DiscussionRef moderatedDiscussion(Optional<Viewer> viewer, String slug) {
    if (viewer.isEmpty()) {
      throw new Refusal.Unauthenticated();
    }
    DiscussionRef d = discussions.discussionBySlug(slug).orElseThrow(Refusal::notFound);
    access.requireModerator(viewer, d.id());
    return d;
  }

  public ReplyView view(Optional<Viewer> viewer, String slug, String language) {
    String lang = checkedLanguage(language);
    Visible visible = visibleDiscussion(viewer, slug);
    DiscussionRef d = visible.discussion();
    boolean moderates = visible.moderates();
    Reply reply =
        repo.find(d.id(), lang)
            .filter(r -> r.published() || moderates)
            .orElseThrow(Refusal::notFound);
    List<Version> others =
        repo.versions(d.id()).stream()
            .filter(v -> !v.language().equals(lang) && (v.published() || moderates))
            .toList();
    return new ReplyView(
        d,
        reply,
        others,
        contributors(d.id()),
        moderates,
        baseUrl + path(d.slug(), lang),
        citations.cited(d.id(), reply.body()));
  }

  public EditForm editForm(Optional<Viewer> viewer, String slug, String language) {
    String lang = checkedLanguage(language);
    DiscussionRef d = moderatedDiscussion(viewer, slug);
    Reply existing = repo.find(d.id(), lang).orElse(null);
    return new EditForm(
        d,
        lang,
        existing,
        contributors(d.id()),
        citable(d.id()),
        existing == null ? List.of() : citations.cited(d.id(), existing.body()));
  }

  /** Every approved contribution of the discussion, week by week, for the editor to cite. */
  List<ReplyRecords.CitableWeek> citable(long discussionId) {
    Map<Integer, List<ReplyRecords.Citable>> byWeek = new java.util.TreeMap<>();
    for (ReplyRepository.CitableRow r : repo.citable(discussionId)) {
      String text = r.body() == null ? "" : r.body().strip().replaceAll("\\s+", " ");
      byWeek
          .computeIfAbsent(r.week(), w -> new java.util.ArrayList<>())
          .add(
              new ReplyRecords.Citable(
                  r.id(),
                  r.authorName(),
                  text.length() > 160 ? text.substring(0, 160) + "…" : text));
    }
    return byWeek.entrySet().stream()
        .map(e -> new ReplyRecords.CitableWeek(e.getKey(), e.getValue()))
        .toList();
  }

  /** Saves the text; a published reply is corrected in place (and re-indexed). */
  public void save(
      Optional<Viewer> viewer, String slug, String language, String title, String body) {
    String lang = checkedLanguage(language);
    DiscussionRef d = moderatedDiscussion(viewer, slug);
    Viewer v = viewer.orElseThrow();
    String t = title == null ? "" : title.strip();
    String b = body == null ? "" : body.strip();
    Map<String, String> errors = new LinkedHashMap<>();
    if (t.isEmpty()) {
      errors.put("title", "moderation.reply.error.titleRequired");
    } else if (t.length() > MAX_TITLE) {
      errors.put("title", "moderation.reply.error.titleTooLong");
    }
    if (b.isEmpty()) {
      errors.put("body", "moderation.reply.error.bodyRequired");
    } else if (b.length() > MAX_BODY) {
      errors.put("body", "security.limit.reply");
    }
    if (!errors.isEmpty()) {
      throw new Refusal.Invalid(errors);
    }
    String html = MarkdownRenderer.render(b, citations.resolverFor(d.id(), b));
    db.txRun(
        tx -> {
          long id = repo.save(tx, d.id(), lang, t, b, html, v.id(), OffsetDateTime.now(clock));
          changes.replySaved(
              tx, v.id(), d.id(), id, repo.find(d.id(), lang).map(Reply::published).orElse(false));
        });
  }

  public void publish(Optional<Viewer> viewer, String slug, String language) {
    publish(viewer, slug, language, false);
  }

  /**
   * Publishes the draft. A citation that does not resolve to an approved contribution of this
   * discussion stops publication unless the moderator confirms it (it stays plain text).
   */
  public void publish(
      Optional<Viewer> viewer, String slug, String language, boolean despiteUnresolved) {
    String lang = checkedLanguage(language);
    DiscussionRef d = moderatedDiscussion(viewer, slug);
    Viewer v = viewer.orElseThrow();
    Reply draft = repo.find(d.id(), lang).orElseThrow(Refusal::notFound);
    List<String> unresolved =
        citations.cited(d.id(), draft.body()).stream()
            .filter(c -> !c.resolved())
            .map(c -> "[#" + c.id() + "]")
            .toList();
    if (!unresolved.isEmpty() && !despiteUnresolved) {
      throw Refusal.conflict("facilitation.reply.unresolvedRefused", String.join(", ", unresolved));
    }
    // citations are resolved again: contributions approved since the last save now link
    String html =
        MarkdownRenderer.render(draft.body(), citations.resolverFor(d.id(), draft.body()));
    db.txRun(
        tx -> {
          if (!repo.publish(tx, draft.id(), html, OffsetDateTime.now(clock))) {
            throw Refusal.conflict("moderation.reply.error.alreadyPublished");
          }
          changes.replyPublished(tx, v.id(), d.id(), draft.id());
        });
  }

  /** The published version of the reply in each language, for exports of the discussion. */
  public List<Reply> publishedVersions(Optional<Viewer> viewer, String slug) {
    return repo.published(visibleDiscussion(viewer, slug).discussion().id());
  }

  /** Published replies of a discussion for the JSON API. */
  public List<Map<String, Object>> publishedReplies(Optional<Viewer> viewer, String slug) {
    DiscussionRef d = visibleDiscussion(viewer, slug).discussion();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Reply r : repo.published(d.id())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("language", r.language());
      m.put("title", r.title());
      m.put("url", baseUrl + path(d.slug(), r.language()));
      m.put(
          "publishedAt",
          DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
              r.publishedAt().withOffsetSameInstant(ZoneOffset.UTC)));
      m.put("html", r.bodyHtml());
      out.add(m);
    }
    return out;
  }

  /** "Contributions received from": approved authors, grouped by discussion week. */
  List<WeekContributors> contributors(long discussionId) {
    Map<Integer, List<Contributor>> byWeek = new LinkedHashMap<>();
    for (ReplyRepository.ContributorRow row : repo.contributors(discussionId)) {
      if (row.name().isBlank()) {
        continue;
      }
      byWeek
          .computeIfAbsent(row.week(), w -> new ArrayList<>())
          .add(new Contributor(row.name(), row.organisation(), row.country()));
    }
    List<WeekContributors> out = new ArrayList<>();
    byWeek.forEach((week, people) -> out.add(new WeekContributors(week, List.copyOf(people))));
    return out;
  }
}
