package org.indaba.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/** Argon2id with the OWASP minimum (19 MiB, 2 iterations, 1 lane). */
public final class Passwords {
  private static final Argon2Function ARGON2 =
      Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID);

  /** Verified against when the address is unknown, so both cases cost the same time. */
  private static final String DUMMY =
      Password.hash("not a real password").addRandomSalt(16).with(ARGON2).getResult();

  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 200;

  public String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  public boolean verify(String password, String hash) {
    if (hash == null) {
      Password.check(password, DUMMY).with(ARGON2);
      return false;
    }
    return Password.check(password, hash).with(ARGON2);
  }
}
