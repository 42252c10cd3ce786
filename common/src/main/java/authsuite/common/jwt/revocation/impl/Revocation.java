package authsuite.common.jwt.revocation.impl;

/**
 * One revocation in force until {@code untilMs} (epoch ms). For {@link Kind#USER} it revokes every token of the
 * user issued at or before {@code notBeforeMs} (epoch ms); for the other kinds it is 0. A whole-second {@code iat}
 * counts from the start of its second, so a token of the revocation's own second is revoked with it
 * (docs/threat-model.md, "revocation in the same second").
 */
record Revocation(Kind kind, String id, long untilMs, long notBeforeMs) {

  enum Kind {
    TOKEN("jti", "revoke_token", "jti"),
    SESSION("session", "revoke_session", "session_id"),
    FAMILY("family", "revoke_family", "family_id"),
    USER("user", "revoke_user", "user_id");

    /** Segment of the Redis key and name in {@code status()}. */
    final String label;
    final String eventType;
    /** Field of the event's data naming the revoked thing. */
    final String idField;

    Kind(String label, String eventType, String idField) {
      this.label = label;
      this.eventType = eventType;
      this.idField = idField;
    }

    static Kind ofLabel(String label) {
      for (Kind kind : values()) {
        if (kind.label.equals(label)) {
          return kind;
        }
      }
      return null;
    }

    static Kind ofEventType(String type) {
      for (Kind kind : values()) {
        if (kind.eventType.equals(type)) {
          return kind;
        }
      }
      return null;
    }
  }
}
