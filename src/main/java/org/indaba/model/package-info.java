/**
 * The few types every feature shares and none owns: who is asking ({@link
 * org.indaba.model.Viewer}), why a use case says no ({@link org.indaba.model.Refusal}, with a
 * contribution {@link org.indaba.model.Reason}) and what kind of content something is ({@link
 * org.indaba.model.ContentKind}). It imports nothing of Indaba; the web maps refusals to statuses
 * and pages, mail maps reasons to rejections.
 */
package org.indaba.model;
