package org.indaba.discussion;

import java.util.List;

/** A contribution as pages, the API and the feed show it. */
public record ContributionView(Contribution c, Signature author, Long replyToId, String replyToAuthor,
    List<Attachment> attachments, boolean editable) {

  public long id() {
    return c.id();
  }

  public String dir() {
    return "ar".equals(c.language()) || "fa".equals(c.language()) || "he".equals(c.language())
        || "ur".equals(c.language()) ? "rtl" : "ltr";
  }

  /** The lang attribute value; "und" is not a valid one, so undetermined text gets an empty lang. */
  public String lang() {
    return "und".equals(c.language()) ? "" : c.language();
  }
}
