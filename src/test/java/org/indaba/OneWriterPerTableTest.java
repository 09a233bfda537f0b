package org.indaba;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Features may read any table; one feature writes each. Read from the sources: every jOOQ {@code
 * insertInto}, {@code update}, {@code deleteFrom} or {@code mergeInto} of a generated table is
 * credited to the feature (top package under {@code org.indaba}) whose code holds it.
 */
class OneWriterPerTableTest {
  private static final Pattern WRITE =
      Pattern.compile("\\.(?:insertInto|update|deleteFrom|mergeInto)\\(\\s*([A-Z][A-Z0-9_]+)\\b");

  /**
   * The one shape where two packages write one table: rows one feature writes for a consumer, which
   * only marks them done. The bookkeeping tables {@code db.Changes} fills, and the week summaries
   * and closings whose mail is claimed once ({@code announced_at}, {@code mailed_at}) by the mail
   * feature.
   */
  private static final Map<String, Set<String>> OUTBOXES =
      Map.of(
          "DOMAIN_EVENT", Set.of("db", "mail"),
          "SEARCH_OUTBOX", Set.of("db", "search"),
          "WEEK_SUMMARY", Set.of("consolidated", "mail"),
          "DISCUSSION_CLOSING", Set.of("discussion", "mail"));

  static Map<String, Set<String>> writers() throws IOException {
    Path root = Path.of("src/main/java/org/indaba");
    Map<String, Set<String>> writers = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String feature = root.relativize(file).getName(0).toString();
        if (feature.equals("bench")
            || file.toString().contains("/db/schema/")
            || file.toString().contains("/db/migration/")) {
          continue; // benchmarks load their own data; the schema is generated; migrations move data
        }
        Matcher m = WRITE.matcher(Files.readString(file));
        while (m.find()) {
          writers.computeIfAbsent(m.group(1), t -> new TreeSet<>()).add(feature);
        }
      }
    }
    return writers;
  }

  @Test
  void everyTableIsWrittenByOneFeatureOnly() throws IOException {
    Map<String, Set<String>> shared = new TreeMap<>();
    writers()
        .forEach(
            (table, features) -> {
              boolean outbox =
                  OUTBOXES.containsKey(table) && OUTBOXES.get(table).containsAll(features);
              if (features.size() > 1 && !outbox) {
                shared.put(table, features);
              }
            });
    assertThat(shared).as("tables written by more than one feature").isEmpty();
  }

  @Test
  void theContributionTableIsWrittenByTheDiscussionFeature() throws IOException {
    assertThat(writers().get("CONTRIBUTION")).containsExactly("discussion");
  }
}
