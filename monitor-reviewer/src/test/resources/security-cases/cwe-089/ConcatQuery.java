// expect: java/sql-injection
import java.sql.*;
class ConcatQuery {
    ResultSet find(Connection connection, String name) throws SQLException {
        Statement statement = connection.createStatement();
        return statement.executeQuery("select * from users where name = '" + name + "'");
    }
}
