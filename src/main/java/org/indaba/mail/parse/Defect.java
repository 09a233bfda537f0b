package org.indaba.mail.parse;

/** Problems found while parsing. The message is still parsed as far as it could be read. */
public enum Defect {
  /** NUL bytes were found and removed. */
  NUL_BYTES,
  /** The MIME parser reported malformed structure: bad header lines, truncated parts. */
  MALFORMED_MIME,
  /** A multipart part had no boundary parameter; one was guessed from the content if possible. */
  MISSING_BOUNDARY,
  /** A declared charset was unknown; the text was decoded as UTF-8 or windows-1252. */
  UNKNOWN_CHARSET,
  /** The MIME tree was nested deeper than the parser follows; deeper parts were not read. */
  TOO_DEEP,
  /** The input could not be read as a message at all; only what was salvaged is present. */
  UNREADABLE
}
