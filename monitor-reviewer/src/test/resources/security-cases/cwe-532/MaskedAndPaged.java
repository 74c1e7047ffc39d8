// expect: none
import org.slf4j.Logger;
class MaskedAndPaged {
    private static final Logger log = org.slf4j.LoggerFactory.getLogger(MaskedAndPaged.class);
    void page(String nextToken, String password, Token token) {
        log.debug("next page from {}", nextToken);
        log.info("password has {} characters", password.length());
        log.info("token {}", token);
    }
    record Token(String text) {
    }
}
