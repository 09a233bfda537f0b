/**
 * Translations of contributions, themes, discussion introductions and consolidated replies: who may
 * write them (author, discussion moderator, translator), how readers get the version in their
 * interface language with the original one click away, machine drafts from an optional
 * LibreTranslate-compatible service, and the correction of an original's language label. {@link
 * org.indaba.translation.TranslationService#best} gives other features (the weekly announcement
 * mail) the best version of a text for a language.
 */
package org.indaba.translation;
