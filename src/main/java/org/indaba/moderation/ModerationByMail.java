package org.indaba.moderation;

import java.util.Optional;
import org.indaba.account.AccountRepository;
import org.indaba.account.Member;
import org.indaba.mail.MailModeration;
import org.indaba.mail.ModerationReply;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.moderation.ModerationRecords.ContributionRef;

/**
 * A moderator's answer to an alert, carried out by {@link ModerationService} exactly as the same
 * click on the web would be: the rights are checked again, the decision is conditional and audited.
 * For a held contribution "approve" publishes it and "reject" refuses it with the reason; for a
 * flagged one "approve" keeps it (the flags are dismissed) and "reject" takes it down.
 */
public final class ModerationByMail implements MailModeration {
  private final ModerationService service;
  private final ModerationRepository repo;
  private final AccountRepository accounts;

  public ModerationByMail(
      ModerationService service, ModerationRepository repo, AccountRepository accounts) {
    this.service = service;
    this.repo = repo;
    this.accounts = accounts;
  }

  @Override
  public Verdict decide(long moderatorId, long contributionId, ModerationReply.Decision decision) {
    Optional<Viewer> viewer =
        accounts.byId(moderatorId).filter(Member::verified).map(Member::toViewer);
    Optional<ContributionRef> c = repo.contribution(contributionId);
    if (viewer.isEmpty() || c.isEmpty()) {
      return Verdict.NOT_ALLOWED;
    }
    boolean reject = decision.action() == ModerationReply.Action.REJECT;
    if (reject && decision.reason().isBlank()) {
      return Verdict.REASON_MISSING;
    }
    try {
      switch (c.get().status()) {
        case PENDING -> {
          if (reject) {
            service.reject(viewer, contributionId, decision.reason());
            return Verdict.REJECTED;
          }
          service.approve(viewer, contributionId);
          return Verdict.APPROVED;
        }
        case APPROVED -> {
          if (reject) {
            service.delete(viewer, contributionId, decision.reason());
            return Verdict.DELETED;
          }
          return service.dismissFlagsOf(viewer, contributionId)
              ? Verdict.FLAGS_DISMISSED
              : Verdict.ALREADY_DECIDED;
        }
        default -> {
          return Verdict.ALREADY_DECIDED;
        }
      }
    } catch (Refusal e) {
      return e.kind() == Refusal.Kind.CONFLICT ? Verdict.ALREADY_DECIDED : Verdict.NOT_ALLOWED;
    }
  }
}
