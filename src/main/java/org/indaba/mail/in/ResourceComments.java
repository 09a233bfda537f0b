package org.indaba.mail.in;

/**
 * Where a reply to a "new resource" mail becomes a comment on the resource. The library implements
 * it, so that a comment by mail is moderated and shown exactly as one typed on the web.
 */
@FunctionalInterface
public interface ResourceComments {

  /**
   * @param messageId the Message-ID of the reply (a second delivery of it is not a second comment)
   * @return the comment's status: approved or pending
   */
  String comment(long memberId, long resourceId, String body, String messageId)
      throws MailRejection;

  ResourceComments NONE =
      (memberId, resourceId, body, messageId) -> {
        throw new MailRejection.UnknownDiscussion();
      };
}
