// expect: none
import javax.servlet.http.*;
class CheckedRedirect extends HttpServlet {
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        String next = request.getParameter("next");
        if (next == null || !next.matches("/[a-z/]*")) {
            next = "/";
        }
        response.sendRedirect(next);
    }
}
