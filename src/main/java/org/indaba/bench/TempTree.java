package org.indaba.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory of a benchmark's own under the system's temporary directory, removed with all it
 * holds (a database, an index) when the benchmark ends, so repeated runs do not fill the disk.
 */
final class TempTree implements AutoCloseable {
  private final Path root;

  private TempTree(Path root) {
    this.root = root;
  }

  static TempTree create(String prefix) throws IOException {
    return new TempTree(Files.createTempDirectory(prefix));
  }

  Path path() {
    return root;
  }

  @Override
  public void close() throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      // deepest first, so each directory is empty when its turn comes
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
