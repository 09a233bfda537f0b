package org.indaba.library;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.indaba.model.ContributionStatus;

/** What the library's repository returns; templates and the API read these, never jOOQ rows. */
public final class LibraryRecords {
  private LibraryRecords() {}

  public static final String PUBLISHED = "published";
  public static final String SUGGESTED = "suggested";
  public static final String REJECTED = "rejected";

  /** One resource row. */
  public record Resource(
      long id,
      String title,
      String summary,
      String summaryHtml,
      String kind,
      String language,
      LocalDate publishedOn,
      LocalDate postedOn,
      Long contactId,
      String status,
      Long suggestedBy,
      Instant createdAt,
      Instant updatedAt) {

    public boolean published() {
      return PUBLISHED.equals(status);
    }

    public boolean suggested() {
      return SUGGESTED.equals(status);
    }

    public String kindKey() {
      return ResourceKind.keyOf(kind);
    }

    public String url() {
      return "/resources/" + id;
    }

    public Integer year() {
      return publishedOn == null ? null : publishedOn.getYear();
    }
  }

  public record Author(String name, String organisation, String bio, Long memberId) {}

  public record Topic(long id, String code, String name) {}

  public record FileItem(
      long id,
      long resourceId,
      String sha256,
      String filename,
      String contentType,
      long sizeBytes,
      long downloads) {
    public long sizeKb() {
      return Math.max(1, (sizeBytes + 1023) / 1024);
    }

    public String url() {
      return "/resources/" + resourceId + "/files/" + id;
    }
  }

  public record Link(String url, String label) {
    public String shown() {
      return label == null || label.isBlank() ? url : label;
    }
  }

  /** A resource with everything a list shows about it. */
  public record Card(
      Resource resource,
      List<Author> authors,
      List<String> countries,
      List<Topic> topics,
      long saves,
      long comments) {}

  /** A comment with its author's name. */
  public record Comment(
      long id,
      long resourceId,
      long authorId,
      String authorName,
      String authorOrganisation,
      String body,
      String bodyHtml,
      String language,
      ContributionStatus status,
      String source,
      Instant createdAt) {
    public boolean approved() {
      return status == ContributionStatus.APPROVED;
    }

    public boolean pending() {
      return status == ContributionStatus.PENDING;
    }
  }

  /** A discussion that uses a resource as a background document. */
  public record UsedIn(long discussionId, String slug, String title, boolean draft) {
    public String url() {
      return "/d/" + slug;
    }
  }

  /** A member the point of contact or an author may be. */
  public record Person(long id, String name, String organisation) {}

  /** Filters of the list page and the API. */
  public record Filter(
      String q,
      String kind,
      String topic,
      String country,
      String language,
      Integer year,
      String sort,
      int page) {
    public static final int PAGE_SIZE = 20;

    public boolean bySaves() {
      return "saves".equals(sort);
    }
  }

  public record Page(long total, List<Card> items, int page, int pages) {}
}
