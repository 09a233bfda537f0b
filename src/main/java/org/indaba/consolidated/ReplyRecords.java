package org.indaba.consolidated;

import java.time.OffsetDateTime;
import java.util.List;
import org.indaba.i18n.Messages;
import org.indaba.moderation.ModerationRecords.DiscussionRef;

/** Consolidated replies and what their pages show. */
public final class ReplyRecords {
  private ReplyRecords() {}

  public record Reply(
      long id,
      long discussionId,
      String language,
      String title,
      String body,
      String bodyHtml,
      String status,
      OffsetDateTime publishedAt,
      OffsetDateTime updatedAt) {
    public boolean published() {
      return "published".equals(status);
    }

    public String dir() {
      return Messages.isRightToLeft(language) ? "rtl" : "ltr";
    }
  }

  /** Another language's version, as the language links show it. */
  public record Version(String language, String title, boolean published) {}

  public record Contributor(String name, String organisation, String country) {}

  public record WeekContributors(int week, List<Contributor> contributors) {}

  public record ReplyView(
      DiscussionRef discussion,
      Reply reply,
      List<Version> otherVersions,
      List<WeekContributors> contributors,
      boolean canModerate,
      String permalink,
      List<org.indaba.moderation.ContributionCitations.Cited> cited) {}

  public record EditForm(
      DiscussionRef discussion,
      String language,
      Reply existing,
      List<WeekContributors> contributors,
      List<CitableWeek> citable,
      List<org.indaba.moderation.ContributionCitations.Cited> cited) {
    public List<org.indaba.moderation.ContributionCitations.Cited> unresolved() {
      return cited.stream().filter(c -> !c.resolved()).toList();
    }
  }

  /** A contribution the editor offers to cite, with the code to paste. */
  public record Citable(long id, String authorName, String excerpt) {
    public String code() {
      return "[#" + id + "]";
    }
  }

  public record CitableWeek(int week, List<Citable> contributions) {}
}
