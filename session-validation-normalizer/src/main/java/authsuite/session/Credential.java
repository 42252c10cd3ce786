package authsuite.session;

/**
 * A credential found on a request, and where: {@code bearer}, {@code cookie}, {@code header} or {@code body}.
 * What it is comes from its form, wherever it was found: three dot-separated parts make a JWT, anything else
 * is taken as an opaque session id (and refused as malformed if it is not one of ours).
 */
record Credential(String value, String form) {

  boolean isJwt() {
    int first = value.indexOf('.');
    int second = first < 0 ? -1 : value.indexOf('.', first + 1);
    return first > 0 && second > first + 1 && value.indexOf('.', second + 1) < 0;
  }
}
