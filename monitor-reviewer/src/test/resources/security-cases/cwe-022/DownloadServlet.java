// expect: java/path-traversal
import java.nio.file.*;
import javax.servlet.http.*;
class DownloadServlet extends HttpServlet {
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        Path file = Paths.get("/srv/files", request.getParameter("name"));
        Files.copy(file, response.getOutputStream());
    }
}
