package authsuite.common.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The log events of some loggers of this JVM, as they were written (message, arguments and structured
 * fields), for tests that assert what a log line must never hold. Close it to detach.
 */
public final class CapturedLogs implements AutoCloseable {
  private final List<Logger> loggers;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLogs(List<Logger> loggers) {
    this.loggers = loggers;
    appender.start();
    loggers.forEach(logger -> logger.addAppender(appender));
  }

  /** Captures what the loggers of these classes (and their children) write from now on. */
  public static CapturedLogs of(Class<?>... sources) {
    return new CapturedLogs(Arrays.stream(sources).map(source -> (Logger) LoggerFactory.getLogger(source)).toList());
  }

  /** Captures what these loggers (and their children) write from now on, for loggers of classes the test cannot name. */
  public static CapturedLogs named(String... loggerNames) {
    return new CapturedLogs(Arrays.stream(loggerNames).map(name -> (Logger) LoggerFactory.getLogger(name)).toList());
  }

  /** Every event so far, one line each: level, formatted message, then every argument as it renders. */
  public List<String> lines() {
    synchronized (appender) {
      return appender.list.stream().map(CapturedLogs::line).toList();
    }
  }

  public String text() {
    return String.join("\n", lines());
  }

  private static String line(ILoggingEvent event) {
    Object[] arguments = event.getArgumentArray() == null ? new Object[0] : event.getArgumentArray();
    String throwable = event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage();
    return event.getLevel() + " " + event.getFormattedMessage() + " "
        + Arrays.stream(arguments).map(String::valueOf).collect(Collectors.joining(" ")) + throwable;
  }

  @Override
  public void close() {
    loggers.forEach(logger -> logger.detachAppender(appender));
    appender.stop();
  }
}
