package org.indaba.moderation;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.content.Citation;
import org.indaba.content.CitationResolver;

/**
 * Resolves {@code [#123]} to a link labelled with the author's name, for approved contributions of
 * one discussion only: a draft, a rejected post or another discussion's post stays plain text. The
 * ids are read from the Markdown first and looked up in one query.
 */
public final class ContributionCitations {
  private static final Pattern REFERENCE = Pattern.compile("\\[#(\\d{1,18})]");
  private static final int MAX_IDS = 1000;
  private final ModerationRepository repo;

  public ContributionCitations(ModerationRepository repo) {
    this.repo = repo;
  }

  /** One {@code [#id]} of a text and, when it resolves, the author it is credited to. */
  public record Cited(long id, String authorName) {
    public boolean resolved() {
      return authorName != null;
    }

    public String path() {
      return "/c/" + id;
    }
  }

  /** The citations of a text in order of first appearance, resolved or not. */
  public java.util.List<Cited> cited(long discussionId, String markdown) {
    Set<Long> ids = ids(markdown);
    if (ids.isEmpty()) {
      return java.util.List.of();
    }
    Map<Long, String> authors = repo.approvedAuthorNames(discussionId, ids);
    return ids.stream().map(id -> new Cited(id, authors.get(id))).toList();
  }

  private static Set<Long> ids(String markdown) {
    Set<Long> ids = new LinkedHashSet<>();
    Matcher m = REFERENCE.matcher(markdown == null ? "" : markdown);
    while (m.find() && ids.size() < MAX_IDS) {
      try {
        ids.add(Long.parseLong(m.group(1)));
      } catch (NumberFormatException tooLarge) {
        // not an id any contribution can have; it stays as written
      }
    }
    return ids;
  }

  public CitationResolver resolverFor(long discussionId, String markdown) {
    Set<Long> ids = new LinkedHashSet<>();
    Matcher m = REFERENCE.matcher(markdown == null ? "" : markdown);
    while (m.find() && ids.size() < MAX_IDS) {
      try {
        ids.add(Long.parseLong(m.group(1)));
      } catch (NumberFormatException tooLarge) {
        // not an id any contribution can have; it stays as written
      }
    }
    if (ids.isEmpty()) {
      return CitationResolver.NONE;
    }
    Map<Long, String> authors = repo.approvedAuthorNames(discussionId, ids);
    return id -> Optional.ofNullable(authors.get(id)).map(name -> new Citation("/c/" + id, name));
  }
}
