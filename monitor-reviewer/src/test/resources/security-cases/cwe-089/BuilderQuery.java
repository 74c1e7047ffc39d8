// expect: java/sql-injection
import java.sql.*;
class BuilderQuery {
    void run(Statement statement, String user) throws SQLException {
        StringBuilder sql = new StringBuilder("update t set seen = 1 where user = '");
        sql.append(user).append("'");
        statement.execute(sql.toString());
    }
}
