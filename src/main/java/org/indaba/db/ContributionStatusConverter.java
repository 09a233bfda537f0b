package org.indaba.db;

import org.indaba.model.ContributionStatus;
import org.jooq.Converter;

/**
 * Reads and writes {@link ContributionStatus} as its stored name; the jOOQ code generator applies
 * it to {@code contribution.status} and {@code resource_comment.status} (see the forced types in
 * {@code pom.xml}).
 */
public final class ContributionStatusConverter implements Converter<String, ContributionStatus> {
  @Override
  public ContributionStatus from(String stored) {
    return stored == null ? null : ContributionStatus.fromCode(stored);
  }

  @Override
  public String to(ContributionStatus status) {
    return status == null ? null : status.code();
  }

  @Override
  public Class<String> fromType() {
    return String.class;
  }

  @Override
  public Class<ContributionStatus> toType() {
    return ContributionStatus.class;
  }
}
