package org.indaba.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the named loggers write during a test that provokes errors on purpose, instead of
 * printing it, so that the test can look at it and the build log stays quiet. Restores the loggers
 * on close.
 */
public final class CapturedLog implements AutoCloseable {
  private record Saved(Logger logger, Level level, boolean additive) {}

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final List<Saved> saved = new ArrayList<>();

  public CapturedLog(String... loggerNames) {
    appender.start();
    for (String name : loggerNames) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      saved.add(new Saved(logger, logger.getLevel(), logger.isAdditive()));
      logger.setAdditive(false);
      logger.setLevel(Level.INFO);
      logger.addAppender(appender);
    }
  }

  /** The formatted messages written so far at WARN or above. */
  public List<String> warnings() {
    synchronized (appender) {
      return appender.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  @Override
  public void close() {
    for (Saved s : saved) {
      s.logger().detachAppender(appender);
      s.logger().setLevel(s.level());
      s.logger().setAdditive(s.additive());
    }
    appender.stop();
  }
}
