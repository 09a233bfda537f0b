/**
 * Turning what members write into what readers see: Markdown to safe HTML, any HTML to the same
 * safe subset, and plain text for mails and the search index. Nothing here touches the database;
 * citations are resolved through {@link org.indaba.content.CitationResolver}.
 */
package org.indaba.content;
