package org.indaba.db;

import java.util.Optional;

/** What a moderator (or author, or admin) did, as stored in {@code audit_log.action}. */
public enum AuditAction {
  APPROVE("approve"),
  REJECT("reject"),
  EDIT("edit"),
  DELETE("delete"),
  TRUST("trust"),
  UNTRUST("untrust"),
  DISMISS_FLAG("dismiss_flag"),
  UNDO("undo"),
  SAVE_REPLY("save_reply"),
  PUBLISH_REPLY("publish_reply"),
  /** An author's edit of a published contribution waits for a moderator. */
  EDIT_WAITING("edit_waiting"),
  APPROVE_EDIT("approve_edit"),
  REJECT_EDIT("reject_edit"),
  DISCUSSION_EDIT("discussion_edit"),
  DISCUSSION_NON_MEMBER_MAIL("discussion_non_member_mail"),
  DISCUSSION_CLOSE("discussion_close"),
  DISCUSSION_ARCHIVE("discussion_archive"),
  THEME_EDIT("theme_edit"),
  THEME_PUBLISH("theme_publish"),
  ANALYTICS_PUBLIC("analytics_public"),
  ANALYTICS_PRIVATE("analytics_private"),
  RESOURCE_ADD("resource_add"),
  RESOURCE_EDIT("resource_edit"),
  RESOURCE_PUBLISH("resource_publish"),
  RESOURCE_REJECT("resource_reject"),
  TOPIC_ADD("topic_add"),
  RESOURCE_FILE_ADD("resource_file_add"),
  RESOURCE_FILE_DELETE("resource_file_delete"),
  RESOURCE_ATTACH("resource_attach"),
  RESOURCE_DETACH("resource_detach"),
  DISCUSSION_REOPEN("discussion_reopen"),
  WEEK_SUMMARY_SAVE("week_summary_save"),
  WEEK_SUMMARY_PUBLISH("week_summary_publish"),
  WEEK_SUMMARY_WITHDRAW("week_summary_withdraw"),
  /** An admin merged organisation names into one organisation. */
  ORGANISATION_MERGE("organisation_merge"),
  /** An admin undid a merge: the names count on their own again. */
  ORGANISATION_UNMERGE("organisation_unmerge");

  private final String code;

  AuditAction(String code) {
    this.code = code;
  }

  /** The name stored in {@code audit_log.action}. */
  public String code() {
    return code;
  }

  public static Optional<AuditAction> fromCode(String code) {
    for (AuditAction a : values()) {
      if (a.code.equals(code)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
