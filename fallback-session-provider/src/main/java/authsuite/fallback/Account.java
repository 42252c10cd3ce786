package authsuite.fallback;

/** A user who may sign in with a password: from the users table, or from the break-glass file. */
record Account(String userId, String email, String username, String passwordHash, boolean active, String source) {
  static final String USERS_TABLE = "users_table";
  static final String BREAK_GLASS = "break_glass";
}
