package org.indaba.blob;

import static org.indaba.db.schema.Tables.BLOB;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;
import org.jooq.DSLContext;

/** Blobs in the {@code blob} table; the checksum is the primary key, so writes are idempotent. */
public final class PostgresBlobStore implements BlobStore {
  private final DSLContext dsl;
  private final Clock clock;

  public PostgresBlobStore(DSLContext dsl, Clock clock) {
    this.dsl = dsl;
    this.clock = clock;
  }

  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String put(DSLContext tx, byte[] content) {
    String sum = sha256(content);
    tx.insertInto(BLOB)
        .set(BLOB.SHA256, sum)
        .set(BLOB.SIZE_BYTES, (long) content.length)
        .set(BLOB.CONTENT, content)
        .set(BLOB.CREATED_AT, OffsetDateTime.now(clock))
        .onConflictDoNothing()
        .execute();
    return sum;
  }

  @Override
  public Optional<byte[]> get(String sha256) {
    return dsl.select(BLOB.CONTENT)
        .from(BLOB)
        .where(BLOB.SHA256.eq(sha256))
        .fetchOptional(BLOB.CONTENT);
  }
}
