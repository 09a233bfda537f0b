package org.indaba.discussion;

import java.util.ArrayList;
import java.util.List;
import org.indaba.i18n.Messages;
import org.indaba.web.AtomWriter;

/** An Atom feed of a discussion: its published themes and approved contributions, newest first. */
final class AtomFeed {
  private AtomFeed() {}

  static byte[] render(DiscussionReader.Feed f, String baseUrl, Messages.Bundle bundle) {
    Discussion d = f.discussion();
    String page = baseUrl + d.url();
    // themes and contributions interleaved by time, newest first (both lists arrive newest first)
    List<AtomWriter.Entry> entries = new ArrayList<>();
    var themes = f.themes().iterator();
    var contributions = f.contributions().iterator();
    Theme t = themes.hasNext() ? themes.next() : null;
    ContributionView c = contributions.hasNext() ? contributions.next() : null;
    while (t != null || c != null) {
      if (c == null || (t != null && !t.publishedAt().isBefore(c.c().createdAt()))) {
        String title =
            bundle.get("discussion.week", t.week()) + (t.title().isEmpty() ? "" : ": " + t.title());
        entries.add(
            new AtomWriter.Entry(
                page + "?week=" + t.week(),
                title,
                t.publishedAt(),
                t.publishedAt(),
                null,
                t.questionHtml(),
                false));
        t = themes.hasNext() ? themes.next() : null;
      } else {
        String title =
            bundle.get("discussion.feed.contributionTitle", c.author().name(), c.c().week());
        entries.add(
            new AtomWriter.Entry(
                baseUrl + c.c().url(),
                title,
                c.c().createdAt(),
                c.c().updatedAt(),
                c.author().name(),
                c.c().bodyHtml(),
                false));
        c = contributions.hasNext() ? contributions.next() : null;
      }
    }
    return AtomWriter.write(
        new AtomWriter.Feed(
            d.title(),
            d.summary(),
            page + "/feed.atom",
            page,
            f.updated(),
            bundle.get("site.name"),
            entries));
  }
}
