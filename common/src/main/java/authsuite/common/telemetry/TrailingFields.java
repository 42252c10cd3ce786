package authsuite.common.telemetry;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.argument.StructuredArgument;

/**
 * For the text format: the {@code kv(...)} fields of a line that its message does not show, as {@code key=value},
 * so that a developer reading a terminal sees what the JSON line would carry (an error, a port) and not less; a value
 * the message already shows is not repeated.
 */
public final class TrailingFields extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    Object[] arguments = event.getArgumentArray();
    if (arguments == null) {
      return "";
    }
    int shown = placeholders(event.getMessage());
    String message = event.getFormattedMessage();
    StringBuilder fields = new StringBuilder();
    for (int i = shown; i < arguments.length; i++) {
      if (arguments[i] instanceof StructuredArgument field && !alreadyShown(field, message)) {
        fields.append(' ').append(field);
      }
    }
    return fields.toString();
  }

  /** kv(...) renders as key=value: a value of a few characters or more found in the message is shown already. */
  private static boolean alreadyShown(StructuredArgument field, String message) {
    String rendered = field.toString();
    int equals = rendered.indexOf('=');
    String value = equals < 0 ? rendered : rendered.substring(equals + 1);
    return message != null && value.length() > 3 && message.contains(value);
  }

  private static int placeholders(String message) {
    int count = 0;
    for (int at = message == null ? -1 : message.indexOf("{}"); at >= 0; at = message.indexOf("{}", at + 2)) {
      count++;
    }
    return count;
  }
}
