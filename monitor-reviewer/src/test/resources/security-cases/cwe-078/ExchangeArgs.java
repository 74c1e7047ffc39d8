// expect: java/os-command-injection
import com.sun.net.httpserver.HttpExchange;
class ExchangeArgs {
    void handle(HttpExchange exchange) throws java.io.IOException {
        String query = exchange.getRequestURI().getQuery();
        ProcessBuilder builder = new ProcessBuilder();
        builder.command("grep", query, "/var/log/app.log");
        builder.start();
    }
}
