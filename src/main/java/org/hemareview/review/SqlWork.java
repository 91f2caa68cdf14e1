package org.hemareview.review;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work run inside one workspace transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
