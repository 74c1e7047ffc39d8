// expect: java/hardcoded-credentials
import java.sql.*;
class ConnectionLiteral {
    Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://db/app", "app", "hunter2!");
    }
}
