package org.indaba.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code bin/indaba} says which JDK it chose before it runs a command. */
class LauncherTest {
  @Test
  void theLauncherPrintsTheJdkItChose() throws Exception {
    String home = System.getProperty("java.home");
    ProcessBuilder pb =
        new ProcessBuilder("sh", "bin/indaba", "no-such-command").redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", home);
    Process p = pb.directory(new File(System.getProperty("user.dir"))).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out)
        .contains("Indaba: using the JDK in " + home)
        .contains("version \"" + Runtime.version().feature())
        .contains("Unknown command 'no-such-command'");
    assertThat(p.exitValue()).isEqualTo(2);
  }
}
