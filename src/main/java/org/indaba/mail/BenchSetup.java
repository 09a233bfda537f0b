package org.indaba.mail;

import org.indaba.app.App;

/** The discussion the mail benchmark writes to: open, unmoderated, its first week published. */
final class BenchSetup {
  private BenchSetup() {}

  static String openDiscussion(App app) {
    throw new UnsupportedOperationException("needs the discussion service");
  }
}
