// expect: java/sql-injection
import java.sql.*;
class FormattedVariable {
    int delete(Connection connection, String table, String id) throws SQLException {
        String sql = String.format("delete from %s where id = '%s'", table, id);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return statement.executeUpdate();
        }
    }
}
