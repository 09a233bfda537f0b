/**
 * Languages of contributions. Detection labels texts for search analysis and translation and
 * prefers answering "und" to guessing.
 */
package org.indaba.i18n;
