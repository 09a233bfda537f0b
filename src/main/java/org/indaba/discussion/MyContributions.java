package org.indaba.discussion;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.indaba.i18n.ContentLanguages;
import org.indaba.model.ContributionStatus;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;

/**
 * What a member has contributed and what became of it: waiting for moderation, published, rejected
 * (with the moderator's reason) or removed. Only the author sees this list.
 */
public final class MyContributions {
  public static final int LIMIT = 500;
  public static final String WAITING = "waiting";
  public static final String PUBLISHED = "published";
  public static final String REJECTED = "rejected";
  public static final String REMOVED = "removed";

  private final MyContributionsRepository repo;

  public MyContributions(MyContributionsRepository repo) {
    this.repo = repo;
  }

  public record Item(
      long id,
      String discussionSlug,
      String discussionTitle,
      int week,
      String status,
      String reason,
      String excerpt,
      String language,
      OffsetDateTime createdAt) {
    public String path() {
      return "/c/" + id;
    }

    public String statusKey() {
      return "facilitation.mine.status." + status;
    }

    public String lang() {
      return ContentLanguages.langAttribute(language);
    }

    public String dir() {
      return ContentLanguages.dir(language);
    }
  }

  static String statusOf(ContributionStatus stored) {
    return switch (stored) {
      case PENDING -> WAITING;
      case APPROVED -> PUBLISHED;
      case REJECTED -> REJECTED;
      default -> REMOVED;
    };
  }

  public List<Item> of(Optional<Viewer> viewer) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    return repo.byAuthor(v.id(), LIMIT).stream()
        .map(
            r -> {
              String status = statusOf(r.status());
              String reason =
                  switch (status) {
                    case REJECTED -> r.rejectReason();
                    case REMOVED -> r.deletedReason();
                    default -> null;
                  };
              return new Item(
                  r.id(),
                  r.discussionSlug(),
                  r.discussionTitle(),
                  r.week(),
                  status,
                  reason,
                  r.excerpt(),
                  r.language(),
                  r.createdAt());
            })
        .toList();
  }
}
