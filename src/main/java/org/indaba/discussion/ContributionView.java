package org.indaba.discussion;

import java.util.List;
import org.indaba.i18n.ContentLanguages;
import org.indaba.translation.Rendition;

/**
 * A contribution as pages, the API and the feed show it. {@code shown} is what a reader of a given
 * interface language gets (a translation or the original); null where no reader is known.
 */
public record ContributionView(
    Contribution c,
    Signature author,
    Long replyToId,
    String replyToAuthor,
    List<Attachment> attachments,
    boolean editable,
    Rendition shown) {

  public ContributionView(
      Contribution c,
      Signature author,
      Long replyToId,
      String replyToAuthor,
      List<Attachment> attachments,
      boolean editable) {
    this(c, author, replyToId, replyToAuthor, attachments, editable, null);
  }

  public ContributionView withShown(Rendition rendition) {
    return new ContributionView(
        c, author, replyToId, replyToAuthor, attachments, editable, rendition);
  }

  public long id() {
    return c.id();
  }

  /** "rtl" for Arabic and other right-to-left languages, "auto" when the language is unknown. */
  public String dir() {
    return ContentLanguages.dir(c.language());
  }

  /**
   * The lang attribute value; "und" is not a valid one, so undetermined text gets an empty lang.
   */
  public String lang() {
    return ContentLanguages.langAttribute(c.language());
  }

  public String languageNameKey() {
    return ContentLanguages.nameKey(c.language());
  }

  public boolean languageKnown() {
    return !ContentLanguages.UNDETERMINED.equals(c.language());
  }
}
