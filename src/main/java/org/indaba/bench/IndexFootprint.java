package org.indaba.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.indaba.search.SearchIndex;
import org.indaba.search.SearchQuery;
import org.indaba.search.SearchRequest;
import org.indaba.search.SortOrder;

/**
 * The memory a server needs to hold an index: a fresh JVM (default settings, as {@code bin/indaba
 * serve} starts it) opens the index, runs the benchmark's queries, and reports its resident set
 * size (heap, code, and the pages of index files it touched) and its heap after a collection.
 */
final class IndexFootprint {

  private static final int ROUNDS = 10;

  record Measured(long rssBytes, long heapBytes, int searches) {}

  private IndexFootprint() {}

  /** Runs {@link #main} in a child JVM over {@code indexDir} and reads its answer. */
  static Measured inChildProcess(Path indexDir, List<SearchBenchmark.BenchQuery> queries)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // the same JVM options as this one, except profiling and heap sizing chosen for the load
      if (!arg.startsWith("-XX:StartFlightRecording") && !arg.startsWith("-Xm")) {
        command.add(arg);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(IndexFootprint.class.getName());
    command.add(indexDir.toString());
    for (SearchBenchmark.BenchQuery q : queries) {
      command.add(q.lucene());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String last = null;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        last = line;
      }
    }
    if (process.waitFor() != 0 || last == null || !last.startsWith("footprint ")) {
      throw new IOException("footprint process failed: " + last);
    }
    String[] parts = last.split(" ");
    return new Measured(
        Long.parseLong(parts[1]), Long.parseLong(parts[2]), Integer.parseInt(parts[3]));
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int searches = 0;
    try (SearchIndex index = SearchIndex.open(dir)) {
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 1; i < args.length; i++) {
          index.search(new SearchRequest(SearchQuery.parse(args[i]), SortOrder.RELEVANCE, 1, 10));
          searches++;
        }
      }
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(100);
      }
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      System.out.println("footprint " + rssBytes() + " " + heap + " " + searches);
    }
  }

  /** Resident set size of this process, from /proc (0 where there is none). */
  static long rssBytes() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }
}
