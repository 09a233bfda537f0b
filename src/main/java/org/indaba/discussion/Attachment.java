package org.indaba.discussion;

/** A file attached to a contribution (or a background document of a discussion). */
public record Attachment(
    long id,
    long ownerId,
    String sha256,
    String filename,
    String contentType,
    long sizeBytes,
    String contentId,
    boolean inlineImage) {

  public long sizeKb() {
    return Math.max(1, (sizeBytes + 1023) / 1024);
  }

  public boolean image() {
    return FilePolicy.isImage(contentType);
  }
}
