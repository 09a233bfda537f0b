package org.indaba.mail.parse;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A part of the message that is not its text body.
 *
 * @param filename decoded file name without any directory part, or null when the sender gave none
 * @param contentType lower-cased MIME type, such as {@code image/png}
 * @param content the decoded bytes (transfer encoding removed)
 * @param contentId the Content-ID without angle brackets, or null
 * @param inline true for parts shown in the body (Content-Disposition inline, or a resource of a
 *     multipart/related), such as images referenced by {@code cid:} URLs
 */
public record Attachment(
    String filename, String contentType, byte[] content, String contentId, boolean inline) {

  public Attachment {
    Objects.requireNonNull(contentType, "contentType");
    content = content == null ? new byte[0] : content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  public int size() {
    return content.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attachment a
        && Objects.equals(filename, a.filename)
        && contentType.equals(a.contentType)
        && Arrays.equals(content, a.content)
        && Objects.equals(contentId, a.contentId)
        && inline == a.inline;
  }

  @Override
  public int hashCode() {
    return Objects.hash(filename, contentType, Arrays.hashCode(content), contentId, inline);
  }

  @Override
  public String toString() {
    return "Attachment[filename="
        + filename
        + ", contentType="
        + contentType
        + ", size="
        + content.length
        + ", contentId="
        + contentId
        + ", inline="
        + inline
        + "]";
  }

  /** SHA-256 of the content, in lower-case hex. */
  public String sha256() {
    return HexFormat.of().formatHex(Digests.sha256(content));
  }
}
