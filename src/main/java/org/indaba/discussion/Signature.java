package org.indaba.discussion;

/** The signature block shown with every contribution. */
public record Signature(
    Long memberId, String name, String organisation, String city, String country) {}
