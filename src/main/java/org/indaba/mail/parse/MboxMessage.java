package org.indaba.mail.parse;

/**
 * One message read from an mbox file.
 *
 * @param index position in the file, from 0
 * @param offset byte offset of the message's "From " line (or of its first line when the file does
 *     not start with one), for resuming or reporting
 * @param fromLine the "From " separator line without its line ending, or null when there was none
 * @param raw the message as it was delivered, with {@code >From } escaping undone
 */
public record MboxMessage(long index, long offset, String fromLine, byte[] raw) {

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MboxMessage m
        && index == m.index
        && offset == m.offset
        && java.util.Objects.equals(fromLine, m.fromLine)
        && java.util.Arrays.equals(raw, m.raw);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(index, offset, fromLine, java.util.Arrays.hashCode(raw));
  }

  @Override
  public String toString() {
    return "MboxMessage[index="
        + index
        + ", offset="
        + offset
        + ", fromLine="
        + fromLine
        + ", size="
        + raw.length
        + "]";
  }
}
