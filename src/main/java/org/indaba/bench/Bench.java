package org.indaba.bench;

import java.util.Arrays;
import java.util.List;
import org.indaba.app.Config;

/**
 * The benchmarks' own entry point, {@code bin/indaba bench pages|search|mail}: {@code bench search
 * [--size N]} ({@link SearchBenchmark}), {@code bench pages [--requests N] [--concurrency N]}
 * ({@link PagesBenchmark}) and {@code bench mail} ({@link MailBench}). Nothing in the server
 * depends on this package.
 */
public final class Bench {
  private Bench() {}

  /** Takes the arguments after {@code bench}, or with {@code bench} as the first one. */
  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    if (!a.isEmpty() && a.get(0).equals("bench")) {
      a = a.subList(1, a.size());
    }
    Config config;
    try {
      config = Config.fromEnv(System.getenv());
    } catch (Config.Invalid e) {
      System.err.println("Indaba cannot start: invalid configuration\n" + e.getMessage());
      System.exit(2);
      return;
    }
    String what = a.isEmpty() ? "" : a.get(0);
    switch (what) {
      case "pages" ->
          PagesBenchmark.run(
              200, intOption(a, "--concurrency", 8), intOption(a, "--requests", 2000), System.out);
      case "search" -> SearchBenchmark.run(intOption(a, "--size", 100_000), System.out);
      case "mail" -> MailBench.run(config);
      default -> {
        System.err.println(
            "Usage: bench search [--size N] | bench pages [--requests N] [--concurrency N] | bench mail");
        System.exit(2);
      }
    }
  }

  private static int intOption(List<String> args, String name, int def) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1).replace("_", "")) : def;
  }
}
