package org.indaba.mail;

import java.util.List;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;

/** What admins see of the mail in and out, and the one repair they can make: process again. */
public final class MailAdmin {
  private final InboundStore inbound;
  private final MailRepository repo;
  private final Runnable nudgeProcessor;

  public MailAdmin(InboundStore inbound, MailRepository repo, Runnable nudgeProcessor) {
    this.inbound = inbound;
    this.repo = repo;
    this.nudgeProcessor = nudgeProcessor;
  }

  public record Overview(
      List<InboundStore.Inbound> inbound, List<MailRepository.OutboxRow> outbox) {}

  public Overview overview(Viewer admin) {
    requireAdmin(admin);
    return new Overview(inbound.latest(200), repo.latestOutbox(200));
  }

  public InboundStore.Inbound inbound(Viewer admin, long id) {
    requireAdmin(admin);
    return inbound.byId(id).orElseThrow(Refusal::notFound);
  }

  public MailRepository.OutboxRow outboxMail(Viewer admin, long id) {
    requireAdmin(admin);
    return repo.outboxMail(id).orElseThrow(Refusal::notFound);
  }

  public void reprocess(Viewer admin, long id) {
    requireAdmin(admin);
    inbound.byId(id).orElseThrow(Refusal::notFound);
    inbound.requeue(id);
    nudgeProcessor.run();
  }

  private static void requireAdmin(Viewer v) {
    if (!v.isAdmin()) {
      throw Refusal.forbidden();
    }
  }
}
