/**
 * Reading incoming mail without database or network: {@link org.indaba.mail.in.MailParser} turns
 * raw RFC 5322 bytes into a {@link org.indaba.mail.in.ParsedMail}, {@link
 * org.indaba.mail.in.ReplyTrimmer} separates the author's words from quotes and signatures, {@link
 * org.indaba.mail.in.AutomatedMail} recognises auto-replies and bounces, {@link
 * org.indaba.mail.in.AuthenticationResults} reads the receiving host's DMARC verdict and {@link
 * org.indaba.mail.in.MboxReader} streams messages out of mbox archives.
 *
 * <p>Nothing here throws on malformed mail; results carry data and codes, never prose.
 */
package org.indaba.mail.in;
