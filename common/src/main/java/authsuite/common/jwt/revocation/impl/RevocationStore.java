package authsuite.common.jwt.revocation.impl;

import io.vertx.core.Future;

import java.util.function.Consumer;

/** Where revocations outlive an instance: what a starting or reconnecting instance reloads its mirror from. */
interface RevocationStore {

  /** Records it, never shortening what is held: the later until, and for a user the later not-before. */
  Future<Void> write(Revocation revocation);

  /** Hands every revocation still in force to {@code sink}. */
  Future<Void> loadInto(Consumer<Revocation> sink);
}
