// expect: none
import java.sql.*;
class BoundParameters {
    private static final String TABLE = "users";
    ResultSet find(Connection connection, String name) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("select * from " + TABLE + " where name = ?");
        statement.setString(1, name);
        return statement.executeQuery();
    }
}
