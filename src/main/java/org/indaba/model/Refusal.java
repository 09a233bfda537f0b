package org.indaba.model;

import java.util.Map;
import java.util.Optional;

/**
 * A use case saying no: what kind of no, the message key (and arguments) that says why in the
 * reader's language, and for contributions the {@link Reason}. Services throw it; the web maps the
 * {@link Kind} to a status and an error page or problem+json in one table ({@code WebServer}), mail
 * maps the {@link Reason} to a rejection notice.
 */
public class Refusal extends RuntimeException {

  /** What kind of refusal; each has one HTTP status in the web's table. */
  public enum Kind {
    NOT_FOUND,
    UNAUTHENTICATED,
    FORBIDDEN,
    CONFLICT,
    /** Bad input; {@link Invalid} adds the fields at fault. */
    INVALID,
    TOO_LARGE,
    UNSUPPORTED_TYPE,
    TOO_MANY,
    /** A service this one depends on is down (machine translation). */
    UNAVAILABLE
  }

  private final Kind kind;
  private final String messageKey;
  private final transient Object[] args;
  private final Reason reason;

  public Refusal(Kind kind, Reason reason, String messageKey, Object... args) {
    super(messageKey);
    this.kind = kind;
    this.reason = reason;
    this.messageKey = messageKey;
    this.args = args;
  }

  public Refusal(Kind kind, String messageKey, Object... args) {
    this(kind, null, messageKey, args);
  }

  public Kind kind() {
    return kind;
  }

  public String messageKey() {
    return messageKey;
  }

  public Object[] args() {
    return args;
  }

  /** Why a contribution was refused; empty for other use cases. */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }

  public static Refusal notFound() {
    return new Refusal(Kind.NOT_FOUND, "error.notFound");
  }

  public static Refusal notFound(Reason reason) {
    return new Refusal(Kind.NOT_FOUND, reason, "error.notFound");
  }

  public static Refusal forbidden() {
    return new Refusal(Kind.FORBIDDEN, "error.forbidden");
  }

  public static Refusal forbidden(String key, Object... args) {
    return new Refusal(Kind.FORBIDDEN, key, args);
  }

  public static Refusal badRequest(String key, Object... args) {
    return new Refusal(Kind.INVALID, key, args);
  }

  public static Refusal conflict(String key, Object... args) {
    return new Refusal(Kind.CONFLICT, key, args);
  }

  public static Refusal tooLarge(String key, Object... args) {
    return new Refusal(Kind.TOO_LARGE, key, args);
  }

  public static Refusal tooManyRequests() {
    return new Refusal(Kind.TOO_MANY, "error.tooManyRequests");
  }

  public static Refusal unavailable(String key, Object... args) {
    return new Refusal(Kind.UNAVAILABLE, key, args);
  }

  /** Nobody is signed in (or the token is not valid): the web asks to sign in. */
  public static final class Unauthenticated extends Refusal {
    public Unauthenticated() {
      super(Kind.UNAUTHENTICATED, "error.unauthenticated");
    }
  }

  /** Bad input, with a message key for each field at fault. */
  public static final class Invalid extends Refusal {
    private final Map<String, String> fieldErrors;

    public Invalid(Map<String, String> fieldErrors) {
      this(fieldErrors, null);
    }

    public Invalid(Map<String, String> fieldErrors, Reason reason) {
      super(Kind.INVALID, reason, "error.invalid");
      this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public static Invalid of(String field, String key) {
      return new Invalid(Map.of(field, key));
    }

    public static Invalid of(String field, String key, Reason reason) {
      return new Invalid(Map.of(field, key), reason);
    }

    public Map<String, String> fieldErrors() {
      return fieldErrors;
    }
  }
}
