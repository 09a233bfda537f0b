package org.indaba.search;

import java.util.List;

/** Counts over all hits of the query (not only the page), most frequent first. */
public record SearchFacets(
    List<FacetCount> types,
    List<FacetCount> discussions,
    List<FacetCount> weeks,
    List<FacetCount> languages,
    List<FacetCount> countries,
    List<FacetCount> kinds,
    List<FacetCount> topics) {

  /** Facets without the library's dimensions. */
  public SearchFacets(
      List<FacetCount> types,
      List<FacetCount> discussions,
      List<FacetCount> weeks,
      List<FacetCount> languages,
      List<FacetCount> countries) {
    this(types, discussions, weeks, languages, countries, List.of(), List.of());
  }

  public static final SearchFacets EMPTY =
      new SearchFacets(List.of(), List.of(), List.of(), List.of(), List.of());
}
