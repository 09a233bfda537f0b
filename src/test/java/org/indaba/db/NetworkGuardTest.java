package org.indaba.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.indaba.model.NetworkGuard;
import org.indaba.testing.CapturedLog;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The guard behind "nothing waits on the network inside a transaction" sees the transactions the
 * database opens, savepoints included, and makes a slip visible: an error in the log and a count
 * (the metric {@code indaba.network.in.transaction}).
 */
class NetworkGuardTest {
  @Test
  void aNetworkCallInsideATransactionIsCountedAndLoggedAsAnError() {
    try (Database db = new Database(TestDatabase.freshDatabaseUrl(), "postgres", "", 2);
        CapturedLog log = new CapturedLog(NetworkGuard.class.getName())) {
      long before = NetworkGuard.violations();
      db.txRun(tx -> NetworkGuard.beforeNetworkCall("a call made too early"));
      assertThat(NetworkGuard.violations()).isEqualTo(before + 1);
      assertThat(log.warnings()).anyMatch(line -> line.contains("a call made too early"));

      // after the commit, and in a savepoint's parent after the savepoint ends, the thread is out
      db.txRun(tx -> db.txRun(inner -> {}));
      NetworkGuard.beforeNetworkCall("a call made after the commit");
      assertThat(NetworkGuard.violations()).isEqualTo(before + 1);
      assertThat(NetworkGuard.inTransaction()).isFalse();
    }
  }
}
