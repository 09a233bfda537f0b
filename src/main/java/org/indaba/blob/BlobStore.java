package org.indaba.blob;

import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Uploaded files, addressed by the SHA-256 of their content: the same file uploaded twice is stored
 * once. The default implementation keeps them in PostgreSQL so that every server process sees every
 * file; another store (a directory, an object store) only has to keep this contract.
 */
public interface BlobStore {
  /** Stores the bytes (inside the caller's transaction) and returns their hex SHA-256. */
  String put(DSLContext tx, byte[] content);

  Optional<byte[]> get(String sha256);
}
