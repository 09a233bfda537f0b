package org.indaba.mail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * Puts a message back in the queue; for one that already became a contribution nothing is done
   * and its contribution id is returned, so the page can say so (and nobody is mailed).
   */
  public Long reprocess(Viewer admin, long id) {
    requireAdmin(admin);
    InboundStore.Inbound in = inbound.byId(id).orElseThrow(Refusal::notFound);
    if (in.contributionId() != null) {
      return in.contributionId();
    }
    inbound.requeue(id);
    nudgeProcessor.run();
    return null;
  }

  /** Messages per page of {@code GET /api/admin/mail/inbound}. */
  public static final int PAGE_SIZE = 50;

  /**
   * One page of {@code GET /api/admin/mail/inbound}, newest first: {@code id, receivedAt,
   * envelopeFrom, messageId, status, reason, senderVerifiedBy, contributionId} (the interface).
   */
  public List<Map<String, Object>> inboundPage(Viewer admin, int page) {
    requireAdmin(admin);
    return inbound.page(page, PAGE_SIZE).stream().map(MailAdmin::row).toList();
  }

  private static Map<String, Object> row(InboundStore.Inbound in) {
    // a message whose processing failed is still ours to handle: an admin can process it again
    boolean failed = InboundStore.FAILED.equals(in.status());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", in.id());
    m.put("receivedAt", in.receivedAt().toInstant().toString());
    m.put("envelopeFrom", in.envelopeFrom());
    m.put("messageId", in.messageId());
    m.put("status", failed ? InboundStore.RECEIVED : in.status());
    m.put("reason", failed ? "error" : in.reason());
    m.put("senderVerifiedBy", in.senderVerifiedBy() == null ? "none" : in.senderVerifiedBy());
    m.put("contributionId", in.contributionId());
    return m;
  }

  /** The member's own messages that were not posted, for the profile page. */
  public List<InboundStore.Inbound> notPostedOf(long memberId) {
    return inbound.notPostedOf(memberId, 20);
  }

  private static void requireAdmin(Viewer v) {
    if (!v.isAdmin()) {
      throw Refusal.forbidden();
    }
  }
}
