package org.indaba.db.migration;

import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.MEMBER;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.indaba.content.Citation;
import org.indaba.content.CitationResolver;
import org.indaba.content.MarkdownRenderer;
import org.indaba.db.schema.tables.Contribution;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Contributions stored before bare URLs became links get links now: each contribution whose
 * Markdown holds something like a URL is rendered again from that Markdown by {@link
 * MarkdownRenderer} (the same sanitising allowlist as every other rendering), its {@code [#id]}
 * citations resolved as an edit resolves them (approved contributions of the same discussion,
 * credited to their author), and its HTML replaced only when it changed. The Markdown is the
 * source, so nothing searched changes; each update raises its discussion's page version by the
 * contribution trigger, so no cached page keeps the old HTML. Read in batches by id; Flyway's lock
 * makes a second process wait for the first to finish rather than do it again.
 */
public final class V221__Contribution_html_autolink extends BaseJavaMigration {
  private static final int BATCH = 500;
  private static final Pattern CITED = Pattern.compile("\\[#(\\d{1,18})]");

  @Override
  public void migrate(Context context) {
    DSLContext dsl = DSL.using(context.getConnection(), SQLDialect.POSTGRES);
    long after = 0;
    while (true) {
      List<Record4<Long, Long, String, String>> batch =
          dsl.select(
                  CONTRIBUTION.ID,
                  CONTRIBUTION.DISCUSSION_ID,
                  CONTRIBUTION.BODY,
                  CONTRIBUTION.BODY_HTML)
              .from(CONTRIBUTION)
              .where(CONTRIBUTION.ID.gt(after))
              .and(DSL.condition("{0} ~* {1}", CONTRIBUTION.BODY, DSL.inline("(https?://|www\\.)")))
              .orderBy(CONTRIBUTION.ID)
              .limit(BATCH)
              .fetch();
      if (batch.isEmpty()) {
        return;
      }
      Map<Long, Cited> cited = cited(dsl, batch);
      for (Record4<Long, Long, String, String> r : batch) {
        long discussionId = r.value2();
        CitationResolver resolver =
            id ->
                Optional.ofNullable(cited.get(id))
                    .filter(x -> x.discussionId() == discussionId)
                    .map(x -> new Citation("/c/" + id, x.author()));
        String html = MarkdownRenderer.render(r.value3(), resolver);
        if (!html.equals(r.value4())) {
          dsl.update(CONTRIBUTION)
              .set(CONTRIBUTION.BODY_HTML, html)
              .where(CONTRIBUTION.ID.eq(r.value1()))
              .execute();
        }
      }
      after = batch.get(batch.size() - 1).value1();
    }
  }

  /** An approved contribution cited in a batch: its discussion and the author it credits. */
  private record Cited(long discussionId, String author) {}

  /**
   * Every approved contribution a batch cites, by id (one query), with its discussion, so that a
   * citation resolves only within its own discussion.
   */
  private static Map<Long, Cited> cited(
      DSLContext dsl, List<Record4<Long, Long, String, String>> batch) {
    Set<Long> ids = new HashSet<>();
    for (Record4<Long, Long, String, String> r : batch) {
      Matcher m = CITED.matcher(r.value3());
      while (m.find()) {
        try {
          ids.add(Long.parseLong(m.group(1)));
        } catch (NumberFormatException tooLarge) {
          // no contribution has such an id
        }
      }
    }
    Map<Long, Cited> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    Contribution c = CONTRIBUTION.as("cited");
    dsl.select(
            c.ID,
            c.DISCUSSION_ID,
            DSL.coalesce(MEMBER.DISPLAY_NAME, c.AUTHOR_NAME, c.AUTHOR_EMAIL, DSL.inline("")))
        .from(c)
        .leftJoin(MEMBER)
        .on(MEMBER.ID.eq(c.AUTHOR_ID))
        .where(c.ID.in(ids).and(DSL.condition("{0} = 'approved'", c.STATUS)))
        .forEach(r -> out.put(r.value1(), new Cited(r.value2(), r.value3())));
    return out;
  }
}
