// expect: java/secret-logged
import org.slf4j.Logger;
class LoggedPassword {
    private static final Logger log = org.slf4j.LoggerFactory.getLogger(LoggedPassword.class);
    void login(String user, String password) {
        log.info("login {} with {}", user, password);
    }
}
