package org.indaba.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed double-submit tokens: every browser holds a random cookie, and every form carries
 * HMAC(secret, cookie). A page on another site can make the browser send the cookie but can neither
 * read it nor compute the signature. The secret is shared by all server processes.
 */
public final class Csrf {
  public static final String COOKIE = "indaba_csrf";
  public static final String FIELD = "_csrf";
  public static final String HEADER = "X-CSRF-Token";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] secret;

  public Csrf(byte[] secret) {
    this.secret = secret.clone();
  }

  public static String newCookieValue() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public String tokenFor(String cookieValue) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] sig = mac.doFinal(("csrf:" + cookieValue).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean verify(String cookieValue, String token) {
    if (cookieValue == null || cookieValue.isEmpty() || token == null || token.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(
        tokenFor(cookieValue).getBytes(StandardCharsets.US_ASCII),
        token.getBytes(StandardCharsets.US_ASCII));
  }
}
