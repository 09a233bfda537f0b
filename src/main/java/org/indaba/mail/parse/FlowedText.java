package org.indaba.mail.parse;

/**
 * Decodes text/plain; format=flowed (RFC 3676), as sent by Apple Mail and Thunderbird, so that
 * soft-wrapped paragraphs and attribution lines come back as single lines.
 */
final class FlowedText {

  private FlowedText() {}

  static String decode(String text, boolean delSp) {
    String[] lines = text.split("\n", -1);
    StringBuilder out = new StringBuilder(text.length());
    StringBuilder paragraph = null;
    int paragraphDepth = -1;
    for (String line : lines) {
      // Section 4.5: the quote depth is the number of leading '>'.
      int depth = 0;
      while (depth < line.length() && line.charAt(depth) == '>') {
        depth++;
      }
      String content = line.substring(depth);
      // Section 4.4: a leading space after the quote marks is space-stuffing.
      if (content.startsWith(" ")) {
        content = content.substring(1);
      }
      // Section 4.3: the signature separator is never flowed.
      boolean flowed = content.endsWith(" ") && !content.equals("-- ");
      if (paragraph != null && depth != paragraphDepth) {
        // Section 4.5: a change of quote depth ends a paragraph even after a flowed line.
        emit(out, paragraph, paragraphDepth);
        paragraph = null;
      }
      if (paragraph == null) {
        paragraph = new StringBuilder();
        paragraphDepth = depth;
      }
      if (flowed) {
        paragraph.append(delSp ? content.substring(0, content.length() - 1) : content);
      } else {
        paragraph.append(content);
        emit(out, paragraph, paragraphDepth);
        paragraph = null;
      }
    }
    if (paragraph != null) {
      emit(out, paragraph, paragraphDepth);
    }
    // Every emitted line ends with '\n'; the input had one line more than it had line breaks.
    if (out.length() > 0) {
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }

  private static void emit(StringBuilder out, StringBuilder paragraph, int depth) {
    if (depth > 0) {
      out.append(">".repeat(depth));
      if (!paragraph.isEmpty()) {
        out.append(' ');
      }
    }
    out.append(paragraph).append('\n');
  }
}
