package org.indaba.discussion;

import java.util.List;

/**
 * A discussion's background documents. They are resources of the library, which implements this
 * seam so that the discussion pages show them without the discussion feature depending on it.
 */
@FunctionalInterface
public interface BackgroundDocuments {

  /**
   * One document as the discussion page lists it.
   *
   * @param kindKey the bundle key of the resource's kind
   * @param summaryHtml the sanitised summary
   * @param language the language of the title and summary
   */
  record Document(
      long id, String title, String kindKey, String summaryHtml, String language, String url) {}

  /** The published resources attached to the discussion, in their order. */
  List<Document> of(long discussionId);

  BackgroundDocuments NONE = discussionId -> List.of();
}
