// expect: none
import java.util.Set;
import javax.servlet.http.*;
class AllowListed extends HttpServlet {
    private static final Set<String> HOSTS = Set.of("db1", "db2");
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        String host = request.getParameter("host");
        if (!HOSTS.contains(host)) {
            response.sendError(400);
            return;
        }
        new ProcessBuilder("ping", "-c", "1", host).start();
    }
}
