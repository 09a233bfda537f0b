package org.indaba.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TempTreeTest {

  @Test
  void closingTheTreeRemovesItWithEverythingItHolds() throws Exception {
    Path root;
    try (TempTree tree = TempTree.create("indaba-temp-tree-test")) {
      root = tree.path();
      Path nested = Files.createDirectories(root.resolve("postgres").resolve("base"));
      Files.writeString(nested.resolve("16384"), "a relation");
      Files.writeString(root.resolve("postmaster.pid"), "1234");
      assertThat(root).isDirectory();
    }
    assertThat(root).doesNotExist();
  }

  @Test
  void aTreeAlreadyGoneIsNoError() throws Exception {
    TempTree tree = TempTree.create("indaba-temp-tree-test");
    Files.delete(tree.path());
    tree.close();
    assertThat(tree.path()).doesNotExist();
  }
}
