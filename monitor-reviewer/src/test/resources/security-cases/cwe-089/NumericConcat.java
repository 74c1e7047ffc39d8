// expect: none
import java.sql.*;
class NumericConcat {
    void page(Statement statement, int limit, long offset) throws SQLException {
        statement.execute("select * from t limit " + limit + " offset " + offset);
    }
}
