package org.indaba.model;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing waits on the network inside a database transaction: a transaction holds a pooled
 * connection and its row locks for as long as it is open, so a slow relay, resolver or translation
 * service would stall every request that needs them. The database counts the transactions open on
 * each thread ({@link #transactionBegun}, {@link #transactionEnded}); every outbound network call
 * (SMTP delivery, DNS lookups, machine translation) first calls {@link #beforeNetworkCall}, which
 * costs one thread-local read. A call made inside a transaction is logged as an error with its
 * stack and counted ({@link #violations}, the metric {@code indaba.network.in.transaction}); it is
 * not refused, so a slip shows in the logs and the tests instead of failing a member's request.
 */
public final class NetworkGuard {
  private static final Logger log = LoggerFactory.getLogger(NetworkGuard.class);

  private static final ThreadLocal<int[]> OPEN = ThreadLocal.withInitial(() -> new int[1]);
  private static final AtomicLong CALLS = new AtomicLong();
  private static final AtomicLong VIOLATIONS = new AtomicLong();
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private NetworkGuard() {}

  /** A transaction (or a savepoint within one) was opened on this thread. */
  public static void transactionBegun() {
    OPEN.get()[0]++;
  }

  /** A transaction (or savepoint) on this thread was committed or rolled back. */
  public static void transactionEnded() {
    int[] open = OPEN.get();
    if (open[0] > 0) {
      open[0]--;
    }
  }

  /** Whether this thread is inside a database transaction. */
  public static boolean inTransaction() {
    return OPEN.get()[0] > 0;
  }

  /**
   * To be called just before a call of kind {@code call} (a fixed phrase, such as "DNS lookup")
   * goes out on the network. The first slip of each kind is logged with its stack; later ones are
   * counted and logged at debug level, so a slip on a busy path does not flood the log.
   */
  public static void beforeNetworkCall(String call) {
    CALLS.incrementAndGet();
    if (inTransaction()) {
      VIOLATIONS.incrementAndGet();
      if (REPORTED.add(call)) {
        log.error(
            "{} inside a database transaction",
            call,
            new IllegalStateException("network call inside a transaction"));
      } else {
        log.debug("{} inside a database transaction", call);
      }
    }
  }

  /** How many network calls were made since start-up. */
  public static long calls() {
    return CALLS.get();
  }

  /** How many network calls were made inside a transaction since start-up. */
  public static long violations() {
    return VIOLATIONS.get();
  }
}
