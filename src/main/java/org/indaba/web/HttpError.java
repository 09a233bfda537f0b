package org.indaba.web;

import java.util.Map;

/**
 * The few failures a use case reports to its caller. One table in {@link WebServer} maps them to
 * status codes and error pages; the message is a bundle key, translated when shown.
 */
public class HttpError extends RuntimeException {
  private final int status;
  private final String messageKey;
  private final transient Object[] args;

  public HttpError(int status, String messageKey, Object... args) {
    super(messageKey);
    this.status = status;
    this.messageKey = messageKey;
    this.args = args;
  }

  public int status() {
    return status;
  }

  public String messageKey() {
    return messageKey;
  }

  public Object[] args() {
    return args;
  }

  public static HttpError notFound() {
    return new HttpError(404, "error.notFound");
  }

  public static HttpError forbidden() {
    return new HttpError(403, "error.forbidden");
  }

  public static HttpError badRequest(String key, Object... args) {
    return new HttpError(400, key, args);
  }

  public static HttpError conflict(String key, Object... args) {
    return new HttpError(409, key, args);
  }

  public static HttpError tooLarge(String key, Object... args) {
    return new HttpError(413, key, args);
  }

  public static HttpError tooManyRequests() {
    return new HttpError(429, "error.tooManyRequests");
  }

  /** Not signed in: pages redirect to the login form, the API answers 401. */
  public static final class Unauthenticated extends HttpError {
    public Unauthenticated() {
      super(401, "error.unauthenticated");
    }
  }

  /** Form input that breaks a rule; field name to message key. */
  public static final class Invalid extends HttpError {
    private final Map<String, String> fieldErrors;

    public Invalid(Map<String, String> fieldErrors) {
      super(400, "error.invalid");
      this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public static Invalid of(String field, String key) {
      return new Invalid(Map.of(field, key));
    }

    public Map<String, String> fieldErrors() {
      return fieldErrors;
    }
  }
}
