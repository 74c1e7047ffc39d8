// expect: java/unvalidated-input
import com.sun.net.httpserver.HttpExchange;
class HeaderEcho {
    void handle(HttpExchange exchange) {
        String language = exchange.getRequestHeaders().getFirst("Accept-Language");
        exchange.getResponseHeaders().add("X-Lang", "x");
        response(exchange).setHeader("Content-Language", language);
    }
    javax.servlet.http.HttpServletResponse response(HttpExchange exchange) {
        return null;
    }
}
