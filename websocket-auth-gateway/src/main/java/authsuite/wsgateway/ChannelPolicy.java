package authsuite.wsgateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may do what on which channel, from {@code WS_POLICY}: {@code {"<role>": {"<channel pattern>": ["<action>"]}}}.
 * In a pattern {@code *} stands for any run of characters ({@code rooms.*} covers {@code rooms.42} and
 * {@code rooms.a.b}); the role {@code *} is every authenticated identity and the action {@code *} every action.
 * Nothing is allowed that no rule allows: an empty policy denies everything.
 */
final class ChannelPolicy {
  static final String ANY = "*";

  private record Rule(String role, String pattern, Pattern channel, Set<String> actions) {
    boolean allows(Collection<String> roles, String channel, String action) {
      return (ANY.equals(role) || roles.contains(role)) && (actions.contains(ANY) || actions.contains(action))
          && this.channel.matcher(channel).matches();
    }
  }

  private final List<Rule> rules;

  private ChannelPolicy(List<Rule> rules) {
    this.rules = rules;
  }

  static ChannelPolicy parse(JsonObject policy) {
    List<Rule> rules = new ArrayList<>();
    for (String role : policy.fieldNames()) {
      JsonObject channels = policy.getJsonObject(role);
      for (String pattern : channels.fieldNames()) {
        JsonArray actions = channels.getJsonArray(pattern);
        rules.add(new Rule(role, pattern, glob(pattern), Set.copyOf(actions.getList())));
      }
    }
    return new ChannelPolicy(List.copyOf(rules));
  }

  /** The first rule that allows it, as {@code role -> pattern}, or null when none does. */
  String allowedBy(Collection<String> roles, String channel, String action) {
    for (Rule rule : rules) {
      if (rule.allows(roles, channel, action)) {
        return rule.role() + " -> " + rule.pattern();
      }
    }
    return null;
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      if (!part.isEmpty()) {
        regex.append(Pattern.quote(part));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
