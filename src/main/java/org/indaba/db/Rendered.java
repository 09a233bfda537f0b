package org.indaba.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Converter;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.InsertSetMoreStep;
import org.jooq.InsertSetStep;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.NoDataFoundException;
import org.jooq.exception.TooManyRowsException;
import org.jooq.impl.DSL;

/**
 * A statement written once with jOOQ's DSL, its values as {@linkplain #placeholder named
 * placeholders}, and rendered to SQL once. jOOQ otherwise renders a query's whole syntax tree again
 * at every execution, which for the statements every mailed post runs (its insert, its sender's
 * rate counter) cost more CPU than sending them.
 *
 * <p>The statement runs on the transaction's own connection as a JDBC prepared statement of that
 * SQL, each value bound as a parameter of its placeholder's type (converters applied), and rows
 * read back through jOOQ. It counts in {@link Database#statements()} like any other. Each
 * placeholder must appear once in the statement (an upsert refers to the proposed row as {@code
 * excluded}); {@link #of} refuses a statement where one appears twice, since its values could not
 * be told apart.
 */
public final class Rendered {
  private static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES);

  private final String sql;
  private final List<DataType<?>> types;

  private Rendered(String sql, List<DataType<?>> types) {
    this.sql = sql;
    this.types = types;
  }

  /** Renders {@code query}, whose placeholders take the values in the order they appear. */
  public static Rendered of(Query query) {
    String sql = RENDERER.render(query);
    List<DataType<?>> types = new ArrayList<>();
    for (Param<?> p : query.getParams().values()) {
      if (!p.isInline()) {
        types.add(p.getDataType());
      }
    }
    if (types.size() != query.getBindValues().size()) {
      throw new IllegalArgumentException("A placeholder appears more than once in " + sql);
    }
    return new Rendered(sql, List.copyOf(types));
  }

  /** A placeholder for a value of {@code field}, named after it. */
  public static <T> Param<T> placeholder(Field<T> field) {
    return DSL.param(field.getName(), field);
  }

  /**
   * An insert into {@code table} that sets each of {@code fields} from a placeholder of its own, in
   * the order given, to go on with (constants, a conflict clause, what it returns).
   */
  public static <R extends Record> InsertSetMoreStep<R> insertOf(
      Table<R> table, Field<?>... fields) {
    if (fields.length == 0) {
      throw new IllegalArgumentException("An insert sets at least one field");
    }
    InsertSetMoreStep<R> insert = first(DSL.insertInto(table), fields[0]);
    for (int i = 1; i < fields.length; i++) {
      insert = next(insert, fields[i]);
    }
    return insert;
  }

  private static <R extends Record, T> InsertSetMoreStep<R> first(
      InsertSetStep<R> insert, Field<T> field) {
    return insert.set(field, placeholder(field));
  }

  private static <R extends Record, T> InsertSetMoreStep<R> next(
      InsertSetMoreStep<R> insert, Field<T> field) {
    return insert.set(field, placeholder(field));
  }

  /** The SQL sent, with a {@code ?} for each value. */
  public String sql() {
    return sql;
  }

  /** Runs the statement with these values; returns the rows it changed. */
  public int execute(DSLContext tx, Object... values) {
    return run(tx, values, null);
  }

  /** Runs a statement that returns exactly one row of {@code table}. */
  public <R extends Record> R fetchSingle(DSLContext tx, Table<R> table, Object... values) {
    return single(run(tx, values, rs -> tx.fetch(rs, table.fields()))).into(table);
  }

  /** Runs a statement that returns exactly one row, and reads {@code field} of it. */
  public <T> T fetchSingle(DSLContext tx, Field<T> field, Object... values) {
    return single(run(tx, values, rs -> tx.fetch(rs, field))).get(field);
  }

  /** Runs a statement that returns at most one row, and reads {@code field} of it. */
  public <T> Optional<T> fetchOptional(DSLContext tx, Field<T> field, Object... values) {
    Result<Record> rows = run(tx, values, rs -> tx.fetch(rs, field));
    if (rows.size() > 1) {
      throw new TooManyRowsException("More than one row from " + sql);
    }
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0).get(field));
  }

  private Record single(Result<Record> rows) {
    if (rows.isEmpty()) {
      throw new NoDataFoundException("No row from " + sql);
    }
    if (rows.size() > 1) {
      throw new TooManyRowsException("More than one row from " + sql);
    }
    return rows.get(0);
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  @SuppressWarnings("unchecked")
  private <T> T run(DSLContext tx, Object[] values, Reader<T> reader) {
    if (values.length != types.size()) {
      throw new IllegalArgumentException(
          types.size() + " values expected, " + values.length + " given, for " + sql);
    }
    Database.counted();
    return tx.connectionResult(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
              DataType<Object> type = (DataType<Object>) types.get(i);
              Object value =
                  values[i] == null
                      ? null
                      : ((Converter<Object, Object>) type.getConverter()).to(values[i]);
              if (value == null) {
                ps.setNull(i + 1, type.getSQLType());
              } else {
                ps.setObject(i + 1, value);
              }
            }
            if (reader == null) {
              return (T) Integer.valueOf(ps.executeUpdate());
            }
            try (ResultSet rs = ps.executeQuery()) {
              return reader.read(rs);
            }
          } catch (SQLException e) {
            throw new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
          }
        });
  }
}
