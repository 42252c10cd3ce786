package authsuite.session;

/**
 * A credential found on a request, and where: {@code bearer}, {@code cookie}, {@code header} or {@code body}.
 * What it is comes from its form, wherever it was found: three dot-separated parts make a JWT, anything else
 * is taken as an opaque session id (and refused as malformed if it is not one of ours). A credential found where
 * one of the platform's existing session stores keeps its id (its cookie or header) names that {@code source},
 * which alone decides it.
 */
record Credential(String value, String form, SessionSource source) {

  Credential(String value, String form) {
    this(value, form, null);
  }

  boolean isJwt() {
    int first = value.indexOf('.');
    int second = first < 0 ? -1 : value.indexOf('.', first + 1);
    return first > 0 && second > first + 1 && value.indexOf('.', second + 1) < 0;
  }
}
