package org.indaba.analytics;

import java.util.List;
import java.util.Locale;

/**
 * Horizontal bar charts drawn on the server as SVG: no script, a title and description for screen
 * readers, the value written at the end of each bar so the chart reads in black and white, and bars
 * that grow from the right in a right-to-left page. The numbers are also in a table beside it.
 */
final class SvgChart {
  static final int WIDTH = 640;
  static final int BAR = 22;
  static final int GAP = 8;
  static final int LABEL = 200;

  record Bar(String label, long value) {}

  private SvgChart() {}

  static String bars(String id, String title, String description, List<Bar> bars, boolean rtl) {
    long max = bars.stream().mapToLong(Bar::value).max().orElse(0);
    int height = Math.max(1, bars.size()) * (BAR + GAP) + GAP;
    int room = WIDTH - LABEL - 60;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\"")
        .append(" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" aria-labelledby=\"")
        .append(id)
        .append("-t ")
        .append(id)
        .append("-d\"><title id=\"")
        .append(id)
        .append("-t\">")
        .append(escape(title))
        .append("</title><desc id=\"")
        .append(id)
        .append("-d\">")
        .append(escape(description))
        .append("</desc>");
    int y = GAP;
    for (Bar b : bars) {
      int len = max == 0 ? 0 : (int) Math.round((double) b.value() / max * room);
      int barX = rtl ? WIDTH - LABEL - len : LABEL;
      int labelX = rtl ? WIDTH - LABEL + 8 : LABEL - 8;
      int valueX = rtl ? barX - 6 : LABEL + len + 6;
      String labelAnchor = rtl ? "start" : "end";
      String valueAnchor = rtl ? "end" : "start";
      int textY = y + BAR - 6;
      s.append("<g><text x=\"")
          .append(labelX)
          .append("\" y=\"")
          .append(textY)
          .append("\" text-anchor=\"")
          .append(labelAnchor)
          .append("\" font-size=\"13\" fill=\"#222\">")
          .append(escape(shorten(b.label())))
          .append("</text><rect x=\"")
          .append(barX)
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(len)
          .append("\" height=\"")
          .append(BAR)
          .append("\" fill=\"#2b6cb0\"><title>")
          .append(escape(b.label()))
          .append(": ")
          .append(b.value())
          .append("</title></rect><text x=\"")
          .append(valueX)
          .append("\" y=\"")
          .append(textY)
          .append("\" text-anchor=\"")
          .append(valueAnchor)
          .append("\" font-size=\"13\" fill=\"#222\">")
          .append(String.format(Locale.ROOT, "%d", b.value()))
          .append("</text></g>");
      y += BAR + GAP;
    }
    return s.append("</svg>").toString();
  }

  private static String shorten(String label) {
    return label.length() > 28 ? label.substring(0, 27) + "…" : label;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
