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
      default -> {
        System.err.println("Unknown command '" + command + "'. Commands: serve [--demo]");
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
