/**
 * The inbound mail pipeline: {@link org.indaba.mail.in.SmtpListener} and {@link
 * org.indaba.mail.in.MailIntake} accept messages durably, {@link
 * org.indaba.mail.in.InboundProcessor} routes each stored message (contribution, reply, command,
 * bounce), {@link org.indaba.mail.in.MailPosting} posts through the contribution service and {@link
 * org.indaba.mail.in.MailNotices} answers the sender. Reading the bytes themselves is {@code
 * org.indaba.mail.parse}'s job.
 */
package org.indaba.mail.in;
