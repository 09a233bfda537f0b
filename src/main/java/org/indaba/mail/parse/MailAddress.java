package org.indaba.mail.parse;

/**
 * A mailbox: the address, with the domain lower-cased (domains are case-insensitive, RFC 5321
 * section 2.4; the local part is left alone because it need not be), and the display name decoded,
 * or null when there is none.
 */
public record MailAddress(String address, String displayName) {}
