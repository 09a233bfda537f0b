package org.indaba.app;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The command line: {@code serve [--demo]} and the maintenance commands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    String command = a.isEmpty() ? "serve" : a.get(0);
    Config config;
    try {
      config = Config.fromEnv(System.getenv());
    } catch (Config.Invalid e) {
      System.err.println("Indaba cannot start: invalid configuration\n" + e.getMessage());
      System.exit(2);
      return;
    }
    switch (command) {
      case "serve" -> serve(config, a.contains("--demo"));
      case "import-mbox" -> importMbox(config, a);
      case "bench" -> bench(config, a);
      default -> {
        System.err.println("Unknown command '" + command + "'. Commands: serve [--demo], "
            + "import-mbox FILE --discussion SLUG, bench mail");
        System.exit(2);
      }
    }
  }

  /** {@code import-mbox FILE --discussion SLUG}: a mailing-list archive into a discussion. */
  private static void importMbox(Config config, List<String> a) throws Exception {
    int flag = a.indexOf("--discussion");
    if (a.size() < 4 || flag < 0 || flag + 1 >= a.size()) {
      System.err.println("Usage: import-mbox FILE --discussion SLUG");
      System.exit(2);
      return;
    }
    String slug = a.get(flag + 1);
    String file = a.stream().skip(1).filter(x -> !x.equals("--discussion") && !x.equals(slug)).findFirst().orElseThrow();
    // listens on free ports only, so it can run next to a live server on the same database
    try (App app = App.start(config.withPorts(0, 0), Clock.systemUTC())) {
      org.indaba.mail.MboxImport.Counts counts = app.mboxImport.importFile(java.nio.file.Path.of(file), slug,
          System.out::println);
      System.out.println(counts);
    }
  }

  /** {@code bench KIND}: prints measurements of one part of the system. */
  private static void bench(Config config, List<String> a) throws Exception {
    String what = a.size() > 1 ? a.get(1) : "";
    switch (what) {
      case "mail" -> org.indaba.mail.MailBench.run(config);
      default -> {
        System.err.println("Unknown benchmark '" + what + "'. Benchmarks: mail");
        System.exit(2);
      }
    }
  }

  private static void serve(Config config, boolean demo) throws Exception {
    App app = App.start(config, Clock.systemUTC());
    if (demo) {
      Demo.load(app);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }
}
