package org.indaba.mail;

import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.CONTRIBUTION_ATTACHMENT;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.THEME;

import java.time.OffsetDateTime;
import org.indaba.mail.in.Attachment;
import org.indaba.mail.in.MailRejection;
import org.indaba.testing.TestApp;

/** Until the contribution service is merged: a sink with its main rules, writing rows directly. */
final class TestSinks {
  private TestSinks() {}

  static void install(TestApp app) {
    app.app.mailProcessor.useSink(s -> {
      var dsl = app.app.db.dsl();
      var d = dsl.selectFrom(DISCUSSION).where(DISCUSSION.SLUG.eq(s.discussionSlug())).fetchOne();
      if (d == null) {
        throw new MailRejection.UnknownDiscussion();
      }
      Integer week = s.week();
      if (week == null && s.replyToId() != null) {
        week = dsl.select(CONTRIBUTION.WEEK).from(CONTRIBUTION).where(CONTRIBUTION.ID.eq(s.replyToId())).fetchOne(CONTRIBUTION.WEEK);
      }
      if (week == null) {
        week = dsl.select(org.jooq.impl.DSL.max(THEME.WEEK)).from(THEME)
            .where(THEME.DISCUSSION_ID.eq(d.getId()).and(THEME.PUBLISHED_AT.isNotNull())).fetchOne(0, Integer.class);
      }
      final Integer w = week;
      if (w == null || !dsl.fetchExists(THEME, THEME.DISCUSSION_ID.eq(d.getId()).and(THEME.WEEK.eq(w))
          .and(THEME.PUBLISHED_AT.isNotNull()))) {
        throw new MailRejection.WeekNotPublished(w);
      }
      String hold = s.forceHoldReason() != null ? s.forceHoldReason()
          : s.authorMemberId() == null ? "non_member" : d.getPreModerated() ? "premoderated" : null;
      OffsetDateTime now = OffsetDateTime.now(app.clock);
      long id = app.app.db.tx(tx -> {
        long cid = tx.insertInto(CONTRIBUTION)
            .set(CONTRIBUTION.DISCUSSION_ID, d.getId())
            .set(CONTRIBUTION.WEEK, w)
            .set(CONTRIBUTION.AUTHOR_ID, s.authorMemberId())
            .set(CONTRIBUTION.AUTHOR_EMAIL, s.authorEmail())
            .set(CONTRIBUTION.AUTHOR_NAME, s.authorName())
            .set(CONTRIBUTION.REPLY_TO_ID, s.replyToId())
            .set(CONTRIBUTION.BODY, s.body())
            .set(CONTRIBUTION.BODY_HTML, "<p>" + s.body() + "</p>")
            .set(CONTRIBUTION.TRIMMED, s.trimmed())
            .set(CONTRIBUTION.STATUS, hold == null ? "approved" : "pending")
            .set(CONTRIBUTION.HOLD_REASON, hold)
            .set(CONTRIBUTION.SOURCE, s.source())
            .set(CONTRIBUTION.MESSAGE_ID, s.messageId())
            .set(CONTRIBUTION.CREATED_AT, s.createdAt() != null ? s.createdAt() : now)
            .set(CONTRIBUTION.UPDATED_AT, now)
            .set(CONTRIBUTION.APPROVED_AT, hold == null ? now : null)
            .returning(CONTRIBUTION.ID).fetchSingle().getId();
        for (Attachment a : s.attachments()) {
          String sha = app.app.blobs.put(tx, a.content());
          tx.insertInto(CONTRIBUTION_ATTACHMENT)
              .set(CONTRIBUTION_ATTACHMENT.CONTRIBUTION_ID, cid)
              .set(CONTRIBUTION_ATTACHMENT.BLOB_SHA256, sha)
              .set(CONTRIBUTION_ATTACHMENT.FILENAME, a.filename() == null ? "file" : a.filename())
              .set(CONTRIBUTION_ATTACHMENT.CONTENT_TYPE, a.contentType())
              .set(CONTRIBUTION_ATTACHMENT.SIZE_BYTES, (long) a.size())
              .set(CONTRIBUTION_ATTACHMENT.CONTENT_ID, a.contentId())
              .set(CONTRIBUTION_ATTACHMENT.INLINE_IMAGE, a.inline())
              .execute();
        }
        return cid;
      });
      return new MailContributionSink.Posted(id, hold == null ? "approved" : "pending");
    });
  }
}
