package org.indaba.search;

/**
 * One facet value: {@code value} is what a filter takes, {@code label} what to show (a discussion's
 * title).
 */
public record FacetCount(String value, String label, long count) {}
