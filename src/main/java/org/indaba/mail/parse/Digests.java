package org.indaba.mail.parse;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

final class Digests {
  private Digests() {}

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (java.security.MessageDigest contract).
      throw new IllegalStateException(e);
    }
  }
}
