package org.indaba.mail;

import org.indaba.mail.in.MailRejection;

/** Stands in until the contribution service is wired: refuses, so nothing is lost or half-made. */
public final class UnwiredContributionSink implements MailContributionSink {
  @Override
  public Posted post(Submission submission) throws MailRejection {
    throw new MailRejection.Refused("no contribution service");
  }
}
