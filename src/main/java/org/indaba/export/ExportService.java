package org.indaba.export;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.consolidated.ReplyRecords.Reply;
import org.indaba.consolidated.ReplyService;
import org.indaba.consolidated.WeekSummaryRepository;
import org.indaba.discussion.ContributionView;
import org.indaba.discussion.Discussion;
import org.indaba.discussion.DiscussionReader;
import org.indaba.discussion.DiscussionStatus;
import org.indaba.discussion.Theme;
import org.indaba.model.ContentKind;
import org.indaba.model.Viewer;
import org.indaba.translation.Translation;
import org.indaba.translation.TranslationService;
import org.indaba.visibility.Visibility;

/**
 * A whole discussion in one piece, for the JSON, CSV, print and PDF exports. An export is meant to
 * be passed on, so it holds what every reader of the discussion may read, whoever asks for it:
 * published weeks, approved contributions, published summaries and consolidated replies. A draft
 * discussion can be exported by its moderators only (it does not exist for anyone else), and then
 * holds no contribution at all.
 */
public final class ExportService {
  private final DiscussionReader reader;
  private final ReplyService replies;
  private final WeekSummaryRepository summaries;
  private final TranslationService translations;
  private final Clock clock;

  public ExportService(
      DiscussionReader reader,
      ReplyService replies,
      WeekSummaryRepository summaries,
      TranslationService translations,
      Clock clock) {
    this.reader = reader;
    this.replies = replies;
    this.summaries = summaries;
    this.translations = translations;
    this.clock = clock;
  }

  /** One published week: its theme, its published summaries (one per language) and posts. */
  public record Week(
      Theme theme,
      List<Translation> themeTranslations,
      List<WeekSummaryRepository.Summary> summaries,
      List<ContributionView> contributions) {
    public int number() {
      return theme.week();
    }
  }

  /** A published consolidated reply in one language, with its translations into others. */
  public record ReplyVersion(Reply reply, List<Translation> translations) {}

  public record Export(
      Discussion discussion,
      DiscussionStatus status,
      Instant exportedAt,
      List<Translation> introductionTranslations,
      List<Week> weeks,
      List<ReplyVersion> replies) {

    /** Every contribution of every week, week by week in time order. */
    public List<ContributionView> contributions() {
      return weeks.stream().flatMap(w -> w.contributions().stream()).toList();
    }

    public long contributionCount() {
      return weeks.stream().mapToLong(w -> w.contributions().size()).sum();
    }
  }

  /** The discussion as every reader may read it; 404 when the viewer may not see it at all. */
  public Export export(Optional<Viewer> viewer, String slug) {
    DiscussionReader.Detail detail = reader.detail(viewer, slug);
    Discussion d = detail.discussion();
    List<Theme> published = detail.themes().stream().filter(Theme::published).toList();
    Map<Integer, List<ContributionView>> byWeek = new LinkedHashMap<>();
    for (ContributionView c : reader.contributions(viewer, slug, null)) {
      if (Visibility.publiclyVisible(d.draft(), c.c().status())) {
        byWeek.computeIfAbsent(c.c().week(), w -> new ArrayList<>()).add(c);
      }
    }
    Map<Integer, List<WeekSummaryRepository.Summary>> summariesByWeek = new LinkedHashMap<>();
    for (WeekSummaryRepository.Summary s : summaries.ofDiscussion(d.id())) {
      if (s.published()) {
        summariesByWeek.computeIfAbsent(s.week(), w -> new ArrayList<>()).add(s);
      }
    }
    List<Week> weeks = new ArrayList<>();
    for (Theme t : published) {
      weeks.add(
          new Week(
              t,
              translations.all(ContentKind.THEME.code(), t.id()),
              summariesByWeek.getOrDefault(t.week(), List.of()),
              byWeek.getOrDefault(t.week(), List.of())));
    }
    List<ReplyVersion> versions = new ArrayList<>();
    for (Reply r : replies.publishedVersions(viewer, slug)) {
      versions.add(new ReplyVersion(r, translations.all(ContentKind.REPLY.code(), r.id())));
    }
    return new Export(
        d,
        detail.status(),
        clock.instant(),
        translations.all(ContentKind.DISCUSSION.code(), d.id()),
        weeks,
        versions);
  }
}
