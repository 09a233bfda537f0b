/**
 * Reading incoming mail without database or network: {@link org.indaba.mail.parse.MailParser} turns
 * raw RFC 5322 bytes into a {@link org.indaba.mail.parse.ParsedMail}, {@link
 * org.indaba.mail.parse.ReplyTrimmer} separates the author's words from quotes and signatures,
 * {@link org.indaba.mail.parse.AutomatedMail} recognises auto-replies and bounces, {@link
 * org.indaba.mail.parse.AuthenticationResults} reads the receiving host's DMARC verdict and {@link
 * org.indaba.mail.parse.MboxReader} streams messages out of mbox archives.
 *
 * <p>Nothing here throws on malformed mail; results carry data and codes, never prose.
 */
package org.indaba.mail.parse;
