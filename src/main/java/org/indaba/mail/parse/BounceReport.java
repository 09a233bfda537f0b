package org.indaba.mail.parse;

import java.util.List;

/**
 * The recipients a bounce or delay notice reports as not delivered.
 *
 * @param recipients one entry per failed or delayed recipient, never empty
 */
public record BounceReport(List<Recipient> recipients) {

  /** How final a delivery failure is, from the RFC 3463 status class. */
  public enum Severity {
    /** Permanent failure, status 5.x.x (or Action: failed without a status). */
    HARD,
    /** Transient failure, status 4.x.x (or Action: delayed without a status). */
    SOFT,
    /** The report did not say. */
    UNKNOWN
  }

  /**
   * @param address the failed address (Final-Recipient, else Original-Recipient, else
   *     X-Failed-Recipients), domain lower-cased
   * @param originalAddress Original-Recipient when the report gives it, else null
   * @param severity hard or soft
   * @param status RFC 3463 enhanced status code such as "5.1.1", or null
   * @param action RFC 3464 action such as "failed" or "delayed", lower-cased, or null
   * @param diagnosticCode the remote server's answer as reported, or null
   */
  public record Recipient(
      String address,
      String originalAddress,
      Severity severity,
      String status,
      String action,
      String diagnosticCode) {}

  public BounceReport {
    recipients = List.copyOf(recipients);
  }

  public List<String> addresses() {
    return recipients.stream().map(Recipient::address).toList();
  }

  /** True when every reported recipient failed permanently. */
  public boolean hard() {
    return !recipients.isEmpty()
        && recipients.stream().allMatch(r -> r.severity() == Severity.HARD);
  }
}
