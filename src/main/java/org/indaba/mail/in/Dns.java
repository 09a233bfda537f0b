package org.indaba.mail.in;

import java.util.List;

/**
 * The DNS lookups sender authentication needs (DKIM keys, SPF and DMARC records, and the A, AAAA,
 * MX and PTR records SPF mechanisms refer to). The server uses {@link SystemDns}; tests give fixed
 * records, so that nothing leaves the machine.
 */
public interface Dns {
  enum Type {
    TXT,
    A,
    AAAA,
    MX,
    PTR
  }

  /**
   * The records of one type for a name: TXT strings joined, addresses as text, MX and PTR as host
   * names without the trailing dot. Empty when the name has none.
   *
   * @throws TemporaryFailure when no answer could be had (time-out, server failure)
   */
  List<String> lookup(Type type, String name) throws TemporaryFailure;

  /** The lookup could not be completed now; a later try might succeed. */
  final class TemporaryFailure extends Exception {
    public TemporaryFailure(String message) {
      super(message, null, false, false);
    }
  }
}
